import PaygentEVM
import PaygentFoundation
extension ConsoleModel {
    /// `e` in the `:policy` view: a form with the daily limit and the approval threshold.
    mutating func openPolicyEdit() -> [ConsoleEffect] {
        guard let policy else {
            setStatus("the policy is still loading", .dim)
            return []
        }
        overlay = .dialog(Dialog(kind: .policy(dailyLimitUSD: policy.dailyLimitUSD, approvalThresholdUSD: policy.approvalThresholdUSD),
                                 title: "Edit the main limits", lines: [DetailLine("Scope", UntrustedText("every wallet and session"))],
                                 warning: "USD, exact decimals. Leave the daily limit empty for none. You confirm next.",
                                 fields: [.init(label: "Daily limit", editor: LineEditor(policy.dailyLimitUSD ?? "", limit: 30)),
                                          .init(label: "Approval >", editor: LineEditor(policy.approvalThresholdUSD, limit: 30))],
                                 confirmLabel: "Review", destructive: false))
        dirty.insert(.overlay)
        return []
    }

    /// The form submitted: check both amounts, then ask for confirmation naming old → new.
    mutating func submitPolicy(_ dialog: Dialog, oldDaily: String?, oldThreshold: String) -> [ConsoleEffect] {
        var dialog = dialog
        func refuse(_ field: Int, _ message: String) -> [ConsoleEffect] {
            dialog.error = message
            dialog.focus = field
            overlay = .dialog(dialog)
            return []
        }
        let dailyText = dialog.fields[0].editor.text.trimmed(.spacesAndTabs)
        let thresholdText = dialog.fields[1].editor.text.trimmed(.spacesAndTabs)
        let daily: String?
        if dailyText.isEmpty || dailyText == "none" {
            daily = nil
        } else {
            guard let units = TokenAmount.parseUnits(dailyText, decimals: 6) else { return refuse(0, "daily limit: not a USD amount like 5.00") }
            daily = TokenAmount.format(units, decimals: 6)
        }
        guard let thresholdUnits = TokenAmount.parseUnits(thresholdText, decimals: 6) else { return refuse(1, "approval threshold: not a USD amount like 1.00") }
        let threshold = TokenAmount.format(thresholdUnits, decimals: 6)
        let sameDaily = daily.flatMap { TokenAmount.parseUnits($0, decimals: 6) } == oldDaily.flatMap { TokenAmount.parseUnits($0, decimals: 6) }
        let sameThreshold = TokenAmount.parseUnits(oldThreshold, decimals: 6) == thresholdUnits
        if sameDaily && sameThreshold {
            closeOverlay()
            setStatus("policy unchanged", .dim)
            return []
        }
        func usd(_ text: String?) -> String { text.map { "\($0) USD" } ?? "none" }
        var lines: [DetailLine] = []
        if !sameDaily { lines.append(DetailLine("Daily limit", UntrustedText("\(usd(oldDaily)) → \(usd(daily))"))) }
        if !sameThreshold { lines.append(DetailLine("Approval >", UntrustedText("\(usd(oldThreshold)) → \(usd(threshold))"))) }
        overlay = .dialog(Dialog(kind: .confirm(.setPolicy(dailyLimitUSD: daily, approvalThresholdUSD: threshold)),
                                 title: "Change the policy?", lines: lines,
                                 warning: "Applies to every payment from now on; recorded as policy.updated by you.",
                                 confirmLabel: "Change", destructive: true))
        dirty = .all  // a smaller dialog replaces the form: repaint what it covered
        return []
    }
}
