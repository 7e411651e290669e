import HTTPTypes
import Hummingbird
import X402

/// Puts a ``Paywall`` in front of a Hummingbird router.
///
/// Priced routes answer 402 until paid; a verified payment runs the route's handler and is
/// settled afterwards (not when the handler fails), and the settlement header is added to the
/// handler's response. The handler's body is streamed through untouched.
public struct X402Middleware<Context: RequestContext>: RouterMiddleware {
    /// The paywall deciding each request.
    public let paywall: Paywall
    /// Scheme and authority used for resource URLs instead of the request's `Host` header.
    public let baseURL: String?

    public init(paywall: Paywall, baseURL: String? = nil) {
        self.paywall = paywall
        self.baseURL = baseURL
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        // Fast path: unpriced routes skip the header conversion.
        guard paywall.routes.contains(where: { $0.path == request.uri.path }) else {
            return try await next(request, context)
        }
        switch await paywall.admit(PaywallRequest(request, baseURL: baseURL)) {
        case .passThrough:
            return try await next(request, context)
        case .respond(let response):
            return Response(response)
        case .replay(let headers):
            // A retry of an identified payment that settled: the resource again, the first settlement's headers.
            var response = try await next(request, context)
            response.headers[HTTPField.Name(Paywall.settlementOverridesHeader)!] = nil
            if response.status.code < 400 {
                for header in headers {
                    if let name = HTTPField.Name(header.name) { response.headers.append(HTTPField(name: name, value: header.value)) }
                }
            }
            return response
        case .verified(let payment):
            // A thrown error (including HTTPError) is not settled: nobody pays for a failure.
            var response = try await next(request, context)
            // An `upto` handler names its charge in a header that is not passed on.
            let overridesName = HTTPField.Name(Paywall.settlementOverridesHeader)!
            let overrides = response.headers[overridesName]
            response.headers[overridesName] = nil
            switch await paywall.settle(payment, handlerStatus: Int(response.status.code), settlementOverrides: overrides) {
            case .skipped:
                return response
            case .settled(_, let headers):
                for header in headers {
                    if let name = HTTPField.Name(header.name) { response.headers.append(HTTPField(name: name, value: header.value)) }
                }
                return response
            case .failed(_, let failure):
                return Response(failure)
            }
        }
    }
}
