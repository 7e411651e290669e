import PaygentEVM

extension TokenAmount {
    /// Short form for tight columns: `$1.2k`, `$3.4M` past 10,000 (whole units, integer arithmetic).
    public var compactText: String {
        let whole = units / (UInt256.powerOfTen(decimals) ?? .max)
        let prefix = symbol == "USD" ? "$" : ""
        if whole >= UInt256(10_000_000) { return prefix + "\(whole / UInt256(1_000_000))M" }
        if whole >= UInt256(10_000) { return prefix + "\(whole / UInt256(1000))k" }
        return symbol == "USD" ? text : amountText
    }
}
