import Foundation
import PaygentFoundation
import Hummingbird
import PaygentCore
import PaygentServer
import Synchronization

/// A recorded conversation with a model endpoint: request/response pairs in the real wire format.
struct LLMFixture: Sendable {
    struct Exchange: Sendable {
        var method: String
        var path: String
        var headers: [String: String]
        var body: JSONValue
        var status: Int
        var response: JSONValue
    }

    var provider: String
    var command: String
    var exchanges: [Exchange]

    /// Loads `Fixtures/llm/<name>.json` next to this file.
    static func load(_ name: String) throws -> LLMFixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/llm/\(name).json")
        let json = try JSONValue.parse(String(decoding: try Data(contentsOf: url), as: UTF8.self))
        let exchanges = (json["exchanges"]?.arrayValueForTest ?? []).map { exchange in
            let request = exchange["request"]!
            var headers: [String: String] = [:]
            if case .object(let object)? = request["headers"] {
                for member in object { headers[member.key.lowercased()] = member.value.stringValue ?? "" }
            }
            return Exchange(
                method: request["method"]?.stringValue ?? "POST", path: request["path"]?.stringValue ?? "/",
                headers: headers, body: request["body"] ?? .null,
                status: Int(exchange["response"]?["status"]?.intValue ?? 200), response: exchange["response"]?["body"] ?? .null)
        }
        return LLMFixture(provider: json["provider"]?.stringValue ?? "", command: json["command"]?.stringValue ?? "", exchanges: exchanges)
    }
}

/// Where `actual` differs from `expected` ("<<any>>" in `expected` matches anything), or nil.
func fixtureMismatch(_ expected: JSONValue, _ actual: JSONValue, path: String = "$") -> String? {
    if expected == .string("<<any>>") { return nil }
    switch (expected, actual) {
    case (.object(let e), .object(let a)):
        for key in Set(e.keys).union(a.keys).sorted() {
            guard let ev = e[key] else { return "\(path).\(key): unexpected key" }
            guard let av = a[key] else { return "\(path).\(key): missing" }
            if let problem = fixtureMismatch(ev, av, path: "\(path).\(key)") { return problem }
        }
        return nil
    case (.array(let e), .array(let a)):
        guard e.count == a.count else { return "\(path): \(a.count) elements, expected \(e.count)" }
        for (index, pair) in zip(e, a).enumerated() {
            if let problem = fixtureMismatch(pair.0, pair.1, path: "\(path)[\(index)]") { return problem }
        }
        return nil
    default:
        return expected == actual ? nil : "\(path): \(actual.jsonText) ≠ expected \(expected.jsonText)"
    }
}

/// Serves a fixture's responses in order on loopback, checking each request against the recording.
final class LLMReplayServer: Sendable {
    let fixture: LLMFixture
    let server: RunningHTTPServer
    private let state = Mutex<(next: Int, problems: [String], requests: [JSONValue])>((0, [], []))

    var baseURL: String { server.baseURL }
    var problems: [String] { state.withLock { $0.problems } }
    var requestCount: Int { state.withLock { $0.next } }
    var requests: [JSONValue] { state.withLock { $0.requests } }

    private init(fixture: LLMFixture, server: RunningHTTPServer) {
        self.fixture = fixture
        self.server = server
    }

    static func start(_ fixture: LLMFixture) async throws -> LLMReplayServer {
        let box = Mutex<LLMReplayServer?>(nil)
        let router = Router(context: BasicRequestContext.self)
        let handler: @Sendable (Request, BasicRequestContext) async throws -> Response = { request, _ in
            var buffer = try await request.body.collect(upTo: 4 << 20)
            let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
            guard let replay = box.withLock({ $0 }) else { return Response(status: .internalServerError) }
            return replay.answer(method: request.method.rawValue, path: request.uri.path,
                                 headers: request.headers.map { ($0.name.rawName.lowercased(), $0.value) }, body: bytes)
        }
        router.post("/v1/messages", use: handler)
        router.post("/v1/chat/completions", use: handler)
        let server = try await PaygentHTTPServer.start(router: router)
        let replay = LLMReplayServer(fixture: fixture, server: server)
        box.withLock { $0 = replay }
        return replay
    }

    func answer(method: String, path: String, headers: [(String, String)], body: [UInt8]) -> Response {
        let parsed = (try? JSONValue.parse(String(decoding: body, as: UTF8.self))) ?? .string("<not json>")
        let index = state.withLock { state -> Int in
            state.requests.append(parsed)
            defer { state.next += 1 }
            return state.next
        }
        guard index < fixture.exchanges.count else {
            return fail("request \(index + 1) is beyond the recording (\(fixture.exchanges.count) exchanges)")
        }
        let exchange = fixture.exchanges[index]
        if method != exchange.method || path != exchange.path {
            return fail("request \(index + 1): \(method) \(path), recorded \(exchange.method) \(exchange.path)")
        }
        for (name, value) in exchange.headers {
            let got = headers.first { $0.0 == name }?.1
            if got != value { return fail("request \(index + 1): header \(name) is \(got ?? "missing"), recorded \(value)") }
        }
        if let problem = fixtureMismatch(exchange.body, parsed) {
            return fail("request \(index + 1) body differs from the recording at \(problem)")
        }
        var fields = HTTPFields()
        fields[.contentType] = "application/json"
        return Response(status: .init(code: exchange.status), headers: fields,
                        body: .init(byteBuffer: ByteBuffer(string: exchange.response.jsonText)))
    }

    private func fail(_ problem: String) -> Response {
        state.withLock { $0.problems.append(problem) }
        return Response(status: .badRequest, body: .init(byteBuffer: ByteBuffer(string: "{\"error\":{\"message\":\"fixture mismatch\"}}")))
    }

    func stop() async { await server.stop() }
}
