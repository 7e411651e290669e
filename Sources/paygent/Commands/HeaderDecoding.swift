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
        if domain == nil, let asset = payment.asset, let token = PaymentToken.known(asset: asset, chainID: payment.network.chainID) {
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
