import Foundation
import PaygentFoundation
import PaygentCore
import PaygentEVM
import Testing
@testable import PaygentWire

@Suite("PaygentWire: queries ⇄ query items")
struct WireQueryTests {
    @Test("every query struct reads back what it writes")
    func roundTrips() throws {
        let wallet = try Address("0x" + String(repeating: "ab", count: 20))
        let payment = PaymentQuery(status: .confirmed, sessionID: "ses_1", serviceID: "svc_2+é", wallet: wallet,
                                   startDate: Timestamp(milliseconds: 1_700_000_000_123), endDate: Timestamp(milliseconds: 1_800_000_000_000),
                                   page: PageRequest(offset: 40, limit: 20))
        #expect(try PaymentQuery(query: QueryItems(rawQuery: payment.queryItems.encoded)) == payment)
        let service = ServiceQuery(category: "market-data", minPriceUSD: try USDAmount(parsing: "0.01"), maxPriceUSD: try USDAmount(parsing: "2"),
                                   minReputation: 3.5, mcpCompatible: true, page: PageRequest(offset: 0, limit: 5))
        #expect(try ServiceQuery(query: QueryItems(rawQuery: service.queryItems.encoded)) == service)
        let session = SessionQuery(status: .awaitingApproval, userID: "a&b=c d", page: PageRequest(offset: 1, limit: 100))
        #expect(try SessionQuery(query: QueryItems(rawQuery: session.queryItems.encoded)) == session)
        for approvals in [ApprovalQuery(sessionID: "ses_9"), ApprovalQuery(decision: nil), ApprovalQuery(decision: .rejected)] {
            #expect(try ApprovalQuery(query: QueryItems(rawQuery: approvals.queryItems.encoded)) == approvals)
        }
        let log = LogQuery(sessionID: "ses_1", status: "completed", startDate: Timestamp(seconds: 0), endDate: nil)
        #expect(try LogQuery(query: QueryItems(rawQuery: log.queryItems.encoded)) == log)
        let events = EventQuery(after: 10, before: 99, sessionID: "s", types: [.sessionKilled, .approvalRequested], limit: 1000)
        #expect(try EventQuery(query: QueryItems(rawQuery: events.queryItems.encoded)) == events)
    }

    @Test("bad values are refused naming the parameter")
    func errorsNameTheField() throws {
        let cases: [(String, String)] = [
            ("limit=0", "limit"), ("limit=101", "limit"), ("offset=-1", "offset"), ("limit=1e2", "limit"),
            ("limit=18446744073709551616", "limit"), ("status=lost", "status"), ("start_date=2026-02-30", "start_date"),
            ("start_date=2026-01-02&end_date=2026-01-01", "end_date"), ("wallet=0x12", "wallet"), ("session_id=a%20b", "session_id"),
            ("session_id=%FF", "session_id"), ("session_id=%2", "session_id"), ("limit=1&limit=2", "limit"),
        ]
        for (raw, field) in cases {
            do {
                _ = try PaymentQuery(query: QueryItems(rawQuery: raw))
                Issue.record("\(raw) was accepted")
            } catch {
                #expect(error.code == .invalidInput)
                #expect(error.field == field, "\(raw): \(error.message)")
            }
        }
        #expect(throws: PaygentError.self) { try ServiceQuery(query: QueryItems(rawQuery: "min_price=2&max_price=1")) }
        #expect(throws: PaygentError.self) { try ServiceQuery(query: QueryItems(rawQuery: "min_reputation=inf")) }
        #expect(throws: PaygentError.self) { try QueryItems(rawQuery: String(repeating: "a", count: QueryItems.maximumLength + 1)) }
    }

    @Test("timestamps with 6 fraction digits and offsets are read exactly to the millisecond")
    func timestamps() throws {
        let query = try PaymentQuery(query: QueryItems(rawQuery: "start_date=2026-12-01T10:00:00.123456%2B02:00"))
        #expect(query.startDate == Timestamp(iso8601: "2026-12-01T08:00:00.123Z"))
        #expect(try QueryItems(rawQuery: "a=x+y&b=%2B").value("a") == "x y")
        #expect(try QueryItems(rawQuery: "a=x+y&b=%2B").value("b") == "+")
    }
}

