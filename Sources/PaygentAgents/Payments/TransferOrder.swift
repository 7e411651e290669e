import PaygentCore
import PaygentEVM
import PaygentFoundation
import X402

/// A direct transfer as written by an agent's `transfer` tool or a `POST /api/v1/wallet/transfer`
/// caller, checked once for both: the recipient address, the devnet token (by symbol or address)
/// and the exact amount in its base units. No floating point; nothing is paid by making one.
public struct TransferOrder: Sendable, Hashable {
    /// Where the tokens go.
    public var recipient: Address
    /// The token moved.
    public var token: PaymentToken
    /// Base units of ``token``, above zero.
    public var amount: UInt256

    /// Why an order was refused: the field at fault (`recipient`, `amount`, `token`; the wire
    /// names) and what is wrong with it, phrased to follow the field's name.
    public struct Invalid: Error, Sendable, Hashable, CustomStringConvertible {
        /// The field at fault.
        public var field: String
        /// What is wrong (`must be a 0x address of 40 hex digits`).
        public var message: String

        public var description: String { "\(field) \(message)" }
    }

    /// Checks a transfer of `amount` whole tokens (`"5"`, `"0.25"`) of `token` (a symbol such as
    /// `USDC`, any dollar spelling, or a token's 0x address) to `recipient`, paid from `wallet`.
    /// The token must be one of `tokens`; `priceTable` maps a symbol to its address first.
    public static func make(
        recipient: String, amount: String, token: String, from wallet: Address?, tokens: [PaymentToken], priceTable: PriceTable
    ) throws(Invalid) -> TransferOrder {
        guard let to = try? Address(recipient) else {
            throw Invalid(field: "recipient", message: "must be a 0x address of 40 hex digits")
        }
        guard let paymentToken = Self.token(token, tokens: tokens, priceTable: priceTable) else {
            throw Invalid(field: "token", message: "\(UntrustedText.line(token, maxWidth: 60)) is not a configured devnet token")
        }
        let units: UInt256
        do {
            units = try paymentToken.amount(amount)
        } catch {
            throw Invalid(field: "amount", message: "\(UntrustedText.line(amount, maxWidth: 60)) is not a valid \(paymentToken.symbol) amount (\(error))")
        }
        guard !units.isZero else { throw Invalid(field: "amount", message: "must be above zero") }
        if to == wallet { throw Invalid(field: "recipient", message: "is the paying wallet itself") }
        return TransferOrder(recipient: to, token: paymentToken, amount: units)
    }

    /// The devnet token `text` names: a 0x address of one of `tokens`, else a symbol (dollar
    /// spellings are USDC) looked up in the price table, then among the tokens' own symbols.
    public static func token(_ text: String, tokens: [PaymentToken], priceTable: PriceTable) -> PaymentToken? {
        if text.hasPrefix("0x") || text.hasPrefix("0X") {
            guard let address = try? Address(text) else { return nil }
            return tokens.first { $0.address == address }
        }
        let symbol = AmountPhrase.displaySymbol(text)
        if let info = priceTable.token(symbol: symbol), let token = tokens.first(where: { $0.address == info.address }) {
            return token
        }
        return tokens.first { $0.symbol.caseInsensitiveCompare(symbol) == .orderedSame }
    }

    /// The arguments recorded with the payment and shown in an approval request (`to`, `amount`
    /// in whole tokens, `token` symbol) — the `transfer` tool's own argument names.
    public var toolArgs: JSONValue {
        .object(["to": .string(recipient.checksummed), "amount": .string(token.format(amount)), "token": .string(token.symbol)])
    }
}
