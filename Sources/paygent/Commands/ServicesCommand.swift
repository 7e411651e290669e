import ArgumentParser
import PaygentFoundation
import PaygentCore
import PaygentWire

/// `paygent services discover|show|add|update`.
struct ServicesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "services",
        abstract: "Discover, inspect, register and update paid services.",
        subcommands: [Discover.self, Show.self, Add.self, Update.self, ServicesImport.self]
    )

    static func printDetail(_ s: Service) {
        print("service     \(s.id)")
        print("name        \(UntrustedText.line(s.name, maxWidth: 80))")
        print("endpoint    \(UntrustedText.line(s.endpoint, maxWidth: 200))")
        print("category    \(UntrustedText.line(s.category, maxWidth: 80))")
        print("price       \(s.formattedPrice) \(UntrustedText.line(s.tokenSymbol, maxWidth: 80)) (\(s.priceUSD) USD) \(s.pricingModel.rawValue)")
        print("mcp         \(s.mcpCompatible ? "yes" : "no")")
        print("reputation  \(s.reputationScore) from \(s.totalCalls) calls (\(s.successfulCalls) settled)\(s.averageLatencyMs.map { ", ~\($0) ms" } ?? "")")
        if !s.description.isEmpty { print("about       \(UntrustedText.line(s.description, maxWidth: 300))") }
    }

    static func usd(_ text: String?, _ flag: String) throws -> USDAmount? {
        guard let text else { return nil }
        do { return try USDAmount(parsing: text) } catch { throw CLIError("\(flag): \(error)") }
    }

    struct Discover: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Find services, highest reputation first.")
        @OptionGroup var options: ControlPlaneOptions
        @OptionGroup var paging: PagingOptions
        @Option(help: "Category.") var category: String?
        @Option(name: .customLong("min-price"), help: "Minimum price in USD.") var minPrice: String?
        @Option(name: .customLong("max-price"), help: "Maximum price in USD.") var maxPrice: String?
        @Option(name: .customLong("min-reputation"), parsing: .unconditional, help: "Minimum reputation (0…5).") var minReputation: Double?
        @Flag(name: .customLong("mcp"), help: "Only MCP-compatible services.") var mcp = false

        func run() async throws {
            try await runCLI {
                let query = ServiceQuery(category: category, minPriceUSD: try ServicesCommand.usd(minPrice, "--min-price"),
                                         maxPriceUSD: try ServicesCommand.usd(maxPrice, "--max-price"),
                                         minReputation: minReputation, mcpCompatible: mcp ? true : nil, page: paging.request)
                let page = try await options.withPaygent { try await $0.discoverServices(query) }
                try options.output(WirePage(page)) {
                    if page.items.isEmpty { print("no services"); return }
                    CLIOutput.table(["ID", "NAME", "CATEGORY", "PRICE", "REPUTATION", "CALLS", "ENDPOINT"], page.items.map {
                        [$0.id, UntrustedText.line($0.name, maxWidth: 28), UntrustedText.line($0.category, maxWidth: 16),
                         "\($0.formattedPrice) \(UntrustedText.line($0.tokenSymbol, maxWidth: 8))", String($0.reputationScore),
                         String($0.totalCalls), UntrustedText.line($0.endpoint, maxWidth: 60)]
                    })
                    CLIOutput.page(page)
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one service.")
        @OptionGroup var options: ControlPlaneOptions
        @Argument(help: "Service id.") var id: String

        func run() async throws {
            try await runCLI {
                let service = try await options.withPaygent { try await $0.service(id: id) }
                try options.output(service) { ServicesCommand.printDetail(service) }
            }
        }
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a service.")
        @OptionGroup var options: ControlPlaneOptions
        @Option(help: "Name.") var name: String
        @Option(help: "URL (http or https).") var endpoint: String
        @Option(parsing: .unconditional, help: "Price in whole tokens, e.g. 0.10.") var price: String
        @Option(name: .customLong("price-token"), help: "Token of the price: a symbol or address (--token is the API token of --server).") var token = "USDC"
        @Option(help: "Category.") var category = "general"
        @Option(help: "Description.") var description = ""
        @Option(name: .customLong("pricing-model"), help: "per_call, subscription, usage or free.") var pricingModel = "per_call"
        @Flag(name: .customLong("mcp"), help: "Speaks MCP.") var mcp = false

        func run() async throws {
            try await runCLI {
                let request = NewService(name: name, description: description, endpoint: endpoint, category: category,
                                         pricingModel: pricingModel, priceAmount: price, priceToken: token, mcpCompatible: mcp)
                let service = try await options.withPaygent { try await $0.registerService(request, by: options.actor) }
                try options.output(service) { print("registered service \(service.id)") }
            }
        }
    }

    struct Update: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Change some fields of a service.")
        @OptionGroup var options: ControlPlaneOptions
        @Argument(help: "Service id.") var id: String
        @Option(help: "Name.") var name: String?
        @Option(help: "URL.") var endpoint: String?
        @Option(parsing: .unconditional, help: "Price in whole tokens.") var price: String?
        @Option(name: .customLong("price-token"), help: "Token of the price: a symbol or address (give --price too).") var token: String?
        @Option(help: "Category.") var category: String?
        @Option(help: "Description.") var description: String?
        @Option(name: .customLong("pricing-model"), help: "per_call, subscription, usage or free.") var pricingModel: String?
        @Option(name: .customLong("mcp"), help: "true or false.") var mcp: Bool?

        func run() async throws {
            try await runCLI {
                let update = ServiceUpdate(name: name, description: description, endpoint: endpoint, category: category,
                                           pricingModel: pricingModel, priceAmount: price, priceToken: token, mcpCompatible: mcp)
                let service = try await options.withPaygent { try await $0.updateService(id: id, update, by: options.actor) }
                try options.output(service) { print("updated service \(service.id)") }
            }
        }
    }
}
