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
