/// The spending policy as the `:policy` view shows it: every limit beside what is used of it,
/// and the two main limits as editable text (USD, exact decimals).
public struct PolicyRecord: Hashable, Sendable {
    /// One line per limit: label, then "limit · used …".
    public var lines: [DetailLine]
    /// Per-wallet USD per rolling 24 h (`"5.00"`), nil when none.
    public var dailyLimitUSD: String?
    /// Payments above this many USD ask an operator (`"1.00"`).
    public var approvalThresholdUSD: String

    public init(lines: [DetailLine], dailyLimitUSD: String?, approvalThresholdUSD: String) {
        self.lines = lines
        self.dailyLimitUSD = dailyLimitUSD
        self.approvalThresholdUSD = approvalThresholdUSD
    }
}
