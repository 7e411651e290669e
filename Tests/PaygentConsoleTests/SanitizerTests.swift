import Testing
@testable import PaygentFoundation
@testable import PaygentConsole

@Suite struct SanitizerTests {
    @Test func plainTextPassesUnchanged() {
        #expect(UntrustedText("weather-api v2").value == "weather-api v2")
        #expect(UntrustedText("データ収集").value == "データ収集")
    }

    @Test func oscClipboardWriteIsRemovedWhole() {
        #expect(UntrustedText("a\u{1B}]52;c;aGk=\u{07}b").value == "ab")
        #expect(UntrustedText("a\u{1B}]52;c;aGk=\u{1B}\\b").value == "ab")          // ST terminator
        #expect(UntrustedText("a\u{9D}52;c;aGk=\u{9C}b").value == "ab")              // 8-bit OSC … ST
        #expect(UntrustedText("\u{1B}]8;;https://evil.example\u{07}click\u{1B}]8;;\u{07}").value == "click")
    }

    @Test func csiSequencesAreRemovedWhole() {
        #expect(UntrustedText("x\u{1B}[2Jy").value == "xy")
        #expect(UntrustedText("x\u{1B}[6ny").value == "xy")
        #expect(UntrustedText("\u{1B}[31;1mred\u{1B}[0m").value == "red")
        #expect(UntrustedText("x\u{9B}2Jy").value == "xy")
        #expect(UntrustedText("\u{1B}[?1049h\u{1B}[?25l").value == "")
        #expect(UntrustedText("\u{1B}Pq#0;2;0;0;0\u{1B}\\ok").value == "ok")       // DCS (sixel)
        #expect(UntrustedText("a\u{1B}(0b").value == "ab")                           // charset switch
        #expect(UntrustedText("a\u{1B}cb").value == "ab")                            // RIS
    }

    @Test func controlCharactersAreDroppedOrMadeVisible() {
        #expect(UntrustedText("a\u{00}b\u{07}c\u{08}d\u{7F}e").value == "abcde")
        #expect(UntrustedText("a\u{85}b\u{90}x\u{9C}c").value == "a↵bc")
        #expect(UntrustedText("tab\there").value == "tab here")
        #expect(UntrustedText("line1\nline2").value == "line1↵line2")
        #expect(UntrustedText("evil\rgood").value == "evil↵good")
        #expect(UntrustedText("crlf\r\nnext").value == "crlf↵next")
        #expect(UntrustedText(multiline: "a\r\nb\tc").value == "a\nb    c")
    }

    @Test func bidiOverridesAndInvisiblesAreDropped() {
        #expect(UntrustedText("abc\u{202E}fdp.exe").value == "abcfdp.exe")
        for scalar in [0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200B, 0x200E, 0x200F, 0xFEFF, 0xE0041] {
            let text = "x" + String(Unicode.Scalar(UInt32(scalar))!) + "y"
            #expect(UntrustedText(text).value == "xy", "U+\(String(scalar, radix: 16))")
        }
    }

    @Test func widthIsCappedWithAnEllipsis() {
        let long = String(repeating: "A", count: 10_000)
        let safe = UntrustedText(long, maxWidth: 40)
        #expect(safe.width == 40)
        #expect(safe.value.hasSuffix("…"))
        let wide = UntrustedText(String(repeating: "漢", count: 100), maxWidth: 11)
        #expect(wide.width <= 11)
        #expect(wide.value.hasSuffix("…"))
        // A huge input is not scanned to its end.
        let huge = String(repeating: "x\u{1B}[1m", count: 200_000)
        #expect(UntrustedText(huge, maxWidth: 20).width == 20)
    }

    @Test func zalgoIsLimited() {
        let zalgo = "a" + String(repeating: "\u{0301}", count: 50) + "b"
        let safe = UntrustedText(zalgo)
        #expect(safe.value.unicodeScalars.count == 2 + Sanitizer.maxCombiningMarks)
        #expect(safe.width == 2)
    }

