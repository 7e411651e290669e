import Foundation
import PaygentEVM
import X402

/// A token the control plane knows how to value: its contract, symbol, decimals and USD price.
public struct TokenInfo: Sendable, Hashable, Codable {
    /// Token contract address.
    public var address: Address
    /// Ticker shown to operators (`USDC`).
    public var symbol: String
    /// Decimal places of the base unit (USDC: 6).
    public var decimals: Int
    /// Price of one whole token in USD (stablecoins: `1.00`).
    public var usdPrice: USDAmount

    /// Creates a token description.
    public init(address: Address, symbol: String, decimals: Int, usdPrice: USDAmount) {
        self.address = address
        self.symbol = symbol
        self.decimals = decimals
        self.usdPrice = usdPrice
    }

    enum CodingKeys: String, CodingKey {
        case address, symbol, decimals
        case usdPrice = "usd_price"
    }

    /// The USD value of `amount` base units, rounded **up** to the micro-dollar so that limits are
    /// never undercounted. Nil on overflow.
    public func usdValue(of amount: UInt256) -> USDAmount? {
        // micros = ceil(amount * usdPrice.micros / 10^decimals)
        let (product, overflow) = amount.multipliedReportingOverflow(by: usdPrice.micros)
        guard !overflow, let scale = UInt256.powerOfTen(decimals) else { return nil }
        let (quotient, remainder) = product.quotientAndRemainder(dividingBy: scale)
        return USDAmount(micros: remainder.isZero ? quotient : quotient + 1)
    }

    /// `amount` base units as a decimal text in whole tokens (`"0.10"`).
    public func format(_ amount: UInt256) -> String { TokenAmount.format(amount, decimals: decimals) }
}

/// The configured price table: which tokens the policy engine can value, keyed by contract.
///
/// Stablecoins are 1:1 with USD. The default knows devUSDC.e on Cronos testnet and USDC.e on
/// Cronos mainnet (both 6 decimals).
public struct PriceTable: Sendable, Hashable, Codable {
    /// The known tokens.
    public var tokens: [TokenInfo]

    /// Creates a table.
    public init(tokens: [TokenInfo]) { self.tokens = tokens }

    /// devUSDC.e (Cronos testnet) and USDC.e (Cronos mainnet), 6 decimals, 1 USD each.
    public static let `default` = PriceTable(tokens: [
        TokenInfo(address: KnownTokens.devUSDCe, symbol: "USDC", decimals: 6, usdPrice: 1),
        TokenInfo(address: KnownTokens.usdcE, symbol: "USDC", decimals: 6, usdPrice: 1),
    ])

    /// The token at `address`, if known.
    public func token(_ address: Address) -> TokenInfo? { tokens.first { $0.address == address } }

    /// The token with `symbol` (case-insensitive), first match.
    public func token(symbol: String) -> TokenInfo? {
        tokens.first { $0.symbol.caseInsensitiveCompare(symbol) == .orderedSame }
    }

    /// Resolves an address or a symbol.
    public func resolve(_ text: String) -> TokenInfo? {
        if let address = try? Address(text) { return token(address) }
        return token(symbol: text)
    }

    /// Adds or replaces `info` (by address).
    public mutating func upsert(_ info: TokenInfo) {
        if let index = tokens.firstIndex(where: { $0.address == info.address }) {
            tokens[index] = info
        } else {
            tokens.append(info)
        }
    }
}

/// Well-known token contracts.
public enum KnownTokens {
    /// devUSDC.e on Cronos testnet (chain 338), 6 decimals.
    public static let devUSDCe = PaymentToken.cronosTestnetUSDC.address
    /// USDC.e on Cronos mainnet (chain 25), 6 decimals.
    public static let usdcE = PaymentToken.cronosMainnetUSDC().address
}
