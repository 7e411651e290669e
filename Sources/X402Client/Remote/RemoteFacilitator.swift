import X402
import Http
import PaygentFoundation
import PaygentEVM

/// A ``Facilitator`` reached over HTTP.
///
/// Two wire flavours:
/// - ``Flavor/standard`` (x402 v1/v2, the reference `HTTPFacilitatorClient`): `POST {base}/verify`,
///   `POST {base}/settle` with `{"x402Version","paymentPayload","paymentRequirements"}`, and
///   `GET {base}/supported`.
/// - ``Flavor/cronos`` (the Cronos facilitator): `POST {base}/v2/x402/verify|settle`,
///   `GET {base}/v2/x402/supported`, header `X402-Version: 1`, body
///   `{"x402Version":1,"paymentHeader":"<base64>","paymentRequirements":{…v1…}}`; answers with
///   free-text verify reasons and `payment.settled` / `payment.failed` settle events, which are
///   normalised to ``VerifyResponse`` / ``SettleResponse`` with reason codes.
///
/// Payment problems come back as values; transport failures, 429 (with `Retry-After`) and
/// unexpected answers throw ``RemoteFacilitatorError``. Nothing is retried here: a settle whose
/// answer was lost has an unknown outcome and is the caller's to reconcile.
public final class RemoteFacilitator: Facilitator {
    /// The wire dialect of the facilitator.
    public enum Flavor: String, Sendable, Hashable {
        /// x402 v1/v2 facilitator API (`/verify`, `/settle`, `/supported`).
        case standard
        /// The Cronos facilitator API (`/v2/x402/...`, `X402-Version: 1`, `paymentHeader` bodies).
        case cronos
    }

    /// The base URL without a trailing slash.
    public let baseURL: String
    /// The wire dialect.
    public let flavor: Flavor
    /// Extra headers sent with every call (for example an API key).
    public let headers: HTTPHeaders
    /// Total time allowed per call.
    public let timeout: Duration
    private let client: HTTPClient

    /// Creates a client of the facilitator at `baseURL`.
    public init(
        baseURL: String, flavor: Flavor = .standard, client: HTTPClient = .shared, headers: HTTPHeaders = [:],
        timeout: Duration = .seconds(30)
    ) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.flavor = flavor
        self.client = client
        self.headers = headers
        self.timeout = timeout
    }

    /// The URL of `operation` (`verify`, `settle`, `supported`).
    public func url(_ operation: String) -> String {
        flavor == .cronos ? "\(baseURL)/v2/x402/\(operation)" : "\(baseURL)/\(operation)"
    }

    public func verify(_ payload: PaymentPayload, requirements: PaymentRequirement) async throws -> VerifyResponse {
        let body = try requestBody(payload, requirements)
        let json = try await call(.post, "verify", body: body, acceptingBodyOn: [400])
        do { return try VerifyResponse.decode(json) } catch { throw RemoteFacilitatorError.invalidResponse(error) }
    }

    public func settle(_ payload: PaymentPayload, requirements: PaymentRequirement) async throws -> SettleResponse {
        let body = try requestBody(payload, requirements)
        let json = try await call(.post, "settle", body: body, acceptingBodyOn: [400])
        do { return try SettleResponse.decode(json) } catch { throw RemoteFacilitatorError.invalidResponse(error) }
    }

    public func supported() async throws -> SupportedResponse {
        let json = try await call(.get, "supported", body: nil, acceptingBodyOn: [])
        do { return try SupportedResponse.decode(json) } catch { throw RemoteFacilitatorError.invalidResponse(error) }
    }

    /// The request body for `payload` in this facilitator's dialect.
    public func requestBody(_ payload: PaymentPayload, _ requirements: PaymentRequirement) throws(RemoteFacilitatorError) -> [UInt8] {
        switch flavor {
        case .standard:
            return FacilitatorRequest(payload: payload, requirements: requirements, usesPaymentHeader: false).body()
        case .cronos:
            // The Cronos facilitator speaks v1 with a flat payload: re-express v1/v2 payments.
            // The signature does not cover the network spelling, so it stays valid.
            let network = payload.network.legacy
            guard payload.exact.permit2 == nil else {
                throw .unsupportedPayment("the Cronos facilitator settles EIP-3009 authorisations only, not Permit2 permits")
            }
            guard !network.isCAIP2 else {
                throw .unsupportedPayment("network \(payload.network) has no v1 name for the Cronos facilitator")
            }
            var flat = payload
            if payload.dialect != .cronos {
                flat = PaymentPayload(dialect: .cronos, scheme: payload.scheme, network: network, exact: payload.exact, asset: requirements.asset)
            }
            var v1Requirements = requirements.spelled(forVersion: 1)
            v1Requirements.network = flat.network
            return FacilitatorRequest(payload: flat, requirements: v1Requirements, usesPaymentHeader: true).body()
        }
    }

    private func call(_ method: HTTPMethod, _ operation: String, body: [UInt8]?, acceptingBodyOn extraStatuses: Set<Int>) async throws -> JSONValue {
        var requestHeaders = headers
        requestHeaders["Accept"] = "application/json"
        if body != nil { requestHeaders["Content-Type"] = "application/json" }
        if flavor == .cronos { requestHeaders[X402Header.cronosVersion] = "1" }
        let request = HTTPRequest(method: method, url: url(operation), headers: requestHeaders, body: body, timeout: timeout)

        let response: HTTPResponse
        do {
            response = try await client.send(request)
        } catch {
            throw RemoteFacilitatorError.transport(error)
        }
        if response.status == 429 {
            let retryAfter = response.headers["Retry-After"].flatMap { RetryAfter.parse($0, now: SystemClock().unixSeconds) }
            throw RemoteFacilitatorError.rateLimited(retryAfter: retryAfter)
        }
        let parsed: Result<JSONValue, JSONError>
        do { parsed = .success(try JSONParser.parse(response.body, limits: JSONLimits(maxBytes: 1 << 20, maxDepth: 32))) } catch { parsed = .failure(error) }
        let bodyPrefix = String(decoding: response.body.prefix(300), as: UTF8.self)
        if (200..<300).contains(response.status) {
            switch parsed {
            case .success(let json): return json
            case .failure(let error): throw RemoteFacilitatorError.invalidResponse(.invalidJSON(error))
            }
        }
        // A 400 carrying a well-formed verify/settle answer is a payment problem, not a failure.
        if extraStatuses.contains(response.status), case .success(let json) = parsed, (try? decodeCheck(json, operation)) != nil {
            return json
        }
        throw RemoteFacilitatorError.status(code: response.status, body: bodyPrefix)
    }

    /// Whether a non-2xx body still decodes as the operation's answer.
    private func decodeCheck(_ json: JSONValue, _ operation: String) throws {
        switch operation {
        case "verify": _ = try VerifyResponse.decode(json)
        case "settle": _ = try SettleResponse.decode(json)
        default: _ = try SupportedResponse.decode(json)
        }
    }
}
