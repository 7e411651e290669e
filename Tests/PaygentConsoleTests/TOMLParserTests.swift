import Testing
@testable import PaygentConsole

/// The console's TOML reader: the subset its files use, and a clear error for anything else.
@Suite struct TOMLParserTests {
    @Test func readsTheSubsetTheConsoleUses() throws {
        let text = """
            # a comment
            name = "x" # trailing comment
            'literal key' = 'C:\\path'
            escaped = "tab\\there \\u00e9 \\U0001F984"
            count = 1_000
            negative = -5
            ratio = 0.5
            on = true
            list = [
              "a", # comment inside
              "b",
            ]
            nested = [[1, 2], []]
            a.b.c = 1
            [roles]
            focus = { fg = "sky-blue", bold = true, deep.er = 1 }
            [palette.extra]
            grey = "#999999"
            """
        let root = try TOMLParser.parse(text)
        #expect(root["name"] == .string("x"))
        #expect(root["literal key"] == .string("C:\\path"))
        #expect(root["escaped"] == .string("tab\there é 🦄"))
        #expect(root["count"] == .int(1000) && root["negative"] == .int(-5) && root["ratio"] == .double(0.5) && root["on"] == .bool(true))
        #expect(root["list"] == .array([.string("a"), .string("b")]))
        #expect(root["nested"] == .array([.array([.int(1), .int(2)]), .array([])]))
        #expect(root["a"] == .table(["b": .table(["c": .int(1)])]))
        #expect(root["roles"] == .table(["focus": .table(["fg": .string("sky-blue"), "bold": .bool(true), "deep": .table(["er": .int(1)])])]))
        #expect(root["palette"] == .table(["extra": .table(["grey": .string("#999999")])]))
        #expect(try TOMLParser.parse("when = 1979-05-27T07:32:00Z")["when"] == .other("a date or time"))
    }

    /// `paygent init` writes its token table as an array of tables.
    @Test func readsArraysOfTables() throws {
        let text = """
            [network]
            name = "devnet"
            [[tokens]]
            symbol = "USDC"
            domain.name = "USD Coin"
            [tokens.extra]
            decimals = 6
            [[tokens]]
            symbol = "devUSDC.e"
            [tokens.extra]
            decimals = 6
            [[net.hosts]]
            name = "a"
            """
        let root = try TOMLParser.parse(text)
        #expect(root["network"] == .table(["name": .string("devnet")]))
        #expect(root["tokens"] == .array([
            .table(["symbol": .string("USDC"), "domain": .table(["name": .string("USD Coin")]), "extra": .table(["decimals": .int(6)])]),
            .table(["symbol": .string("devUSDC.e"), "extra": .table(["decimals": .int(6)])]),
        ]))
        #expect(root["net"] == .table(["hosts": .array([.table(["name": .string("a")])])]))
    }

    @Test(arguments: [
        ("[[t]]\n[t]", 2), ("[t]\n[[t]]", 2), ("t = [1]\n[[t]]", 2), ("[[t]\n", 1), ("[[t]]\n[[t]]\n[t.x]\n[t.x]", 4),
        ("[%2F", 1), ("[\n", 1), ("x = [}", 1), ("[[[s]]", 1), ("a = 1\n[roles\ntext = 1", 2), ("a = 1\na = 2", 2), ("[t]\n[t]", 2),
        ("a = 1\na.b = 2", 2), ("s = \"open", 1), ("s = \"\"\"multi\"\"\"", 1), ("n = 0x10", 1), ("n = 99999999999999999999", 1),
        ("n = 1__0", 1), ("n = 1.", 1), ("x = yes", 1), ("x = 1 2", 1), ("x = \"\\q\"", 1), ("x = \"\\u12\"", 1), ("x = \"\\uD800\"", 1),
        ("t = { a = 1,, }", 1), ("t = { a = 1", 1), ("x = \"a\u{1b}[2J\"", 1), ("\r", 1), ("k", 1), ("= 1", 1),
        (String(repeating: "x = [", count: 1) + String(repeating: "[", count: 40), 1),
    ] as [(String, Int)])
    func refusesWithALine(_ text: String, _ line: Int) {
        do {
            let parsed = try TOMLParser.parse(text)
            Issue.record("\(text.debugDescription) parsed as \(parsed)")
        } catch {
            #expect(error.line == line, "\(text.debugDescription): \(error.message)")
            #expect(!error.message.isEmpty && !error.message.contains("\u{1b}"))
        }
    }
}
