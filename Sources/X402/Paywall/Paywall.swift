import PaygentEVM
import PaygentFoundation

/// The resource-server side of x402, independent of any HTTP framework.
///
/// For a priced route: no payment → 402 carrying all three dialects at once (the v1 body with
/// `accepts[]`, the Cronos singular `paymentRequirements` in the same body, the v2
/// `PAYMENT-REQUIRED` header); a payment (`PAYMENT-SIGNATURE` or `X-PAYMENT`) → decode → match a
/// requirement → verify with the ``Facilitator`` → run the handler → settle → the handler's response
/// plus `PAYMENT-RESPONSE` / `X-PAYMENT-RESPONSE`. A malformed payment answers 400, a rejected one
/// 402 with `errorReason`, an unreachable facilitator 500. Handler responses with status ≥ 400 are
/// returned without settling, so nobody pays for an error.
public struct Paywall: Sendable {
    /// The priced routes; requests to other paths pass through untouched. A request prices as a
    /// route when its path names it under ``PaywallPath`` (slashes, escapes and case folded) and
    /// its method is the route's (`HEAD` counts as `GET`).
    public var routes: [PaywallRoute]
    /// Who verifies and settles.
    public let facilitator: any Facilitator
    /// Bounds for decoding payment headers.
    public var limits: HeaderLimits

    /// The facilitator `upto` permits must name (`extra.facilitatorAddress` of `upto` offers):
    /// the settling facilitator's signer, as its `/supported` lists it.
    public var uptoFacilitatorAddress: Address?

    /// `payment-identifier` idempotency: when set, the 402 declares the extension, and an
    /// identified payment seen before gets its first settlement again (same payment) or 409
    /// (different payment with the same id). `nil`: the extension is not offered.
    public let paymentIdentifiers: PaymentIdentifierCache<[Header]>?

    /// A response header.
    public typealias Header = (name: String, value: String)

    public init(
        routes: [PaywallRoute], facilitator: any Facilitator, limits: HeaderLimits = .default, uptoFacilitatorAddress: Address? = nil,
        paymentIdentifiers: PaymentIdentifierCache<[Header]>? = nil
    ) {
        self.routes = routes
        self.facilitator = facilitator
        self.limits = limits
        self.uptoFacilitatorAddress = uptoFacilitatorAddress
        self.paymentIdentifiers = paymentIdentifiers
    }

    /// The requirements `route` offers for `resourceURL`; `upto` offers name ``uptoFacilitatorAddress``.
    public func offers(_ route: PaywallRoute, resourceURL: String) -> [PaymentRequirement] {
        var offered = route.requirements(resourceURL: resourceURL)
        for i in offered.indices where offered[i].scheme == PaymentRequirement.uptoScheme {
            offered[i].facilitatorAddress = uptoFacilitatorAddress
        }
        return offered
    }

    /// A payment that passed verification and waits for the handler to run.
    public struct VerifiedPayment: Sendable {
        /// The decoded payment.
        public var payload: PaymentPayload
        /// The server requirement it pays (spelled in the payment's dialect).
        public var requirement: PaymentRequirement
        /// All requirements of the route, for a 402 if settlement fails.
        public var offered: [PaymentRequirement]
        /// The facilitator's verdict.
        public var verification: VerifyResponse
        /// Its `payment-identifier` and fingerprint, when the paywall tracks identifiers.
        public var identifier: (id: String, fingerprint: [UInt8])?
    }

    /// What to do with a request before its handler runs.
    public enum Admission: Sendable {
        /// Not a paid route: run the handler as usual.
        case passThrough
        /// Answer with this response and do not run the handler (402, 400 or 500).
        case respond(PaywallResponse)
        /// Paid and verified: run the handler, then call ``Paywall/settle(_:handlerStatus:settlementOverrides:)``.
        case verified(VerifiedPayment)
        /// A retry of an identified payment that already settled: run the handler and add these
        /// (the first settlement's) headers; nothing is verified or settled again.
        case replay(headers: [Header])
    }

