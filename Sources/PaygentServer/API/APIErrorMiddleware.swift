import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PaygentCore
import PaygentWire

/// Renders every failure of the API as the error envelope `{"error":{"code","message","field"?}}`
/// with its status, in one place: ``PaygentError`` by its ``PaygentError/httpStatus``, a body over
/// the cap as 413, an unknown route as 404, anything unexpected as a 500 whose message says
/// nothing about internals (the cause goes to the log).
public struct APIErrorMiddleware: RouterMiddleware {
    public typealias Context = APIRequestContext
    let logger: Logger

    /// Creates the middleware.
    public init(logger: Logger) { self.logger = logger }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            return Self.response(for: error, logger: logger, request: request)
        }
    }

    /// The answer for `error`.
    static func response(for error: any Error, logger: Logger, request: Request) -> Response {
        switch error {
        case let failure as APIFailure:
            return render(ErrorEnvelope(failure.error), status: failure.status ?? failure.error.httpStatus, headers: failure.headers)
        case let failure as PaygentError:
            return render(ErrorEnvelope(failure), status: failure.httpStatus)
        case is NIOTooManyBytesError:
            return render(ErrorEnvelope(code: ErrorEnvelope.payloadTooLarge, message: "request body is too large", field: "body"), status: 413)
        case let failure as any HTTPResponseError:
            let status = Int(failure.status.code)
            switch status {
            case 404:
                return render(ErrorEnvelope(code: PaygentError.Code.notFound.rawValue, message: "no route \(request.method.rawValue) \(Sanitized.path(request.uri.path))"), status: 404)
            case 413:
                return render(ErrorEnvelope(code: ErrorEnvelope.payloadTooLarge, message: "request body is too large", field: "body"), status: 413)
            case 405:
                return render(ErrorEnvelope(code: ErrorEnvelope.methodNotAllowed, message: "method not allowed"), status: 405)
            case 400..<500:
                return render(ErrorEnvelope(code: ErrorEnvelope.badRequest, message: "bad request"), status: status)
            default:
                logger.error("API request failed", metadata: ["path": .string(Sanitized.path(request.uri.path)), "error": .string("\(failure)")])
                return render(ErrorEnvelope(PaygentError(.internal, "internal error")), status: 500)
            }
        default:
            logger.error("API request failed", metadata: ["path": .string(Sanitized.path(request.uri.path)), "error": .string("\(error)")])
            return render(ErrorEnvelope(PaygentError(.internal, "internal error")), status: 500)
        }
    }

    /// An envelope as a JSON response.
    static func render(_ envelope: ErrorEnvelope, status: Int, headers: [(String, String)] = []) -> Response {
        let bytes = (try? WireJSON.encode(envelope)).map(Array.init) ?? Array(#"{"error":{"code":"internal","message":"internal error"}}"#.utf8)
        return APIReply.body(status: status, contentType: "application/json", bytes: bytes, headers: headers).response
    }
}

/// Untrusted request text made safe to echo in a message or a log line.
enum Sanitized {
    /// `path` cut to 200 characters, control characters replaced.
    static func path(_ path: String) -> String {
        var out = ""
        for scalar in path.unicodeScalars.prefix(200) {
            out.unicodeScalars.append(scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) ? "?" : scalar)
        }
        return path.unicodeScalars.count > 200 ? out + "…" : out
    }
}

extension APIReply {
    /// The Hummingbird response.
    public var response: Response {
        switch self {
        case .stream(let response):
            return response
        case .body(let status, let contentType, let bytes, let headers):
            var fields = HTTPFields()
            fields[.contentType] = contentType
            for (name, value) in headers {
                if let name = HTTPField.Name(name) { fields.append(HTTPField(name: name, value: value)) }
            }
            return Response(status: HTTPResponse.Status(code: status), headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
        }
    }
}
