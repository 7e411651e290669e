import PaygentFoundation
/// The HTTP face of a ``Facilitator``, independent of any server framework: turns request bodies
/// into response bodies for the standard routes (`/verify`, `/settle`, `/supported`) and the
/// Cronos ones (`/v2/x402/…`, `/healthcheck`).
///
/// A request body that is not a JSON object answers 400 `{"error":…}`. Anything else answers 200
/// with the verdict, as the reference facilitator client expects: a payment that cannot be decoded
/// is `isValid: false` / `success: false` with the decode error's reason code. Bodies in the Cronos
/// form (`paymentHeader`) get Cronos-shaped answers.
public struct FacilitatorHTTPHandler: Sendable {
    /// The facilitator behind the routes.
    public let facilitator: any Facilitator
    /// `payment-identifier` on `/settle`: the same id and payment get the first settlement again,
    /// the same id with another payment 409.
    public let paymentIdentifiers = PaymentIdentifierCache<SettleResponse>()
    /// The `bazaar` discovery list this facilitator serves; settled v2 payments add their resource.
    public let discovery: DiscoveryCatalog?
    private let clock: any WallClock

    /// Creates a handler; `clock` (unix seconds) stamps Cronos settle answers.
    public init(facilitator: any Facilitator, clock: any WallClock = SystemClock(), discovery: DiscoveryCatalog? = nil) {
        self.facilitator = facilitator
        self.clock = clock
        self.discovery = discovery
    }

    /// Largest accepted request body.
    public static let maxBodyBytes = 64 * 1024

    /// `POST /verify`.
    public func verify(body: [UInt8]) async -> PaywallResponse {
        let cronos: Bool
        switch Self.shape(of: body) {
        case .failure(let response): return response
        case .success(let isCronos): cronos = isCronos
        }
        let verdict: VerifyResponse
        do {
            let request = try FacilitatorRequest.decode(body: body)
            verdict = try await facilitator.verify(request.payload, requirements: request.requirements)
        } catch let error as X402Error {
            verdict = .invalid(error.reason, message: error.description)
        } catch {
            return .json(500, .object(["error": .string("verify failed: \(error)")]))
        }
        return .json(200, cronos ? CronosCodec.verifyJSON(verdict) : verdict.json())
    }

    /// `POST /settle`.
    public func settle(body: [UInt8]) async -> PaywallResponse {
        let cronos: Bool
        switch Self.shape(of: body) {
        case .failure(let response): return response
        case .success(let isCronos): cronos = isCronos
        }
        var payload: PaymentPayload?
        let result: SettleResponse
        do {
            let request = try FacilitatorRequest.decode(body: body)
            payload = request.payload
            switch PaymentIdentifier.find(in: request.payload.extensions) {
            case .absent:
                result = try await facilitator.settle(request.payload, requirements: request.requirements)
            case .invalid(let why):
                result = .failure(.invalidPayload, message: why, payer: request.payload.payer, network: request.payload.network.identifier)
            case .id(let id):
                let fingerprint = PaymentIdentifierCache<SettleResponse>.fingerprint(request.payload)
                switch paymentIdentifiers.begin(id: id, fingerprint: fingerprint) {
                case .replay(let first):
                    result = first
                case .conflict, .inFlight:
                    return .json(409, .object([
                        "error": .string("payment-identifier \(id) belongs to another payment or is being settled"),
                        "errorReason": .string("payment_identifier_conflict"),
                    ]))
                case .new:
                    let settled: SettleResponse
                    do { settled = try await facilitator.settle(request.payload, requirements: request.requirements) } catch {
                        paymentIdentifiers.abandon(id: id, fingerprint: fingerprint)
                        throw error
                    }
                    if settled.success {
                        paymentIdentifiers.finish(id: id, fingerprint: fingerprint, result: settled)
                    } else {
                        paymentIdentifiers.abandon(id: id, fingerprint: fingerprint)
                    }
                    result = settled
                }
            }
        } catch let error as X402Error {
            result = .failure(error.reason, message: error.description, network: Self.network(in: body))
        } catch {
            return .json(500, .object(["error": .string("settle failed: \(error)")]))
        }
        if result.success, let payload { discovery?.learn(from: payload) }
        if cronos {
            let now = clock.unixSeconds
            return .json(200, CronosCodec.settleJSON(result, payload: payload, timestamp: CronosCodec.timestamp(unixSeconds: now), blockNumber: now))
        }
        return .json(200, result.json())
    }

    /// `GET /supported`.
    public func supported() async -> PaywallResponse {
        do {
            return .json(200, try await facilitator.supported().json())
        } catch {
            return .json(500, .object(["error": .string("supported failed: \(error)")]))
        }
    }

    /// `GET /healthcheck` (Cronos shape).
    public func healthcheck() -> PaywallResponse {
        .json(200, .object([
            "status": .string("success"),
            "results": .object(["message": .string("OK"), "timestamp": .integer(clock.unixSeconds * 1000)]),
        ]))
    }

    private enum Shape {
        case success(Bool)
        case failure(PaywallResponse)
    }

    /// Whether `body` is a JSON object, and whether it is in the Cronos `paymentHeader` form.
    private static func shape(of body: [UInt8]) -> Shape {
        guard body.count <= maxBodyBytes else {
            return .failure(.json(413, .object(["error": .string("request body larger than \(maxBodyBytes) bytes")])))
        }
        do {
            let json = try JSONParser.parse(body, limits: JSONLimits(maxBytes: maxBodyBytes, maxDepth: 16))
            guard case .object(let object) = json else {
                return .failure(.json(400, .object(["error": .string("request body must be a JSON object")])))
            }
            return .success(object["paymentHeader"] != nil)
        } catch {
            return .failure(.json(400, .object(["error": .string("request body is not valid JSON: \(error)")])))
        }
    }

    /// Best-effort network of a request whose payment could not be decoded (for the failure answer).
    private static func network(in body: [UInt8]) -> String {
        guard case .object(let object)? = try? JSONParser.parse(body),
              case .object(let requirements)? = object["paymentRequirements"],
              case .string(let network)? = requirements["network"] else { return "" }
        return String(network.prefix(64))
    }
}