    /// How settlement after the handler ended.
    public enum Settlement: Sendable {
        /// Settled: add these headers to the handler's response.
        case settled(SettleResponse, headers: [(name: String, value: String)])
        /// The handler failed (status ≥ 400): nothing was settled; return its response as is.
        case skipped
        /// Settlement failed: answer with this response instead of the handler's.
        case failed(SettleResponse, response: PaywallResponse)
    }

    /// The route pricing `request`, if any (see ``PaywallPath`` for how paths compare).
    public func route(for request: PaywallRequest) -> PaywallRoute? {
        let methodRoutes = routes.filter { $0.method == request.method || ($0.method == "GET" && request.method == "HEAD") }
        guard !methodRoutes.isEmpty else { return nil }
        let segments = PaywallPath.segments(request.path)
        return methodRoutes.first { PaywallPath.segments($0.path) == segments }
    }

    /// The 402 response for `route` (all three dialects). `error` replaces the default error text;
    /// `reason` adds `errorReason` to the body.
    public func paymentRequiredResponse(
        requirements: [PaymentRequirement], status: Int = 402, error: String? = nil, reason: ReasonCode? = nil,
        extraHeaders: [(name: String, value: String)] = [], route: PaywallRoute? = nil
    ) -> PaywallResponse {
        var declared: JSONObject = [:]
        if paymentIdentifiers != nil { declared[PaymentIdentifier.key] = PaymentIdentifier.declaration() }
        if let route, let discovery = route.discovery { declared["bazaar"] = Self.bazaarDeclaration(route, discovery) }
        let extensions: JSONObject? = declared.isEmpty ? nil : declared
        let v2 = PaymentRequired(dialect: .v2, error: error ?? PaymentRequired.v2MissingPaymentError, accepts: requirements, extensions: extensions)
        let v1 = PaymentRequired(dialect: .v1, error: error ?? PaymentRequired.v1MissingPaymentError, accepts: requirements)
        return .json(status, v1.jsonV1(includeCronos: true, errorReason: reason), headers: [
            (X402Header.paymentRequired, v2.v2HeaderValue()),
            ("Cache-Control", "no-store"),
            ("Access-Control-Expose-Headers", X402Header.paymentRequired),
        ] + extraHeaders)
    }

    /// Decides what to do with `request` before its handler runs (decode and verify).
    public func admit(_ request: PaywallRequest) async -> Admission {
        guard let route = route(for: request) else { return .passThrough }
        return await admit(request, to: route)
    }

    /// Decides what to do with `request`, which the server already dispatches to `route`'s handler
    /// (the price is bound to the handler, so the path is not compared again).
    public func admit(_ request: PaywallRequest, to route: PaywallRoute) async -> Admission {
        let offered = offers(route, resourceURL: request.url)
        guard let header = request.header(X402Header.paymentSignature) ?? request.header(X402Header.xPayment) else {
            return .respond(paymentRequiredResponse(requirements: offered, route: route))
        }
        let payload: PaymentPayload
        do {
            payload = try PaymentPayload.decodeHeader(header, limits: limits)
        } catch {
            return .respond(paymentRequiredResponse(requirements: offered, status: 400, error: error.description, reason: error.reason))
        }
        var identifier: (id: String, fingerprint: [UInt8])?
        if let cache = paymentIdentifiers {
            switch PaymentIdentifier.find(in: payload.extensions) {
            case .absent:
                break
            case .invalid(let why):
                return .respond(paymentRequiredResponse(requirements: offered, status: 400, error: why, reason: .invalidPayload))
            case .id(let id):
                let fingerprint = PaymentIdentifierCache<[Header]>.fingerprint(payload)
                switch cache.begin(id: id, fingerprint: fingerprint) {
                case .new: identifier = (id, fingerprint)
                case .replay(let headers): return .replay(headers: headers)
                case .conflict:
                    return .respond(.json(409, .object([
                        "error": .string("payment-identifier \(id) was already used for a different payment"),
                        "errorReason": .string("payment_identifier_conflict"),
                    ])))
                case .inFlight:
                    return .respond(.json(409, .object([
                        "error": .string("payment-identifier \(id) is being processed; retry shortly"),
                        "errorReason": .string("payment_identifier_in_progress"),
                    ]), headers: [("Retry-After", "1")]))
                }
            }
        }
        let admission = await verify(payload, offered: offered, identifier: identifier)
        if case .verified = admission {} else if let identifier { paymentIdentifiers?.abandon(id: identifier.id, fingerprint: identifier.fingerprint) }
        return admission
    }

