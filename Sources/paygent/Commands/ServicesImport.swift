import ArgumentParser
import PaygentFoundation
import Http
import PaygentCore
import PaygentEVM
import X402

/// `paygent services import --facilitator URL`: fills the service registry from a facilitator's
/// `bazaar` discovery list (`GET URL/discovery/resources`, every page).
struct ServicesImport: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Register the paid resources a facilitator's bazaar discovery list names.",
        discussion: """
            Each resource becomes a service: its serviceName (else its description) as the name, its \
            first tag as the category (else x402), the first payment option whose token is in the \
            price table as the price (exact: per_call, upto: usage, the maximum). Resources already \
            registered, or payable only in unknown tokens, are skipped and counted.
            """
    )

    @OptionGroup var options: ControlPlaneOptions
    @Option(help: "The facilitator's base URL (its discovery list is URL/discovery/resources).") var facilitator: String
    @Option(parsing: .unconditional, help: "Most resources to read (1…10000).") var max: Int = 1000

    func run() async throws {
        try await runCLI {
            guard facilitator.hasPrefix("http://") || facilitator.hasPrefix("https://"), facilitator.utf8.count <= 2048 else {
                throw CLIError("--facilitator must be an http(s) URL")
            }
            guard (1...10_000).contains(max) else { throw CLIError("--max must be from 1 to 10000") }
            let base = facilitator.hasSuffix("/") ? String(facilitator.dropLast()) : facilitator
            var resources: [DiscoveryResource] = []
            var offset = 0
            while resources.count < max {
                let response: HTTPResponse
                do {
                    response = try await HTTPClient.shared.send(HTTPRequest(url: "\(base)/discovery/resources?limit=100&offset=\(offset)"))
                } catch {
                    throw CLIError("cannot reach \(base)/discovery/resources: \(error)")
                }
                guard response.status == 200 else { throw CLIError("\(base)/discovery/resources answered HTTP \(response.status)") }
                let json: JSONValue
                do { json = try JSONParser.parse(response.body, limits: JSONLimits(maxBytes: 4 << 20, maxDepth: 32)) } catch {
                    throw CLIError("the discovery list is not JSON: \(error)")
                }
                let items = json.objectValue?["items"]?.arrayValue ?? []
                for (i, item) in items.enumerated() {
                    do { resources.append(try DiscoveryResource.decode(item, path: "items[\(offset + i)]").0) } catch {
                        throw CLIError("\(ReasonCode.invalidPayload): discovery item \(offset + i): \(error)")
                    }
                }
                var total = 0
                if case .number(let text)? = json.objectValue?["pagination"]?.objectValue?["total"] { total = Int(text) ?? 0 }
                offset += items.count
                if items.isEmpty || offset >= total { break }
            }
            let found = Array(resources.prefix(max))
            let (imported, skipped) = try await options.withPaygent { paygent in
                let table = try await paygent.policy().priceTable
                var imported: [Service] = []
                var skipped: [String] = []
                for resource in found {
                    guard let option = resource.accepts.first(where: { table.token($0.asset) != nil }), let token = table.token(option.asset) else {
                        skipped.append("\(UntrustedText.line(resource.resource, maxWidth: 120)): no payment option in a priced token")
                        continue
                    }
                    let name = resource.serviceName ?? resource.description ?? resource.resource
                    let request = NewService(
                        name: String(name.prefix(120)), description: String((resource.description ?? "").prefix(500)),
                        endpoint: resource.resource, category: String((resource.tags?.first ?? "x402").prefix(60)),
                        pricingModel: option.scheme == PaymentRequirement.uptoScheme ? "usage" : "per_call",
                        priceAmount: TokenAmount.format(option.amount, decimals: token.decimals), priceToken: option.asset.checksummed,
                        mcpCompatible: false)
                    do {
                        imported.append(try await paygent.registerService(request, by: options.actor))
                    } catch let error as PaygentError where error.code == .conflict {
                        skipped.append("\(UntrustedText.line(resource.resource, maxWidth: 120)): already registered")
                    } catch {
                        skipped.append("\(UntrustedText.line(resource.resource, maxWidth: 120)): \(error)")
                    }
                }
                return (imported, skipped)
            }
            try options.output(imported) {
                for service in imported {
                    print("imported \(service.id)  \(UntrustedText.line(service.name, maxWidth: 80))  [\(UntrustedText.line(service.category, maxWidth: 80))]  \(service.formattedPrice) \(UntrustedText.line(service.tokenSymbol, maxWidth: 80)) \(service.pricingModel.rawValue)  \(UntrustedText.line(service.endpoint, maxWidth: 120))")
                }
                for reason in skipped { print("skipped \(reason)") }
                print("\(imported.count) imported, \(skipped.count) skipped, from \(found.count) resources")
            }
        }
    }
}
