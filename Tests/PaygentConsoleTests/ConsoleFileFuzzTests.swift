import PaygentEVM
import FuzzSupport
import Testing
@testable import PaygentConsole

/// Seeded fuzz runs (100,000 inputs each) of the console's config and theme TOML and its amount
/// parser: a clear error or a value, never a crash or a hang.
@Suite struct ConsoleFileFuzzTests {
    static let inputs = 100_000

    static let config = """
        theme = "solarized-dark"
        colors = "256"
        refresh_ms = 100
        server_url = "http://127.0.0.1:8402"
        token = "pgt_abc"
        read_only = false
        confirm_above = "10.00"
        event_window = 2000
        [keys]
        approve = "A"
        kill = ["K", "ctrl-k"]
        """

    static let theme = """
        name = "fuzz"
        background = "#101010"
        [palette]
        orange = "#e69f00"
        grey = "#999999"
        [roles]
        dim = "grey"
        focus = { fg = "orange", bold = true }
        selection = { fg = "#000000", bg = "orange", mono = "reverse" }
        money = 34
        """

    static let tokens = ["=", "\"", "'", "[", "]", "{", "}", "[[", "]]", "#", "\n", "= 1e999", "= -9223372036854775809", "= 0x", "= inf",
                         "= nan", "= 1979-05-27T07:32:00Z", "\"\\u0000\"", "\"\\x1b[2J\"", "\"\u{1b}]52;c;AAAA\u{7}\"", "\"\"\"", "'''"]

    @Test func configFiles() {
        var accepted = 0
        for text in FuzzInputs(seeds: [Self.config, "", "theme = 1", "[keys]\nquit = []"], tokens: Self.tokens, count: Self.inputs, seed: 0xC0F) {
            do {
                let config = try ConsoleConfig.parse(text, file: "config.toml")
                accepted += 1
                // An accepted threshold is an amount the console can compare.
                #expect(TokenAmount.parseUnits(config.confirmAbove, decimals: 6) != nil)
            } catch {
                #expect(!"\(error)".isEmpty)
            }
        }
        #expect(accepted > 1000)
    }

    @Test func themeFiles() {
        var accepted = 0
        for text in FuzzInputs(seeds: [Self.theme, "name = \"x\"", "[roles]\nfocus = \"#zzzzzz\""], tokens: Self.tokens, count: Self.inputs, seed: 0x7E3E) {
            if (try? ThemeLoader.parse(text, file: "fuzz.toml")) != nil { accepted += 1 }
        }
        #expect(accepted > 1000)
    }

    @Test func amounts() {
        var accepted = 0
        for text in FuzzInputs(seeds: ["10.00", "0.000001", "18446744073709.551616", " 5 ", "1" + String(repeating: "0", count: 70)],
                               tokens: ["0", ".", "-", "+"], count: Self.inputs, seed: 0x3017) {
            guard let units = TokenAmount.parseUnits(text, decimals: 6) else { continue }
            accepted += 1
            #expect(TokenAmount.parseUnits(TokenAmount(units: units, decimals: 6, symbol: "").amountText, decimals: 6) == units, "\(text.debugDescription)")
        }
        #expect(accepted > 1000)
    }
}
