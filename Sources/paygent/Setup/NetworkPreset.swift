import X402
import PaygentFoundation

/// A network `paygent init` can set up: chain, the tokens agents pay in (from the one token
/// table, ``PaymentToken``), and where its facilitator and JSON-RPC node are.
struct NetworkPreset: Sendable {
    /// `cronos-testnet`, `cronos-mainnet`, `base-sepolia`, `base`, `devnet`.
    let name: String
    let network: Network
    let tokens: [PaymentToken]
    /// The facilitator paid services on this network settle through (informational for payers).
    let facilitatorURL: String?
    /// JSON-RPC node for balances and settlement lookups; nil on the devnet (the store's ledger).
    let rpcURL: String?
    /// One line for `init`'s menu.
    let summary: String

    /// Whether balances and settlements come from the store's local ledger rather than a chain.
    var isDevnet: Bool { rpcURL == nil }

    static let all: [NetworkPreset] = [
        NetworkPreset(name: "cronos-testnet", network: .cronosTestnet, tokens: [.cronosTestnetUSDC],
                      facilitatorURL: "https://facilitator.cronoslabs.org", rpcURL: "https://evm-t3.cronos.org",
                      summary: "Cronos EVM testnet (chain 338), devUSDC.e — free test funds"),
        NetworkPreset(name: "cronos-mainnet", network: .cronosMainnet, tokens: [.cronosMainnetUSDC()],
                      facilitatorURL: "https://facilitator.cronoslabs.org", rpcURL: "https://evm.cronos.org",
                      summary: "Cronos EVM mainnet (chain 25), USDC.e — real money"),
        NetworkPreset(name: "base-sepolia", network: .baseSepolia, tokens: [.baseSepoliaUSDC],
                      facilitatorURL: "https://x402.org/facilitator", rpcURL: "https://sepolia.base.org",
                      summary: "Base Sepolia testnet (chain 84532), USDC — free test funds"),
        NetworkPreset(name: "base", network: .base, tokens: [.baseUSDC],
                      facilitatorURL: "https://api.cdp.coinbase.com/platform/v2/x402", rpcURL: "https://mainnet.base.org",
                      summary: "Base mainnet (chain 8453), USDC — real money"),
        NetworkPreset(name: "devnet", network: .cronosTestnet, tokens: [.cronosTestnetUSDC],
                      facilitatorURL: nil, rpcURL: nil,
                      summary: "local devnet: Cronos testnet ids, balances in the store's ledger (with `paygent demo-services serve`)"),
    ]

    static let defaultName = "cronos-testnet"

    /// The preset called `name`; the error lists the choices.
    static func named(_ name: String) throws(CLIError) -> NetworkPreset {
        guard let preset = all.first(where: { $0.name == name }) else {
            throw CLIError("--network: unknown network \"\(UntrustedText.line(name, maxWidth: 40))\" (choose one of: \(all.map(\.name).joined(separator: ", ")))")
        }
        return preset
    }
}
