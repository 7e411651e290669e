import Foundation
import PaygentFoundation
import Synchronization

/// One paid resource in a facilitator's `bazaar` discovery list (`GET /discovery/resources`), in
/// the reference's shape (`x402/extensions/bazaar/facilitator_client.py`, `DiscoveryResource`).
public struct DiscoveryResource: Sendable, Hashable {
    /// The resource URL.
    public var resource: String
    /// `http`.
    public var type: String
    /// The x402 version of ``accepts``.
    public var x402Version: Int
    /// How it can be paid (v2 requirements).
    public var accepts: [PaymentRequirement]
    /// ISO 8601 time of the last update.
    public var lastUpdated: String
    public var description: String?
    public var mimeType: String?
    /// A display name (untrusted text).
    public var serviceName: String?
    /// Categories (untrusted text); the first is used as the registry category on import.
    public var tags: [String]?

    public init(
        resource: String, type: String = "http", x402Version: Int = 2, accepts: [PaymentRequirement], lastUpdated: String,
        description: String? = nil, mimeType: String? = nil, serviceName: String? = nil, tags: [String]? = nil
    ) {
        self.resource = resource
        self.type = type
        self.x402Version = x402Version
        self.accepts = accepts
        self.lastUpdated = lastUpdated
        self.description = description
        self.mimeType = mimeType
        self.serviceName = serviceName
        self.tags = tags
    }

    /// The wire object, members in the reference's `to_dict` order.
    public func json() -> JSONValue {
        var members = [
            JSONMember("resource", .string(resource)),
            JSONMember("type", .string(type)),
            JSONMember("x402Version", .integer(x402Version)),
            JSONMember("accepts", .array(accepts.map { $0.spelled(forVersion: 2).jsonV2() })),
            JSONMember("lastUpdated", .string(lastUpdated)),
        ]
        if let description { members.append(JSONMember("description", .string(description))) }
        if let mimeType { members.append(JSONMember("mimeType", .string(mimeType))) }
        if let serviceName { members.append(JSONMember("serviceName", .string(serviceName))) }
        if let tags { members.append(JSONMember("tags", .array(tags.map(JSONValue.string)))) }
        return .object(JSONObject(members))
    }

    /// Decodes one item of a discovery list. Requirements this implementation cannot read are
    /// left out of ``accepts`` (and reported in `unusable`).
    public static func decode(_ value: JSONValue, path: String = "item") throws(DecodeError) -> (DiscoveryResource, unusable: [DecodeError]) {
        let r = try FieldReader(value, path: path)
        var accepts: [PaymentRequirement] = []
        var unusable: [DecodeError] = []
        let rawAccepts = r.optional("accepts")?.arrayValue ?? []
        for (i, raw) in rawAccepts.enumerated() {
            do { accepts.append(try PaymentRequirement.decodeV2(raw, path: r.fieldPath("accepts[\(i)]"))) } catch { unusable.append(error) }
        }
        let tags = r.optional("tags")?.arrayValue?.compactMap(\.stringValue)
        var resource = DiscoveryResource(
            resource: try r.string("resource"), type: try r.optionalString("type") ?? "http",
            x402Version: r.optional("x402Version") == nil ? 2 : try r.version(), accepts: accepts,
            lastUpdated: try r.optionalString("lastUpdated") ?? "", description: try r.optionalString("description"),
            mimeType: try r.optionalString("mimeType"), serviceName: try r.optionalString("serviceName"), tags: tags)
        for i in resource.accepts.indices {
            resource.accepts[i].resource = resource.resource
        }
        return (resource, unusable)
    }
}

/// A facilitator's `bazaar` discovery list: the paid resources it knows, by URL. Resources are
/// registered by the seller next to it (the demo's routes) and learnt from the payments it
/// settles (their `resource` and `accepted` requirement, and the `bazaar` extension's metadata).
public final class DiscoveryCatalog: Sendable {
    private let items = Mutex<[String: DiscoveryResource]>([:])
    /// At most this many resources are kept (the oldest updates are dropped first).
    public let capacity: Int
    /// The clock that stamps `lastUpdated`.
    public let clock: any WallClock

