import PaygentCore
import PaygentFoundation
import PaygentEVM

/// A guard on a plan step, evaluated by the runtime just before the step would start, against
/// the result of an earlier step ("buy it if under 0.05").
public struct StepCondition: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Index of the earlier step whose result is read.
    public var step: Int
    /// Key of the decimal amount in that step's result (`price_amount`).
    public var field: String
    /// The step runs only when the amount is strictly below this (whole tokens, `"0.05"`).
    public var below: String

    /// Creates a condition.
    public init(step: Int, field: String, below: String) {
        self.step = step
        self.field = field
        self.below = below
    }

    public var description: String { "step \(step + 1) \(field) < \(below)" }

    /// Whether the condition holds for `result`; nil (with a reason) when it cannot be decided.
    func evaluate(_ result: JSONValue?) -> (holds: Bool?, explanation: String) {
        guard let result, let text = result[field]?.decimalText else {
            return (nil, "step \(step + 1) has no \(field) to compare with \(below)")
        }
        // Compare exactly, in the larger of the two precisions (at most 18 decimals).
        let decimals = max(Self.decimals(of: text), Self.decimals(of: below))
        guard decimals <= 18,
              let value = try? TokenAmount.parse(text, decimals: decimals),
              let limit = try? TokenAmount.parse(below, decimals: decimals)
        else { return (nil, "cannot compare \(text) with \(below)") }
        let holds = value < limit
        return (holds, "\(field) \(text) is \(holds ? "under" : "not under") \(below)")
    }

    private static func decimals(of text: String) -> Int {
        guard let dot = text.firstIndex(of: ".") else { return 0 }
        return text.distance(from: text.index(after: dot), to: text.endIndex)
    }
}
