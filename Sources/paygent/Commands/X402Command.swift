import ArgumentParser
import Foundation
import Http
import PaygentEVM
import X402
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `paygent x402`: look at what a URL charges and decode x402 headers.
struct X402Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "x402",
        abstract: "Inspect x402 paywalls and decode x402 headers.",
        subcommands: [Inspect.self, Decode.self]
    )

    /// `paygent x402 inspect URL [-X METHOD] [-H 'K: V'] [-d BODY] [--json]`
    struct Inspect: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inspect",
            abstract: "Show what a URL charges, in every x402 form it offers (nothing is paid).",
            discussion: """
                Sends the request once without payment. A 402 answer is decoded in all three forms: the v2 \
                PAYMENT-REQUIRED header, the v1 accepts[] body and the Cronos paymentRequirements body. \
                Exit status: 0 when the answer was read (paid or free), 1 when the request failed, 2 on bad input.
                """
        )

        @Argument(help: "The URL to inspect.")
        var url: String

        @OptionGroup var request: RequestOptions

        @Flag(name: .long, help: "Print JSON instead of text.")
        var json = false

        func run() async throws {
            try await runCLI {
                let httpRequest = try request.httpRequest(url: url)
                let response: HTTPResponse
                do {
                    response = try await HTTPClient.shared.send(httpRequest)
                } catch {
                    X402Stderr.write("paygent: error: \(error)\n")
                    throw ExitCode(1)
                }
                let report = InspectReport(url: url, response: response)
                print(json ? PrettyJSON.format(report.json()) : report.text())
            }
        }
    }

    /// `paygent x402 decode HEADER`
    struct Decode: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "decode",
            abstract: "Decode an x402 header value (payment required, payment, or payment response; v1, v2 or Cronos).",
            discussion: """
                HEADER is the base64 value, optionally preceded by its name ("PAYMENT-SIGNATURE: eyJ…"); \
                "-" reads it from standard input. Prints pretty JSON: the kind, the dialect, checks, and the value. \
                A value that does not decode is reported on one line with its x402 reason code (exit status 2).
                """
        )

        @Argument(help: "The header value, or - for standard input.")
        var header: String

        func run() async throws {
            try await runCLI {
                var text = header
                if text == "-" {
                    let data = FileHandle.standardInput.readDataToEndOfFile()
                    text = String(decoding: data, as: UTF8.self)
                }
                print(PrettyJSON.format(try HeaderDecoding.describe(text)))
            }
        }
    }
}

/// Standard error output for the x402 commands (FileHandle: the C `stderr` global is not
/// concurrency-safe in Swift 6).
enum X402Stderr {
    static func write(_ text: String) {
        StandardStreams.err(text)
    }
}

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

/// Tokens whose decimals and symbol the CLI knows, for human amounts.
enum CLITokens {
    static let all: [PaymentToken] = [
        .cronosTestnetUSDC,
        .cronosMainnetUSDC(),
        PaymentToken(network: .baseSepolia, address: try! Address("0x036CbD53842c5426634e7929541eC2318f3dCF7e"), name: "USDC", version: "2", symbol: "USDC", decimals: 6),
        PaymentToken(network: .base, address: try! Address("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"), name: "USD Coin", version: "2", symbol: "USDC", decimals: 6),
    ]

    /// The known token at `asset` on chain `chainID`.
    static func token(asset: Address, chainID: UInt64) -> PaymentToken? {
        all.first { $0.address == asset && $0.network.chainID == chainID }
    }

    /// `0.01 devUSDC.e (10000 base units)`, or `10000 base units of 0x…` for unknown tokens.
    static func describe(_ amount: UInt256, asset: Address, chainID: UInt64) -> String {
        guard let token = token(asset: asset, chainID: chainID) else { return "\(amount) base units of \(asset)" }
        return "\(token.format(amount)) \(token.symbol) (\(amount) base units)"
    }
}

/// Normalised JSON of a requirement, for `--json` output.
func requirementJSON(_ r: PaymentRequirement) -> JSONValue {
    var members: [JSONMember] = [
        JSONMember("scheme", .string(r.scheme)),
        JSONMember("network", .string(r.network.identifier)),
        JSONMember("chainId", .integer(r.chainID)),
        JSONMember("asset", .string(r.asset.checksummed)),
        JSONMember("payTo", .string(r.payTo.checksummed)),
        JSONMember("amount", .string(r.amount.description)),
    ]
    if let token = CLITokens.token(asset: r.asset, chainID: r.chainID) {
        members.append(JSONMember("amountFormatted", .string(token.format(r.amount))))
        members.append(JSONMember("symbol", .string(token.symbol)))
    }
    members += [
        JSONMember("maxTimeoutSeconds", .integer(r.maxTimeoutSeconds)),
        JSONMember("resource", .string(r.resource)),
        JSONMember("description", .string(r.description)),
        JSONMember("mimeType", .string(r.mimeType)),
        JSONMember("extra", .object(r.extra)),
    ]
    return .object(JSONObject(members))
}

