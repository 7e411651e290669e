import Foundation
import PaygentFoundation
import PaygentCore
import PaygentEVM
import Testing

@Suite("Domain values")
struct DomainTests {
    @Test("USD amounts parse exactly and encode as decimal strings; numbers are accepted on input")
    func usd() throws {
        #expect(try USDAmount(parsing: "5.00").micros == UInt256(5_000_000))
        #expect(try USDAmount(parsing: "0.000001").description == "0.000001")
        #expect(throws: AmountError.self) { try USDAmount(parsing: "0.0000001") }
        #expect(throws: AmountError.self) { try USDAmount(parsing: "-1") }
        let decoded = try JSONDecoder().decode([USDAmount].self, from: Data(#"["5.00", 5, 0.1, 12.345678]"#.utf8))
        #expect(decoded.map(\.description) == ["5.00", "5.00", "0.10", "12.345678"])
        #expect(String(decoding: try JSONEncoder().encode(USDAmount(integerLiteral: 10)), as: UTF8.self) == #""10.00""#)
    }

    @Test("Token USD value rounds up to the micro-dollar")
    func tokenValue() throws {
        let eighteen = TokenInfo(address: .zero, symbol: "X", decimals: 18, usdPrice: 1)
        #expect(eighteen.usdValue(of: 1)?.micros == 1)
        #expect(eighteen.usdValue(of: UInt256(1_000_000_000_000))?.micros == 1)
        #expect(eighteen.usdValue(of: UInt256(1_000_000_000_001))?.micros == 2)
        let usdc = PriceTable.default.token(KnownTokens.devUSDCe)!
        #expect(usdc.usdValue(of: 100_000) == (try USDAmount(parsing: "0.10")))
        let cro = TokenInfo(address: .zero, symbol: "CRO", decimals: 18, usdPrice: try USDAmount(parsing: "0.08"))
        #expect(cro.usdValue(of: try TokenAmount.parse("10", decimals: 18)) == (try USDAmount(parsing: "0.80")))
    }

    @Test("Timestamps round-trip through ISO-8601")
    func timestamps() {
        let time = Timestamp(milliseconds: 1_750_000_000_123)
        #expect(time.iso8601 == "2025-06-15T15:06:40.123Z")
        #expect(Timestamp(iso8601: time.iso8601) == time)
        #expect(Timestamp(iso8601: "2025-06-15") == Timestamp(milliseconds: 1_749_945_600_000))
        #expect(Timestamp(iso8601: "2025-06-15T17:06:40+02:00") == Timestamp(milliseconds: 1_750_000_000_000))
        #expect(Timestamp(iso8601: "yesterday") == nil)
        #expect(Timestamp(milliseconds: 0).iso8601 == "1970-01-01T00:00:00.000Z")
    }

    @Test("JSON values: parse, sorted compact output, escapes")
    func json() throws {
        let value = try JSONValue.parse(#"{"b":[1,2.5,"x\n\u00e9"],"a":null,"c":true}"#)
        #expect(value.jsonText == #"{"a":null,"b":[1,2.5,"x\né"],"c":true}"#)
        #expect(throws: JSONError.unexpectedEnd) { try JSONValue.parse("{") }
        #expect(JSONValue.string("\u{1b}[2J").jsonText == #""\u001b[2J""#)
    }

    @Test("Session config keeps unknown keys and reads budget_limit_usd as string or number")
    func sessionConfig() throws {
        let config = try JSONDecoder().decode(SessionConfig.self, from: Data(#"{"budget_limit_usd": 5, "model": "x", "on_approval_timeout": "allow"}"#.utf8))
        #expect(config.budgetLimitUSD == 5)
        #expect(config.onApprovalTimeout == .allow)
        #expect(config.extra["model"] == "x")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(String(decoding: try encoder.encode(config), as: UTF8.self) == #"{"budget_limit_usd":"5.00","model":"x","on_approval_timeout":"allow"}"#)
    }

    @Test("Reputation formula")
    func reputation() {
        #expect(Reputation.score(calls: 0, successes: 0, latencyMs: nil) == 2.5)
        #expect(Reputation.score(calls: 10, successes: 10, latencyMs: 0) == 4.67)
        #expect(Reputation.score(calls: 10, successes: 0, latencyMs: 4000) == 0.53)
        #expect(Reputation.updatedLatency(nil, sample: 200) == 200)
        #expect(Reputation.updatedLatency(200, sample: 1200) == 300)
    }

    @Test("Rolling windows: exact 24 h boundaries, release, re-capture")
    func windows() throws {
        var windows = RollingWindows()
        let wallet = try Address("0x" + String(repeating: "11", count: 20))
        func hold(_ id: String, _ at: Int64, _ amount: UInt64) -> Hold {
            Hold(id: id, purchaseID: id, paymentID: id, sessionID: nil, serviceID: nil, wallet: wallet, token: .zero,
                 recipient: .zero, amount: UInt256(amount), amountUSD: USDAmount(micros: UInt256(amount)), status: .held,
                 validBefore: Timestamp(milliseconds: 0), createdAt: Timestamp(milliseconds: at), updatedAt: Timestamp(milliseconds: at))
        }
        windows.add(hold("a", 1000, 5))
        windows.add(hold("b", 2000, 7))
        windows.add(hold("c", 3000, 11))
        let day = RollingWindows.dayMilliseconds
        #expect(windows.total(.walletUSD(wallet), now: Timestamp(milliseconds: 3000)) == 23)
        windows.remove(holdID: "b")
        #expect(windows.total(.walletUSD(wallet), now: Timestamp(milliseconds: 3000)) == 16)
        #expect(windows.total(.walletUSD(wallet), now: Timestamp(milliseconds: 1000 + day - 1)) == 16)
        #expect(windows.total(.walletUSD(wallet), now: Timestamp(milliseconds: 1000 + day)) == 11)
        windows.add(hold("b", 2000, 7))  // re-captured after release, still inside the window
        #expect(windows.total(.walletUSD(wallet), now: Timestamp(milliseconds: 1000 + day)) == 18)
        #expect(windows.oldest(.walletUSD(wallet), now: Timestamp(milliseconds: 1000 + day)) == Timestamp(milliseconds: 2000))
        #expect(windows.total(.walletUSD(wallet), now: Timestamp(milliseconds: 3000 + day)) == 0)
    }
}
