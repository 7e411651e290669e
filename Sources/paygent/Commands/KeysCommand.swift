import ArgumentParser
import PaygentEVM

/// `paygent keys`: create key files and show their addresses. Keys themselves are never printed.
struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create and inspect secp256k1 key files.",
        subcommands: [New.self, Show.self]
    )

    /// `paygent keys new [--out FILE]`
    struct New: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "new",
            abstract: "Generate a key into a new file (mode 0600) and print its address.",
            discussion: """
                Without --out the key goes to $XDG_DATA_HOME/paygent/keys/<address>.key \
                (~/.local/share/paygent/keys/…); its path is reported on stderr. Existing files are never overwritten.
                """
        )

        @Option(name: .long, help: ArgumentHelp("File to create for the new key.", valueName: "file"))
        var out: String?

        func run() async throws {
            try await runCLI {
                let key = try PrivateKey.generate()
                let path = try out ?? KeyFile.defaultPath(for: key.address)
                try KeyFile.write(key, to: path)
                if out == nil { KeyFile.printToStandardError("paygent: wrote key file \(path)") }
                print(key.address.checksummed)
            }
        }
    }

    /// `paygent keys address --key-file FILE`
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "address",
            abstract: "Print the address of the key in a key file."
        )

        @Option(name: .customLong("key-file"), help: ArgumentHelp("The key file.", valueName: "file"))
        var keyFile: String

        func run() async throws {
            try await runCLI {
                print(try KeyFile.load(keyFile).address.checksummed)
            }
        }
    }
}