/// Human lines describing a requirement (indented).
func requirementText(_ r: PaymentRequirement, number: Int) -> [String] {
    var lines = ["  \(number). \(CLITokens.describe(r.amount, asset: r.asset, chainID: r.chainID)) on \(r.network) (chain \(r.chainID)), scheme \(r.scheme)"]
    lines.append("     pay to    \(r.payTo)")
    let domain = r.eip712Domain != nil
        ? "EIP-712 \(String(reflecting: r.tokenName ?? "")) version \(String(reflecting: r.tokenVersion ?? ""))"
        : "no EIP-712 domain in extra"
    lines.append("     asset     \(r.asset) (\(domain))")
    lines.append("     valid for \(r.maxTimeoutSeconds) s after signing")
    if !r.resource.isEmpty || !r.description.isEmpty {
        let detail = [r.description.isEmpty ? nil : String(reflecting: r.description), r.mimeType.isEmpty ? nil : "(\(r.mimeType))"]
            .compactMap { $0 }.joined(separator: " ")
        lines.append("     resource  \(r.resource)" + (detail.isEmpty ? "" : " — \(detail)"))
    }
    return lines
}

/// What `paygent x402 inspect` found.
struct InspectReport {
    struct Form {
        var name: String
        var label: String
        var raw: JSONValue?
        var requirements: [PaymentRequirement] = []
        var problems: [String] = []
    }

    var url: String
    var status: Int
    var forms: [Form] = []

    init(url: String, response: HTTPResponse) {
        self.url = url
        self.status = response.status
        guard response.status == 402 else { return }
        if let header = response.headers[X402Header.paymentRequired] {
            var form = Form(name: "v2", label: "v2 (PAYMENT-REQUIRED header)")
            do {
                let json = try HeaderCodec.decodeJSON(header)
                form.raw = json
                let decoded = try PaymentRequired.decodeV2(json)
                form.requirements = decoded.accepts
                form.problems = decoded.unsupported.map { "\($0.error.reason): \($0.error)" }
            } catch {
                form.problems = ["\(error.reason): \(error)"]
            }
            forms.append(form)
        }
        let body = try? JSONParser.parse(response.body)
        if let object = body?.objectValue {
            if let accepts = object["accepts"], object["x402Version"] != .number("2") {
                var form = Form(name: "v1", label: "v1 (accepts[] body)", raw: accepts)
                for (i, raw) in (accepts.arrayValue ?? []).enumerated() {
                    do { form.requirements.append(try PaymentRequirement.decodeV1(raw, path: "accepts[\(i)]")) } catch {
                        form.problems.append("\(error.reason): \(error)")
                    }
                }
                forms.append(form)
            }
            if let single = object["paymentRequirements"] {
                var form = Form(name: "cronos", label: "Cronos (paymentRequirements body)", raw: single)
                do { form.requirements.append(try PaymentRequirement.decodeV1(single, path: "paymentRequirements")) } catch {
                    form.problems.append("\(error.reason): \(error)")
                }
                forms.append(form)
            }
        }
    }

    func json() -> JSONValue {
        var members: [JSONMember] = [
            JSONMember("url", .string(url)),
            JSONMember("status", .integer(status)),
            JSONMember("paymentRequired", .bool(status == 402)),
        ]
        if status == 402 {
            members.append(JSONMember("forms", .object(JSONObject(forms.map { form in
                JSONMember(form.name, .object(JSONObject([
                    JSONMember("requirements", .array(form.requirements.map(requirementJSON))),
                    JSONMember("problems", .array(form.problems.map(JSONValue.string))),
                    JSONMember("raw", form.raw ?? .null),
                ])))
            }))))
        }
        return .object(JSONObject(members))
    }

    func text() -> String {
        guard status == 402 else { return "\(url): HTTP \(status), no payment required" }
        var lines = ["\(url): HTTP 402 Payment Required"]
        if forms.isEmpty { lines.append("  (no x402 payment requirements in the response)") }
        for form in forms {
            lines.append("\(form.label): \(form.requirements.count) option\(form.requirements.count == 1 ? "" : "s")")
            for (i, requirement) in form.requirements.enumerated() { lines += requirementText(requirement, number: i + 1) }
            for problem in form.problems { lines.append("  ! \(problem)") }
        }
        return lines.joined(separator: "\n")
    }
}

