import ArgumentParser
import Foundation
import PaygentConsole
import PaygentCore
import PaygentFoundation
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

    @Option(name: .long, help: ArgumentHelp(
        "A [contexts.NAME] of config.toml to run on (`local`: the local store).", valueName: "name"))
    var context: String?
}

/// A resolved remote control plane: the server and its token.
struct RemoteTarget: Sendable, Hashable {
    /// The server URL as given.
    var server: String
    /// The bearer token.
    var token: String?
    /// The context's `read_only` (the console opens read-only).
    var readOnly = false

    /// The target of these options, or nil for the local store. `database` given on the command
    /// line picks the local store over the environment and the config (not over `--server`: both is an error).
    static func resolve(_ options: RemoteOptions, database: String?, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws -> RemoteTarget? {
        if let server = options.server {
            if database != nil { throw CLIError("give either --server (a paygent serve) or --database (the local store), not both") }
            if options.context != nil { throw CLIError("give either --server or --context, not both") }
            return RemoteTarget(server: server, token: try token(options, environment: environment))
        }
        if let name = options.context {
            if database != nil, name != ConsoleContext.local { throw CLIError("give either --context \(name) or --database, not both") }
            var target = try named(name, environment: environment)
            if let token = options.token { target?.token = token }
            return target
        }
        if database != nil { return nil }
        if let server = environment["PAYGENT_SERVER"], !server.isEmpty {
            return RemoteTarget(server: server, token: try token(options, environment: environment))
        }
        let config = try config(environment)
        guard let server = config.serverURL, !server.isEmpty else {
            if options.token != nil { throw CLIError("--token needs a server: give --server URL or --context NAME (or set PAYGENT_SERVER or server_url in config.toml)") }
            return nil
        }
        return RemoteTarget(server: server, token: try token(options, environment: environment))
    }

    /// The target of context `name` (nil for `local`, the embedded store), its token read from
    /// `token` or `token_file`.
    static func named(_ name: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> RemoteTarget? {
        let config = try config(environment)
        if name == ConsoleContext.local { return nil }
        guard let context = config.contexts[name], let server = context.serverURL else {
            let known = ([ConsoleContext.local] + config.contexts.keys.sorted()).joined(separator: ", ")
            throw CLIError("--context: no context \(UntrustedText.identifier(name)) in \(ConsoleConfig.path(environment: environment)) (known: \(known))")
        }
        var token = context.token
        if let file = context.tokenFile {
            let path = file.hasPrefix("~/") ? (environment["HOME"] ?? "") + file.dropFirst(1) : file
            guard let text = FileManager.default.contents(atPath: path).map({ String(decoding: $0, as: UTF8.self) }) else {
                throw CLIError("context \(name): cannot read token_file \(UntrustedText.identifier(path))")
            }
            let line = text.split(whereSeparator: \.isNewline).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard !line.isEmpty else { throw CLIError("context \(name): token_file \(UntrustedText.identifier(path)) is empty") }
            token = line
        }
        return RemoteTarget(server: server, token: token, readOnly: context.readOnly)
    }

    /// The names `:ctx` offers: `local`, then the config's contexts.
    static func contextNames(environment: [String: String] = ProcessInfo.processInfo.environment) -> [String] {
        [ConsoleContext.local] + ((try? config(environment))?.contexts.keys.sorted() ?? [])
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