    @Test func unterminatedSequencesSwallowOnlyWhatFollows() {
        #expect(UntrustedText("name\u{1B}]52;c;aGk=").value == "name")
        #expect(UntrustedText("name\u{1B}[").value == "name")
        #expect(UntrustedText("name\u{1B}").value == "name")
    }

    /// The acceptance test from the issue: hostile service and session names render inert and
    /// width-bounded in a real frame.
    @Test func hostileNamesRenderInertAndBounded() async {
        let hostile = [
            "\u{1B}]52;c;aGk=\u{07}clipboard",
            "\u{1B}[2Jcleared",
            "carriage\rreturn",
            "\u{202E}gnp.exe",
            String(repeating: "W", count: 10_000),
        ]
        let clock = ManualClock(Timestamp(milliseconds: ConsoleSampleData.now))
        let now = ConsoleSampleData.now
        let sessions = hostile.enumerated().map { index, name in
            SessionRecord(id: "ses_h\(index)", name: name, status: .running, spent: .usd(micros: 10_000), budget: nil,
                          payments: 1, createdAt: now - EpochMillis(index) * 1000, lastActive: now)
        }
        let payments = hostile.enumerated().map { index, name in
            PaymentRecord(id: "pay_h\(index)", time: now - EpochMillis(index) * 1000, sessionID: "ses_h\(index)", service: name, resource: name,
                          payee: name, payer: "0x1", amount: .usd(micros: 10_000), amountUSD: .usd(micros: 10_000), status: .confirmed,
                          txHash: name, network: "base")
        }
        let backend = InMemoryConsoleBackend(sessions: sessions, payments: payments, clock: clock)
        let harness = await Harness.started(cols: 120, rows: 40, backend: backend)
        let frame = harness.text
        for line in frame.split(separator: "\n") { #expect(DisplayWidth.of(String(line)) <= 120) }
        #expect(!frame.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        #expect(!frame.unicodeScalars.contains { (0x7F...0x9F).contains($0.value) })
        #expect(!frame.unicodeScalars.contains { (0x202A...0x202E).contains($0.value) || (0x2066...0x2069).contains($0.value) })
        // Stripping only the ESC byte would leave the rest of each sequence visible: none of it may remain.
        for remnant in ["[2J", "]52;", "52;c;", "aGk=", "\u{07}"] {
            #expect(!frame.contains(remnant), "the frame shows \(remnant.debugDescription) of an escape sequence")
        }
        #expect(frame.contains("clipboard"))
        #expect(frame.contains("cleared"))
        #expect(frame.contains("carriage↵r"))
        #expect(frame.contains("gnp.exe"))
        #expect(frame.contains("WWWW"))
        Snapshot.check(Snapshot.frame(harness.terminal, styles: false), named: "hostile-names-120x40")
        // The detail view of the 10,000-character session stays bounded too.
        await harness.driver.press(.char("G"), .enter)
        for row in 0..<40 { #expect(DisplayWidth.of(harness.terminal.line(row)) <= 120) }
    }
}

@Suite struct DisplayWidthTests {
    @Test func widths() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("漢字") == 4)
        #expect(DisplayWidth.of("ｶﾀｶﾅ") == 4)          // halfwidth katakana
        #expect(DisplayWidth.of("é") == 1)              // precomposed
        #expect(DisplayWidth.of("e\u{0301}") == 1)      // combining
        #expect(DisplayWidth.of("한국어") == 6)
        #expect(DisplayWidth.of("👍") == 2)
        #expect(DisplayWidth.of("👨‍👩‍👧") == 2)
        #expect(DisplayWidth.of("🇯🇵") == 2)
        #expect(DisplayWidth.of("─│█") == 3)
    }

    @Test func truncateAndFit() {
        #expect(DisplayWidth.truncate("hello world", to: 8) == "hello w…")
        #expect(DisplayWidth.truncate("漢字漢字", to: 5) == "漢字…")
        #expect(DisplayWidth.fit("ab", to: 4) == "ab  ")
        #expect(DisplayWidth.fit("ab", to: 4, alignRight: true) == "  ab")
        #expect(DisplayWidth.fit("漢字漢字", to: 4) == "漢… ")
    }
}
