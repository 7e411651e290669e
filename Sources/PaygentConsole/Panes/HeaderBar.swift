import PaygentFoundation
/// The top bar: mode, connection, global pause, wallet, spend today vs limit, clock.
enum HeaderBar {
    static func draw(_ canvas: Canvas, model: ConsoleModel, rect: Rect) {
        let base = canvas.theme[.header]
        var left: [StyledRun] = [StyledRun(" Paygent ", base.adding(.bold))]
        func sep() { left.append(StyledRun(canvas.glyphs.separator, base)) }
        sep()
        left.append(StyledRun(" " + UntrustedText(model.modeLabel, maxWidth: 40).value + " ", base))
        sep()
        switch model.connection {
        case .connecting: left.append(StyledRun(" connecting… ", base))
        case .live: left.append(StyledRun(" ● live ", base))
        case .reconnecting(let why): left.append(StyledRun(" reconnecting: " + UntrustedText(why, maxWidth: 48).value + " ", base.adding(.bold)))
        case .failed(let why): left.append(StyledRun(" offline: " + UntrustedText(why, maxWidth: 48).value + " ", base.adding(.bold)))
        }
        if model.overview.globalPause {
            sep()
            var paused = canvas.theme[.danger]
            paused.attrs.insert(.reverse)
            paused.attrs.insert(.bold)
            left.append(StyledRun(" ALL PAYMENTS PAUSED ", paused))
        }
        if model.readOnly {
            sep()
            left.append(StyledRun(" read-only ", base.adding(.bold)))
        }
        var right: [StyledRun] = []
        if let wallet = model.overview.wallet {
            var text = " wallet " + shortAddress(wallet.value)
            if let balance = model.overview.walletBalance { text += " " + balance.text }
            right.append(StyledRun(text + " ", base))
            right.append(StyledRun(canvas.glyphs.separator, base))
        }
        var today = " today " + model.overview.spentToday.text
        if let limit = model.overview.dailyLimit {
            today += " / " + limit.text
            let permille = model.overview.spentToday.permille(of: limit)
            right.append(StyledRun(today + " ", permille >= 900 ? base.adding(.bold) : base))
        } else {
            right.append(StyledRun(today + " ", base))
        }
        right.append(StyledRun(canvas.glyphs.separator, base))
        right.append(StyledRun(" " + TimeFormat.clock(model.now, offsetSeconds: model.utcOffsetSeconds, seconds: false) + " ", base))
        // Right part wins space from the left part only down to the clock.
        var rightWidth = canvas.runsWidth(right)
        while rightWidth > rect.width / 2, right.count > 2 {
            right.removeFirst()
            rightWidth = canvas.runsWidth(right)
        }
        let leftWidth = rect.width - rightWidth
        canvas.line(left, row: rect.row, col: rect.col, width: max(0, leftWidth), pad: base)
        canvas.terminal.put(runs: right, row: rect.row, col: rect.col + max(0, leftWidth), maxWidth: rightWidth)
    }

    static func shortAddress(_ address: String) -> String {
        address.count > 14 ? String(address.prefix(6)) + "…" + String(address.suffix(4)) : address
    }
}