    /// A catalogue of at most `capacity` resources, stamped by `clock`.
    public init(capacity: Int = 10_000, clock: any WallClock = SystemClock()) {
        self.capacity = max(1, capacity)
        self.clock = clock
    }

    /// Adds or replaces `resource`.
    public func upsert(_ resource: DiscoveryResource) {
        items.withLock { items in
            items[resource.resource] = resource
            if items.count > capacity, let oldest = items.values.min(by: { $0.lastUpdated < $1.lastUpdated }) {
                items[oldest.resource] = nil
            }
        }
    }

    /// Every priced route of a paywall at `baseURL`.
    public func register(_ paywall: Paywall, baseURL: String) {
        for route in paywall.routes {
            let url = baseURL + route.path
            upsert(DiscoveryResource(
                resource: url, accepts: paywall.offers(route, resourceURL: url), lastUpdated: timestamp(),
                description: route.description, mimeType: route.mimeType,
                serviceName: route.discovery?.serviceName, tags: route.discovery?.tags))
        }
    }

    /// Learns the resource a settled v2 payment paid for.
    public func learn(from payload: PaymentPayload) {
        guard payload.dialect == .v2, let accepted = payload.accepted, let resource = payload.resource, !resource.url.isEmpty else { return }
        let info = payload.extensions?["bazaar"]?.objectValue?["info"]?.objectValue
        let existing = items.withLock { $0[resource.url] }
        var accepts = existing?.accepts ?? []
        if !accepts.contains(where: { $0.isSatisfied(byAccepted: accepted) }) { accepts.append(accepted) }
        upsert(DiscoveryResource(
            resource: resource.url, accepts: accepts, lastUpdated: timestamp(),
            description: resource.description ?? existing?.description, mimeType: resource.mimeType ?? existing?.mimeType,
            serviceName: info?["serviceName"]?.stringValue ?? existing?.serviceName,
            tags: info?["tags"]?.arrayValue?.compactMap(\.stringValue) ?? existing?.tags))
    }

    /// `GET /discovery/resources`: filtered by `type`, `payTo`, `scheme`, `network`, paged by
    /// `limit` (1…1000, default 100) and `offset`, ordered by URL.
    public func list(query: [String: String]) -> PaywallResponse {
        var limit = 100, offset = 0
        if let text = query["limit"] {
            guard let value = Int(text), (1...1000).contains(value) else { return Self.badRequest("limit must be an integer from 1 to 1000") }
            limit = value
        }
        if let text = query["offset"] {
            guard let value = Int(text), value >= 0 else { return Self.badRequest("offset must be a non-negative integer") }
            offset = value
        }
        let payTo = query["payTo"]?.lowercased()
        let all = items.withLock { Array($0.values) }.sorted { $0.resource < $1.resource }.filter { item in
            (query["type"] == nil || item.type == query["type"])
                && (payTo == nil || item.accepts.contains { $0.payTo.lowercasedHex == payTo })
                && (query["scheme"] == nil || item.accepts.contains { $0.scheme == query["scheme"] })
                && (query["network"] == nil || item.accepts.contains { $0.network.caip2.identifier == query["network"] || $0.network.identifier == query["network"] })
        }
        let page = all.dropFirst(offset).prefix(limit)
        return .json(200, .object(JSONObject([
            JSONMember("x402Version", .integer(2)),
            JSONMember("items", .array(page.map { $0.json() })),
            JSONMember("pagination", .object(["limit": .integer(limit), "offset": .integer(offset), "total": .integer(all.count)])),
        ])))
    }

    private static func badRequest(_ message: String) -> PaywallResponse {
        .json(400, .object(["error": .string(message)]))
    }

    func timestamp() -> String { CronosCodec.timestamp(unixSeconds: clock.unixSeconds) }
}