@Suite("PaygentWire: envelopes")
struct WireEnvelopeTests {
    @Test("a page encodes its items under the list key, and decodes back")
    func page() throws {
        let token = APIToken(id: "tok_1", name: "ci", role: .viewer, prefix: "pgt_abc", createdAt: Timestamp(seconds: 1), lastUsedAt: nil, revokedAt: nil)
        let page = WirePage(Page(items: [token], total: 7, offset: 3, limit: 1))
        let text = try WireJSON.string(page)
        #expect(text == #"{"limit":1,"offset":3,"tokens":[{"created_at":"1970-01-01T00:00:01.000Z","id":"tok_1","name":"ci","prefix":"pgt_abc","role":"viewer"}],"total":7}"#)
        let back = try JSONDecoder().decode(WirePage<APIToken>.self, from: Data(text.utf8))
        #expect(back.page == page.page)
    }

    @Test("the error envelope carries code, message and field, and maps back")
    func errorEnvelope() throws {
        let error = PaygentError.invalid("limit", "must be between 1 and 100, got 0")
        let text = try WireJSON.string(ErrorEnvelope(error))
        #expect(text == #"{"error":{"code":"invalid_input","field":"limit","message":"limit: must be between 1 and 100, got 0"}}"#)
        let back = try JSONDecoder().decode(ErrorEnvelope.self, from: Data(text.utf8))
        #expect(back.paygentError == error)
        #expect(ErrorEnvelope(code: "payload_too_large", message: "big").paygentError.code == .invalidInput)
        #expect(ErrorEnvelope(code: "teapot", message: "?").paygentError.code == .internal)
    }

    @Test("bodies: decoding errors name the field by its wire path")
    func bodies() throws {
        func field<T: Decodable>(_ type: T.Type, _ json: String) -> String? {
            do { _ = try WireBody.decode(type, from: Array(json.utf8)); return nil } catch { return error.field }
        }
        #expect(field(CreateTokenRequest.self, #"{"name":"x"}"#) == "role")
        #expect(field(CreateTokenRequest.self, #"{"role":"root"}"#) == "role")
        #expect(field(CreateTokenRequest.self, #"{"role":"admin","name":5}"#) == "name")
        #expect(field(ReasonBody.self, "[") == "body")
        #expect(field(NewService.self, #"{"name":"n","endpoint":"e","price_amount":1e400}"#) == "price_amount")
        #expect(try WireBody.decode(ReasonBody.self, from: []).reason == nil)
        #expect(try WireBody.decode(ReasonBody.self, from: Array(#"{"reason":"r"}"#.utf8)).validated() == "r")
        #expect(throws: PaygentError.self) { try ReasonBody(reason: String(repeating: "x", count: 501)).validated() }
    }

    @Test("a policy patch changes only the members given and refuses unknown ones")
    func policyPatch() throws {
        let current = PolicySettings()
        let patched = try PolicyPatch.apply(Array(#"{"approval_threshold_usd":"2.50","wallet_daily_limit_usd":100}"#.utf8), to: current)
        #expect(patched.approvalThresholdUSD == (try USDAmount(parsing: "2.50")))
        #expect(patched.walletDailyLimitUSD == (try USDAmount(parsing: "100")))
        #expect(patched.approvalTimeoutSeconds == current.approvalTimeoutSeconds)
        #expect(patched.priceTable == current.priceTable)
        let cleared = try PolicyPatch.apply(Array(#"{"max_payments_per_minute":null}"#.utf8), to: current)
        #expect(cleared.maxPaymentsPerMinute == nil)
        for (body, field) in [(#"{"approval_treshold_usd":"1"}"#, "approval_treshold_usd"), (#"{"approval_threshold_usd":"-1"}"#, "approval_threshold_usd"),
                              ("[1]", "body"), ("{", "body"), (#"{"approval_timeout_seconds":"soon"}"#, "approval_timeout_seconds")] {
            do {
                _ = try PolicyPatch.apply(Array(body.utf8), to: current)
                Issue.record("\(body) was accepted")
            } catch {
                #expect(error.field == field, "\(body): \(error.message)")
            }
        }
    }
}
