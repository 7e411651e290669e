import PaygentEVM

/// An EIP-3009 token as x402 needs to know it: where it lives, its EIP-712 domain, its decimals.
public struct PaymentToken: Sendable, Hashable, CustomStringConvertible {
    /// The chain the token lives on (any spelling; use ``Network/caip2`` or ``Network/legacy`` to pick one).
    public var network: Network
    /// The token contract (the EIP-712 verifying contract).
    public var address: Address
    /// EIP-712 domain name (`extra.name`).
    public var name: String
    /// EIP-712 domain version (`extra.version`).
    public var version: String
    /// Ticker, for display.
    public var symbol: String
    /// Number of decimals of one whole token.
    public var decimals: Int

    public init(network: Network, address: Address, name: String, version: String, symbol: String, decimals: Int) {
        self.network = network
        self.address = address
        self.name = name
        self.version = version
        self.symbol = symbol
        self.decimals = decimals
    }

    /// devUSDC.e on Cronos testnet (chain 338), 6 decimals, domain "Bridged USDC (Stargate)" / "1".
    public static let cronosTestnetUSDC = PaymentToken(
        network: .cronosTestnet,
        address: try! Address("0xc01efAaF7C5C61bEbFAeb358E1161b537b8bC0e0"),
        name: "Bridged USDC (Stargate)", version: "1", symbol: "devUSDC.e", decimals: 6
    )

    /// USDC.e on Cronos mainnet (chain 25), 6 decimals. The domain version is documented
    /// inconsistently; pass another `version` when the contract says otherwise.
    public static func cronosMainnetUSDC(version: String = "1") -> PaymentToken {
        PaymentToken(
            network: .cronosMainnet,
            address: try! Address("0xf951eC28187D9E5Ca673Da8FE6757E6f0Be5F77C"),
            name: "Bridged USDC (Stargate)", version: version, symbol: "USDC.e", decimals: 6
        )
    }

    /// USDC on Base Sepolia (chain 84532), 6 decimals, domain "USDC" / "2".
    public static let baseSepoliaUSDC = PaymentToken(
        network: .baseSepolia,
        address: try! Address("0x036CbD53842c5426634e7929541eC2318f3dCF7e"),
        name: "USDC", version: "2", symbol: "USDC", decimals: 6
    )

    /// USDC on Base (chain 8453), 6 decimals, domain "USD Coin" / "2".
    public static let baseUSDC = PaymentToken(
        network: .base,
        address: try! Address("0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"),
        name: "USD Coin", version: "2", symbol: "USDC", decimals: 6
    )

    /// The tokens Paygent knows by address (the one token table): devUSDC.e on Cronos testnet,
    /// USDC.e on Cronos mainnet, USDC on Base Sepolia and on Base.
    public static let known: [PaymentToken] = [.cronosTestnetUSDC, .cronosMainnetUSDC(), .baseSepoliaUSDC, .baseUSDC]

    /// The known token at `asset` on chain `chainID`.
    public static func known(asset: Address, chainID: UInt64) -> PaymentToken? {
        known.first { $0.address == asset && $0.network.chainID == chainID }
    }

    /// The token's EIP-712 domain.
    public var domain: EIP712Domain {
        EIP712Domain(name: name, version: version, chainId: UInt256(network.chainID), verifyingContract: address)
    }

    /// Parses a human amount such as `"0.01"` into base units.
    public func amount(_ text: String) throws(AmountError) -> UInt256 {
        try TokenAmount.parse(text, decimals: decimals)
    }

    /// Formats base units as a human amount (`"0.01"`).
    public func format(_ amount: UInt256) -> String { TokenAmount.format(amount, decimals: decimals) }

    public var description: String { "\(symbol) \(address) on \(network)" }
}