    private func verify(_ payload: PaymentPayload, offered: [PaymentRequirement], identifier: (id: String, fingerprint: [UInt8])?) async -> Admission {
        guard let requirement = Self.match(payload, offered: offered) else {
            return .respond(paymentRequiredResponse(
                requirements: offered, error: "No matching payment requirements", reason: .invalidPaymentRequirements
            ))
        }
        let verification: VerifyResponse
        do {
            verification = try await facilitator.verify(payload, requirements: requirement)
        } catch {
            return .respond(.json(500, .object(["error": .string("payment verification unavailable: \(error)")])))
        }
        guard verification.isValid else {
            let reason = verification.invalidReason ?? .unexpectedVerifyError
            return .respond(paymentRequiredResponse(requirements: offered, error: reason.rawValue, reason: reason))
        }
        return .verified(VerifiedPayment(payload: payload, requirement: requirement, offered: offered, verification: verification,
                                         identifier: identifier))
    }

    /// The response header in which a handler of an `upto` route names the amount to charge, in
    /// base units (`{"amount":"1234"}`, the reference server's `Settlement-Overrides`). The
    /// paywall removes it from the response. Without it the signed maximum is charged.
    public static let settlementOverridesHeader = "Settlement-Overrides"

    /// Settles `payment` after its handler answered with `handlerStatus`. For an `upto` payment,
    /// `settlementOverrides` (the handler's ``settlementOverridesHeader`` value) names the charge;
    /// one that is malformed or above the signed maximum settles nothing and answers 500.
    public func settle(_ payment: VerifiedPayment, handlerStatus: Int, settlementOverrides: String? = nil) async -> Settlement {
        let outcome = await settleOnce(payment, handlerStatus: handlerStatus, settlementOverrides: settlementOverrides)
        if let identifier = payment.identifier, let cache = paymentIdentifiers {
            if case .settled(_, let headers) = outcome {
                cache.finish(id: identifier.id, fingerprint: identifier.fingerprint, result: headers)
            } else {
                cache.abandon(id: identifier.id, fingerprint: identifier.fingerprint)
            }
        }
        return outcome
    }

    private func settleOnce(_ payment: VerifiedPayment, handlerStatus: Int, settlementOverrides: String?) async -> Settlement {
        guard handlerStatus < 400 else { return .skipped }
        var requirement = payment.requirement
        if requirement.scheme == PaymentRequirement.uptoScheme, let settlementOverrides {
            switch UptoCharge.parse(settlementOverrides, maximum: requirement.amount) {
            case .success(let charge):
                requirement.amount = charge
            case .failure(let error):
                let refused = SettleResponse.failure(.invalidPaymentRequirements, message: error.description, payer: payment.payload.payer,
                                                     network: requirement.network.identifier)
                return .failed(refused, response: .json(500, .object(["error": .string("the handler's settlement amount is unusable: \(error)")])))
            }
        }
        let result: SettleResponse
        do {
            result = try await facilitator.settle(payment.payload, requirements: requirement)
        } catch {
            result = .failure(.unexpectedSettleError, message: "\(error)", payer: payment.payload.payer, network: payment.requirement.network.identifier)
        }
        let headerName = X402Header.settlement(for: payment.payload.dialect)
        let headers: [(name: String, value: String)] = [
            (headerName, result.headerValue()),
            ("Access-Control-Expose-Headers", headerName),
        ]
        if result.success { return .settled(result, headers: headers) }
        let reason = result.errorReason ?? .unexpectedSettleError
        let response = paymentRequiredResponse(requirements: payment.offered, error: reason.rawValue, reason: reason, extraHeaders: headers.prefix(1).map { $0 })
        return .failed(result, response: response)
    }

