import ArgumentParser
import PaygentFoundation
import Foundation
import Http
import PaygentEVM
import X402
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Request options shared by `paygent pay` and `paygent x402 inspect` (curl-like).
struct RequestOptions: ParsableArguments {
    @Option(name: [.customShort("X"), .customLong("request")], help: ArgumentHelp("HTTP method (default GET, or POST with -d).", valueName: "method"))
    var method: String?

    @Option(name: [.customShort("H"), .customLong("header")], help: ArgumentHelp("Extra request header 'Name: value' (repeatable).", valueName: "header"))
    var headers: [String] = []

    @Option(name: [.customShort("d"), .customLong("data")], help: ArgumentHelp("Request body; @FILE reads a file. Implies POST unless -X is given.", valueName: "body"))
    var data: String?

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Total time allowed per HTTP request, in seconds.", valueName: "seconds"))
    var timeout: Int = 30

    /// The request these options describe.
    func httpRequest(url: String) throws(CLIError) -> HTTPRequest {
        guard url.hasPrefix("http://") || url.hasPrefix("https://") else {
            throw CLIError("URL must start with http:// or https://: \(url)")
        }
        guard (1...3600).contains(timeout) else { throw CLIError("--timeout must be between 1 and 3600 seconds") }
        var fields = HTTPHeaders()
        for header in headers {
            guard let colon = header.firstIndex(of: ":") else { throw CLIError("-H must be 'Name: value', got \(String(reflecting: header))") }
            let name = header[..<colon].trimmingCharacters(in: .whitespaces)
            let value = header[header.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty else { throw CLIError("-H has an empty header name") }
            fields.add(name, value)
        }
        var body: [UInt8]?
        if let data {
            if data.hasPrefix("@") {
                let path = String(data.dropFirst())
                guard let contents = FileManager.default.contents(atPath: path) else { throw CLIError("cannot read \(path)") }
                body = Array(contents)
            } else {
                body = Array(data.utf8)
            }
            if !fields.contains("Content-Type") {
                let isJSON = (try? JSONParser.parse(body ?? [])) != nil
                fields["Content-Type"] = isJSON ? "application/json" : "application/x-www-form-urlencoded"
            }
        }
        let verb = method?.uppercased() ?? (data == nil ? "GET" : "POST")
        guard !verb.isEmpty, verb.allSatisfy({ $0.isLetter }) else { throw CLIError("-X must be an HTTP method, got \(String(reflecting: verb))") }
        return HTTPRequest(method: HTTPMethod(rawValue: verb), url: url, headers: fields, body: body, timeout: .seconds(timeout))
    }
}
