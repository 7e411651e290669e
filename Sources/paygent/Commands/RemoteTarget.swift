import ArgumentParser
import Foundation
import PaygentConsole
import PaygentCore
import PaygentRemote

/// `--server URL`, `--token T`: where a command runs when it does not run on the local store.
///
/// Resolution, first match wins: `--server` (or `--database`, which means the local store) on the
/// command line; `PAYGENT_SERVER`; `server_url` in config.toml. The token: `--token`,
/// `PAYGENT_TOKEN`, the config's `token`. Without a server, commands open the embedded store.
struct RemoteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "A `paygent serve` to run on instead of the local store (default: $PAYGENT_SERVER, else server_url in config.toml).",
        valueName: "url"))
    var server: String?

    @Option(name: .long, help: ArgumentHelp("API token for --server (default: $PAYGENT_TOKEN, else token in config.toml).", valueName: "token"))
    var token: String?
}

/// A resolved remote control plane: the server and its token.
struct RemoteTarget: Sendable, Hashable {
    /// The server URL as given.
    var server: String
    /// The bearer token.
    var token: String?

    /// The target of these options, or nil for the local store. `database` given on the command
    /// line picks the local store over the environment and the config (not over `--server`: both is an error).
    static func resolve(_ options: RemoteOptions, database: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> RemoteTarget? {
        if let server = options.server {
            if database != nil { throw CLIError("give either --server (a paygent serve) or --database (the local store), not both") }
            return RemoteTarget(server: server, token: try token(options, environment: environment))
        }
        if database != nil { return nil }
        if let server = environment["PAYGENT_SERVER"], !server.isEmpty {
            return RemoteTarget(server: server, token: try token(options, environment: environment))
        }
        if options.token != nil { throw CLIError("--token needs a server: give --server URL (or set PAYGENT_SERVER or server_url in config.toml)") }
        let config = try config(environment)
        guard let server = config.serverURL, !server.isEmpty else { return nil }
        return RemoteTarget(server: server, token: environment["PAYGENT_TOKEN"].flatMap { $0.isEmpty ? nil : $0 } ?? config.token)
    }

    static func token(_ options: RemoteOptions, environment: [String: String]) throws -> String? {
        if let token = options.token { return token }
        if let token = environment["PAYGENT_TOKEN"], !token.isEmpty { return token }
        return try config(environment).token
    }

    static func config(_ environment: [String: String]) throws -> ConsoleConfig {
        do {
            return try ConsoleConfig.load(environment: environment)
        } catch {
            throw CLIError("\(error)")
        }
    }

    /// A client of the server (refusing a URL or token that cannot be sent, naming the flag).
    func client(reconnects: Bool = true) throws -> RemotePaygent {
        do {
            return try RemotePaygent(server: server, token: token, configuration: RemotePaygent.Configuration(reconnects: reconnects))
        } catch {
            throw CLIError("--\(error.field ?? "server"): \(error.message.replacingOccurrences(of: "\(error.field ?? ""): ", with: ""))")
        }
    }
}
