import ArgumentParser

/// The `paygent` command line: the console by default, and subcommands for every capability.
@main
struct PaygentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "paygent",
        abstract: "Control plane and operator console for AI agents that pay over x402.",
        version: PaygentVersion.current,
        subcommands: [KeysCommand.self, EVMCommand.self]
    )
}

/// The released version of the paygent tool.
enum PaygentVersion {
    static let current = "0.1.0"
}