    /// The `bazaar` declaration of `route` (as the reference's `declare_discovery_extension`
    /// writes it, the HTTP method filled in), with the route's service name and tags in `info`.
    static func bazaarDeclaration(_ route: PaywallRoute, _ discovery: PaywallDiscovery) -> JSONValue {
        .object(JSONObject([
            JSONMember("info", .object(JSONObject([
                JSONMember("input", .object(["type": .string("http"), "method": .string(route.method)])),
                JSONMember("serviceName", .string(discovery.serviceName)),
                JSONMember("tags", .array(discovery.tags.map(JSONValue.string))),
            ]))),
            JSONMember("schema", .object(JSONObject([
                JSONMember("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
                JSONMember("type", .string("object")),
                JSONMember("properties", .object(["input": .object(JSONObject([
                    JSONMember("type", .string("object")),
                    JSONMember("properties", .object([
                        "type": .object(["type": .string("string"), "const": .string("http")]),
                        "method": .object(["type": .string("string"), "enum": .array(["GET", "HEAD", "DELETE", "POST", "PUT", "PATCH"].map(JSONValue.string))]),
                    ])),
                    JSONMember("required", .array([.string("type"), .string("method")])),
                ]))])),
                JSONMember("required", .array([.string("input")])),
            ]))),
        ]))
    }

    /// The whole exchange for one request: admit, run `next` if allowed, settle.
    /// Errors thrown by `next` become a 500 response (and nothing is settled).
    public func handle(request: PaywallRequest, next: () async throws -> PaywallResponse) async -> PaywallResponse {
        func runNext() async -> PaywallResponse {
            do { return try await next() } catch {
                return .json(500, .object(["error": .string("handler failed")]))
            }
        }
        switch await admit(request) {
        case .passThrough:
            return await runNext()
        case .respond(let response):
            return response
        case .replay(let headers):
            var response = await runNext()
            response.headers.removeAll { $0.name.caseInsensitiveEquals(Self.settlementOverridesHeader) }
            if response.status < 400 { response.headers.append(contentsOf: headers) }
            return response
        case .verified(let payment):
            var response = await runNext()
            let overrides = response.header(Self.settlementOverridesHeader)
            response.headers.removeAll { $0.name.caseInsensitiveEquals(Self.settlementOverridesHeader) }
            switch await settle(payment, handlerStatus: response.status, settlementOverrides: overrides) {
            case .skipped:
                return response
            case .settled(_, let headers):
                response.headers.append(contentsOf: headers)
                return response
            case .failed(_, let failure):
                return failure
            }
        }
    }

    /// The offered requirement a payment pays, spelled in the payment's dialect.
    ///
    /// v2: the reference rule (scheme, network, amount, asset, payTo, maxTimeoutSeconds equal;
    /// `extra` a subset of `accepted.extra`). v1 and Cronos payments name no amount or (v1) asset, so
    /// the first offer on the same chain whose payTo/amount (and, for Cronos, asset) the
    /// authorisation matches is chosen, falling back to the first offer on that chain so the
    /// facilitator reports the precise mismatch.
    public static func match(_ payload: PaymentPayload, offered: [PaymentRequirement]) -> PaymentRequirement? {
        if payload.dialect == .v2 {
            guard let accepted = payload.accepted else { return nil }
            return offered.lazy.map { $0.spelled(forVersion: 2) }.first { $0.isSatisfied(byAccepted: accepted) }
        }
        let sameChain = offered.filter {
            $0.scheme == payload.scheme && $0.network.isSameChain(as: payload.network) && (payload.asset == nil || payload.asset == $0.asset)
        }
        let a = payload.exact.authorization
        guard var chosen = sameChain.first(where: { $0.payTo == a.to && $0.amount == a.value }) ?? sameChain.first else { return nil }
        chosen.network = payload.network
        return chosen
    }
}
