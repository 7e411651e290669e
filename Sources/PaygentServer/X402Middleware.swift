import HTTPTypes
import Hummingbird
import X402

/// The ``Paywall`` in front of one priced Hummingbird endpoint.
///
/// It is middleware of that endpoint only (register it with `router.paid(route, paywall:, use:)`),
/// so the router decides what is priced: every request the router dispatches to the paid handler —
/// whichever spelling of the path got it there (`/p/`, `//p`, a case-insensitive router's `/P`, a
/// `HEAD` generated from the `GET`) — answers 402 until paid, and nothing else does. A verified
/// payment runs the handler and is settled afterwards (not when the handler fails), and the
/// settlement header is added to the handler's response. The handler's body is streamed through
/// untouched.
public struct X402Middleware<Context: RequestContext>: RouterMiddleware {
    /// The paywall deciding each request.
    public let paywall: Paywall
    /// The price of the endpoint this middleware guards.
    public let route: PaywallRoute
    /// Scheme and authority used for resource URLs instead of the request's `Host` header.
    public let baseURL: String?

    public init(paywall: Paywall, route: PaywallRoute, baseURL: String? = nil) {
        self.paywall = paywall
        self.route = route
        self.baseURL = baseURL
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        switch await paywall.admit(PaywallRequest(request, baseURL: baseURL), to: route) {
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

extension RouterMethods {
    /// Registers `handler` at `route`'s method and path behind `paywall`: the price is bound to the
    /// handler, so any request the router dispatches to it is priced, however its path is spelled.
    @discardableResult
    public func paid(
        _ route: PaywallRoute, paywall: Paywall, baseURL: String? = nil,
        use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator
    ) -> Self {
        guard let method = HTTPRequest.Method(route.method) else { preconditionFailure("invalid HTTP method \(route.method)") }
        group().add(middleware: X402Middleware<Context>(paywall: paywall, route: route, baseURL: baseURL))
            .on(RouterPath(route.path), method: method, use: handler)
        return self
    }

    /// Registers `handler` behind the route of `paywall` registered at `method path` (exactly).
    /// A paywall that prices no such route is a programming error.
    @discardableResult
    public func paid(
        _ path: String, method: HTTPRequest.Method = .get, paywall: Paywall, baseURL: String? = nil,
        use handler: @Sendable @escaping (Request, Context) async throws -> some ResponseGenerator
    ) -> Self {
        guard let route = paywall.routes.first(where: { $0.path == path && $0.method == method.rawValue }) else {
            preconditionFailure("the paywall prices no route \(method.rawValue) \(path)")
        }
        return paid(route, paywall: paywall, baseURL: baseURL, use: handler)
    }
}
