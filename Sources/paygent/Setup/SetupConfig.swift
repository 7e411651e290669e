import Foundation
import PaygentConsole
import PaygentEVM
import X402

/// What `paygent init` wrote into `$XDG_CONFIG_HOME/paygent/config.toml`: the network, its token
/// table, facilitator and RPC URLs, and the wallet's key file. Every later command reads it, so
/// none needs network or key flags.
///
/// ```toml
/// [network]
/// name = "cronos-testnet"
/// chain_id = 338
/// facilitator_url = "https://facilitator.cronoslabs.org"
/// rpc_url = "https://evm-t3.cronos.org"
///
/// [wallet]
/// address = "0x…"
/// key_file = "/home/me/.config/paygent/keys/0x….key"
///
/// [[tokens]]
/// symbol = "devUSDC.e"
/// address = "0xc01efAaF7C5C61bEbFAeb358E1161b537b8bC0e0"
/// decimals = 6
/// eip712_name = "Bridged USDC (Stargate)"
/// eip712_version = "1"
/// ```
struct SetupConfig: Sendable, Equatable {
    var networkName: String
    var network: Network
    var facilitatorURL: String?
    var rpcURL: String?
    var walletAddress: Address
    var keyFile: String
    var tokens: [PaymentToken]

    /// Whether balances and settlements come from the store's ledger (no RPC node).
    var isDevnet: Bool { rpcURL == nil }

    /// `$XDG_CONFIG_HOME/paygent` (or `~/.config/paygent`).
    static func directory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        ConsoleFiles.configDirectory(environment: environment)
    }

    /// The config file.
    static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        directory(environment: environment) + "/config.toml"
    }

    /// The set-up in the config file; nil when the file is missing or `paygent init` has not
    /// written a `[network]` table to it. A broken set-up is an error naming the file and key.
    static func load(environment: [String: String] = ProcessInfo.processInfo.environment) throws(CLIError) -> SetupConfig? {
        let file = path(environment: environment)
        guard let text = ConsoleFiles.read(file) else { return nil }
        let document: [String: TOMLNode]
        do { document = try TOMLReader.parse(text, file: file) } catch { throw CLIError("\(error)") }
        guard document["network"] != nil else { return nil }
        return try parse(document, file: file)
    }

    /// The set-up, or an error that says how to create one (`paygent init`).
    static func required(for purpose: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(CLIError) -> SetupConfig {
        guard let setup = try load(environment: environment) else {
            throw CLIError("\(purpose) needs a wallet and a network, and \(path(environment: environment)) has none: run `paygent init` first "
                + "(or `paygent init --yes --network devnet --new-key` to try it locally)")
        }
        return setup
    }

    static func parse(_ document: [String: TOMLNode], file: String) throws(CLIError) -> SetupConfig {
        func fail(_ key: String, _ message: String) -> CLIError { CLIError("\(file): \(key): \(message) (re-run `paygent init --force` to rewrite it)") }
        func table(_ name: String) throws(CLIError) -> [String: TOMLNode] {
            guard case .table(let entries)? = document[name] else { throw fail("[\(name)]", "missing or not a table") }
            return entries
        }
        func string(_ entries: [String: TOMLNode], _ key: String, in name: String) throws(CLIError) -> String {
            guard case .string(let value)? = entries[key] else { throw fail("\(name).\(key)", "expected a string") }
            return value
        }
        func optionalURL(_ entries: [String: TOMLNode], _ key: String) throws(CLIError) -> String? {
            guard let node = entries[key] else { return nil }
            guard case .string(let value) = node, value.hasPrefix("http://") || value.hasPrefix("https://") else {
                throw fail("network.\(key)", "expected an http:// or https:// URL")
            }
            return value
        }
        let network = try table("network")
        let name = try string(network, "name", in: "network")
        guard case .int(let chain)? = network["chain_id"], chain > 0 else { throw fail("network.chain_id", "expected a positive integer") }
        let resolved: Network
        do { resolved = try Network(name == "devnet" ? "eip155:\(chain)" : name) } catch { throw fail("network.name", "\(error)") }
        guard resolved.chainID == UInt64(chain) else {
            throw fail("network.chain_id", "\(chain) is not the chain of \(name) (\(resolved.chainID))")
        }
        let wallet = try table("wallet")
        let address: Address
        do { address = try Address(try string(wallet, "address", in: "wallet")) } catch let error as CLIError { throw error } catch {
            throw fail("wallet.address", "not an address (\(error))")
        }
        let keyFile = try string(wallet, "key_file", in: "wallet")
        guard case .array(let entries)? = document["tokens"], !entries.isEmpty else { throw fail("[[tokens]]", "expected at least one token") }
        var tokens: [PaymentToken] = []
        for (index, entry) in entries.enumerated() {
            let where_ = "tokens[\(index)]"
            guard case .table(let token) = entry else { throw fail(where_, "expected a table") }
            let tokenAddress: Address
            do { tokenAddress = try Address(try string(token, "address", in: where_)) } catch let error as CLIError { throw error } catch {
                throw fail("\(where_).address", "not an address (\(error))")
            }
            guard case .int(let decimals)? = token["decimals"], (0...36).contains(decimals) else {
                throw fail("\(where_).decimals", "expected an integer between 0 and 36")
            }
            tokens.append(PaymentToken(network: resolved, address: tokenAddress, name: try string(token, "eip712_name", in: where_),
                                       version: try string(token, "eip712_version", in: where_),
                                       symbol: try string(token, "symbol", in: where_), decimals: decimals))
        }
        return SetupConfig(networkName: name, network: resolved, facilitatorURL: try optionalURL(network, "facilitator_url"),
                           rpcURL: try optionalURL(network, "rpc_url"), walletAddress: address, keyFile: keyFile, tokens: tokens)
    }

    /// The set-up as TOML, after `console` (the console's own settings, kept as they were).
    func render(keeping console: String = "") -> String {
        func quoted(_ text: String) -> String {
            "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }
        var lines: [String] = []
        if !console.isEmpty { lines.append(console.trimmingCharacters(in: .newlines)); lines.append("") }
        lines.append("# Written by `paygent init` (re-run with --force to change). The wallet's key stays in key_file.")
        lines.append("[network]")
        lines.append("name = \(quoted(networkName))")
        lines.append("chain_id = \(network.chainID)")
        if let facilitatorURL { lines.append("facilitator_url = \(quoted(facilitatorURL))") }
        if let rpcURL { lines.append("rpc_url = \(quoted(rpcURL))") }
        lines.append("")
        lines.append("[wallet]")
        lines.append("address = \(quoted(walletAddress.checksummed))")
        lines.append("key_file = \(quoted(keyFile))")
        for token in tokens {
            lines.append("")
            lines.append("[[tokens]]")
            lines.append("symbol = \(quoted(token.symbol))")
            lines.append("address = \(quoted(token.address.checksummed))")
            lines.append("decimals = \(token.decimals)")
            lines.append("eip712_name = \(quoted(token.name))")
            lines.append("eip712_version = \(quoted(token.version))")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
