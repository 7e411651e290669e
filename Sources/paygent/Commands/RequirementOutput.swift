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
    if let token = PaymentToken.known(asset: r.asset, chainID: r.chainID) {
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