/// Decoding of any x402 header value for `paygent x402 decode`.
enum HeaderDecoding {
    /// A description of `input`: kind, dialect, checks and the decoded value.
    static func describe(_ input: String) throws(CLIError) -> JSONValue {
        var text = input.trimmingCharacters(in: .whitespacesAndNewlines)
        var headerName: String?
        if let colon = text.firstIndex(of: ":") {
            let name = text[..<colon]
            if !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) {
                headerName = name.uppercased()
                text = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        let limits = HeaderLimits(maxHeaderLength: 64 * 1024, json: JSONLimits(maxBytes: 64 * 1024, maxDepth: 32))
        let json: JSONValue
        do { json = try HeaderCodec.decodeJSON(text, limits: limits) } catch { throw fail(error) }
        guard let object = json.objectValue else { throw fail(.wrongType(path: "(root)", expected: "an object", found: json.typeName)) }

        var members: [JSONMember] = []
        if let headerName { members.append(JSONMember("header", .string(headerName))) }
        if object["accepts"] != nil || object["paymentRequirements"] != nil {
            let required: PaymentRequired
            do {
                required = object["x402Version"] == .number("2") ? try PaymentRequired.decodeV2(json) : try PaymentRequired.decodeBody(json)
            } catch { throw fail(error, requirements: true) }
            members += [
                JSONMember("kind", .string("payment required")),
                JSONMember("dialect", .string(required.dialect.rawValue)),
                JSONMember("requirements", .array(required.accepts.map(requirementJSON))),
            ]
            if !required.unsupported.isEmpty {
                members.append(JSONMember("unsupported", .array(required.unsupported.map { .string("\($0.error.reason): \($0.error)") })))
            }
        } else if object["payload"] != nil {
            let payment: PaymentPayload
            do { payment = try PaymentPayload.decode(json) } catch { throw fail(error) }
            members += [
                JSONMember("kind", .string("payment")),
                JSONMember("dialect", .string(payment.dialect.rawValue)),
                JSONMember("payer", .string(payment.payer.checksummed)),
            ]
            members += signatureCheck(payment)
        } else if object["success"] != nil || object["event"] != nil {
            let settlement: SettleResponse
            do { settlement = try SettleResponse.decode(json) } catch { throw fail(error) }
            members += [
                JSONMember("kind", .string("payment response")),
                JSONMember("dialect", .string(object["event"] != nil ? "cronos" : "v1/v2")),
                JSONMember("success", .bool(settlement.success)),
            ]
            if let reason = settlement.errorReason { members.append(JSONMember("reason", .string(reason.rawValue))) }
        } else {
            throw CLIError("\(ReasonCode.invalidPayload): not an x402 header: no accepts, paymentRequirements, payload or success field")
        }
        members.append(JSONMember("value", json))
        return .object(JSONObject(members))
    }

    /// Whether the payment's signature recovers to its `from`, when the EIP-712 domain is known
    /// (v2 `accepted.extra`, or a known token for Cronos payments).
    static func signatureCheck(_ payment: PaymentPayload) -> [JSONMember] {
        let a = payment.exact.authorization
        if let permit = payment.exact.permit2 {
            // Permit2's domain needs only the chain.
            do {
                let signer = try permit.recoverSigner(payment.exact.signature, chainID: payment.network.chainID)
                return [JSONMember("signature", .string(signer == permit.owner ? "valid Permit2 permit (recovers to from)" : "INVALID: recovers to \(signer.checksummed)"))]
            } catch {
                return [JSONMember("signature", .string("INVALID: \(error)"))]
            }
        }
        var domain = payment.accepted?.eip712Domain
        if domain == nil, let asset = payment.asset, let token = CLITokens.token(asset: asset, chainID: payment.network.chainID) {
            domain = token.domain
        }
        guard let domain else { return [JSONMember("signature", .string("not checked: the EIP-712 domain is not in the payment"))] }
        do {
            let signer = try a.recoverSigner(payment.exact.signature, domain: domain)
            return [JSONMember("signature", .string(signer == a.from ? "valid (recovers to from)" : "INVALID: recovers to \(signer.checksummed)"))]
        } catch {
            return [JSONMember("signature", .string("INVALID: \(error)"))]
        }
    }

    private static func fail(_ error: DecodeError, requirements: Bool = false) -> CLIError {
        let reason = requirements && error.reason == .invalidPayload ? ReasonCode.invalidPaymentRequirements : error.reason
        return CLIError("\(reason): \(error)")
    }
}

/// Indented JSON for people (two spaces, UTF-8 kept, member order kept).
enum PrettyJSON {
    static func format(_ value: JSONValue) -> String {
        var out = ""
        write(value, indent: 0, into: &out)
        return out
    }

    private static func write(_ value: JSONValue, indent: Int, into out: inout String) {
        let pad = String(repeating: "  ", count: indent + 1)
        let closing = String(repeating: "  ", count: indent)
        switch value {
        case .array(let elements) where !elements.isEmpty:
            out += "[\n"
            for (i, element) in elements.enumerated() {
                out += pad
                write(element, indent: indent + 1, into: &out)
                out += i + 1 < elements.count ? ",\n" : "\n"
            }
            out += closing + "]"
        case .object(let object) where !object.isEmpty:
            out += "{\n"
            for (i, member) in object.enumerated() {
                out += pad + JSONWriter.string(.string(member.key)) + ": "
                write(member.value, indent: indent + 1, into: &out)
                out += i + 1 < object.count ? ",\n" : "\n"
            }
            out += closing + "}"
        default:
            out += JSONWriter.string(value)
        }
    }
}
