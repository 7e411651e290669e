import PaygentEVM
/// A modal dialog: a confirmation (kill, reject, panic stop, large approval) or a small form
/// (reject reason, edit amount/arguments). Destructive dialogs open with **Cancel** focused.
public struct Dialog: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// Confirm then send a prepared command.
        case confirm(ConsoleCommand)
        /// Reject an approval with the reason typed in field 0.
        case reject(approvalID: String)
        /// Approve with the amount in field 0 (≤ the asked amount) and arguments in field 1.
        case edit(approvalID: String, askedUnits: UInt256?, decimals: Int, originalArgs: String)
        /// Change the daily limit (field 0, empty: none) and the approval threshold (field 1), then confirm.
        case policy(dailyLimitUSD: String?, approvalThresholdUSD: String)
    }

    /// An input field.
    public struct Field: Hashable, Sendable {
        public var label: String
        public var editor: LineEditor
    }

    public var kind: Kind
    public var title: String
    /// What the action concerns (session, approval id, amount, payee…).
    public var lines: [DetailLine]
    /// A warning line under the facts.
    public var warning: String?
    public var fields: [Field]
    public var confirmLabel: String
    public var destructive: Bool
    /// Focus: indices of fields, then Cancel (`fields.count`), then the confirm button.
    public var focus: Int
    /// A validation error shown in the dialog.
    public var error: String?

    init(kind: Kind, title: String, lines: [DetailLine], warning: String? = nil, fields: [Field] = [], confirmLabel: String, destructive: Bool) {
        self.kind = kind
        self.title = title
        self.lines = lines
        self.warning = warning
        self.fields = fields
        self.confirmLabel = confirmLabel
        self.destructive = destructive
        focus = destructive ? fields.count : (fields.isEmpty ? fields.count + 1 : 0)
    }

    public var cancelIndex: Int { fields.count }
    public var confirmIndex: Int { fields.count + 1 }
    public var cancelFocused: Bool { focus == cancelIndex }
    public var confirmFocused: Bool { focus == confirmIndex }

    /// What a key does in the dialog.
    enum Outcome { case stay, cancel, submit }

    mutating func handle(_ key: Key) -> Outcome {
        let stops = fields.count + 2
        switch key {
        case .esc:
            return .cancel
        case .tab, .down:
            focus = (focus + 1) % stops
        case .backTab, .up:
            focus = (focus + stops - 1) % stops
        case .left where focus >= fields.count:
            focus = cancelIndex
        case .right where focus >= fields.count:
            focus = confirmIndex
        case .enter:
            if focus == cancelIndex { return .cancel }
            if focus == confirmIndex { return .submit }
            focus += 1                      // enter in a field moves on
        default:
            guard !fields.isEmpty else { return .stay }
            let target = focus < fields.count ? focus : 0
            if fields[target].editor.edit(key) {
                error = nil
            }
        }
        return .stay
    }
}
