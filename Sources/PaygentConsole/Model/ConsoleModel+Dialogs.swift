import PaygentEVM
import PaygentFoundation

/// Submitting a dialog (approve with edits, deny with a reason, kill, policy changes).
extension ConsoleModel {
    // MARK: Dialog submit

    mutating func submit(_ dialog: Dialog) -> [ConsoleEffect] {
        switch dialog.kind {
        case .confirm(let command):
            closeOverlay()
            if case .setPolicy = command {
                // Back to the policy view, which reloads once the change is made.
                overlay = .detail(DetailView(subject: .policy, title: "Policy", lines: [], pane: focus))
                refreshDetail()
            }
            setStatus("\(command)…", .dim)
            return [.perform(command)]
        case .reject(let id):
            let reason = dialog.fields.first?.editor.text.trimmed(.spacesAndTabs) ?? ""
            closeOverlay()
            setStatus("rejecting \(UntrustedText(id))…", .dim)
            return [.perform(.reject(approvalID: id, reason: reason.isEmpty ? nil : reason))]
        case .policy(let oldDaily, let oldThreshold):
            return submitPolicy(dialog, oldDaily: oldDaily, oldThreshold: oldThreshold)
        case .edit(let id, let asked, let decimals, let originalArgs):
            var dialog = dialog
            let amountText = dialog.fields[0].editor.text.trimmed(.spacesAndTabs)
            var units: UInt256?
            if !amountText.isEmpty {
                guard let parsed = TokenAmount.parseUnits(amountText, decimals: decimals) else {
                    dialog.error = "not an amount: \(UntrustedText(amountText, maxWidth: 20)) (up to \(decimals) decimals)"
                    dialog.focus = 0
                    overlay = .dialog(dialog)
                    return []
                }
                if let asked, parsed > asked {
                    dialog.error = "the amount may only go down (asked \(TokenAmount(units: asked, decimals: decimals, symbol: "").amountText))"
                    dialog.focus = 0
                    overlay = .dialog(dialog)
                    return []
                }
                if parsed.isZero {
                    dialog.error = "the amount must be above zero (reject instead)"
                    dialog.focus = 0
                    overlay = .dialog(dialog)
                    return []
                }
                units = parsed == asked ? nil : parsed
            }
            let args = dialog.fields[1].editor.text.trimmed(.spacesAndTabs)
            let editedArgs = args == originalArgs.trimmed(.spacesAndTabs) || args.isEmpty ? nil : args
            closeOverlay()
            if units == nil && editedArgs == nil {
                setStatus("nothing edited: approving as asked…", .dim)
                return [.perform(.approve(approvalID: id))]
            }
            setStatus("approving \(UntrustedText(id)) with edits…", .dim)
            return [.perform(.edit(approvalID: id, amount: units.map { TokenAmount(units: $0, decimals: decimals, symbol: "").amountText }, args: editedArgs))]
        }
    }
}
