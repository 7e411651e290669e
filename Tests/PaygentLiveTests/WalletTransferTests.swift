import Foundation
import PaygentFoundation
import Http
import PaygentCore
import PaygentDemo
import PaygentEVM
import Testing
import X402

/// `POST /api/v1/wallet/transfer` on a real server: the server's wallet moves devnet tokens
/// through the same policy as every payment (hold, approval threshold, budgets), once per
/// `Idempotency-Key`, for agent and admin tokens only.
@Suite("Wallet transfer through the server")
struct WalletTransferTests {
    static let recipient = DevnetAccounts.key(222).address

    static func balance(_ world: LiveWorld, _ address: Address) async throws -> UInt256 { try await world.balance(address) }

    static func text(_ response: Http.HTTPResponse) -> String { String(decoding: response.body, as: UTF8.self) }

    @Test("transfer moves exactly the amount once; a retry with the same Idempotency-Key moves nothing more; a JSON number amount is exact")
    func transferOnce() async throws {
        try await LiveWorld.with { world in
            let (payer, payee) = (try await Self.balance(world, world.wallet.address), try await Self.balance(world, Self.recipient))
            let json = #"{"recipient":"\#(Self.recipient.checksummed)","amount":"2.5","token":"USDC"}"#
            let response = try await world.post("/api/v1/wallet/transfer", as: .agent, json: json, headers: ["Idempotency-Key": "t-1"])
            #expect(response.status == 200, "\(Self.text(response))")
            let body = try LiveWorld.object(response)
            #expect(body["status"]?.stringValue == "completed")
            #expect(body["tx_hash"]?.stringValue?.hasPrefix("0x") == true)
            #expect(body["from_address"]?.stringValue == world.wallet.address.checksummed)
            #expect(body["to_address"]?.stringValue == Self.recipient.checksummed)
            #expect(body["amount"]?.stringValue == "2.50")
            #expect(body["amount_base_units"]?.stringValue == "2500000")
            #expect(body["token_address"]?.stringValue == DemoCatalog.token.address.checksummed)
            let paymentID = try #require(body["payment_id"]?.stringValue)
            let amount = try DemoCatalog.token.amount("2.5")
            #expect(try await Self.balance(world, world.wallet.address) == payer - amount)
            #expect(try await Self.balance(world, Self.recipient) == payee + amount)
            // The payment is in the ledger of the control plane like every other.
            let payment = try await world.paygent.payment(id: paymentID)
            #expect(payment.status == .confirmed)
            #expect(payment.amount == amount)
            #expect(payment.recipient == Self.recipient)

            let retry = try await world.post("/api/v1/wallet/transfer", as: .agent, json: json, headers: ["Idempotency-Key": "t-1"])
            #expect(retry.status == 200)
            #expect(retry.headers["Idempotent-Replayed"] == "true")
            #expect(try LiveWorld.object(retry)["payment_id"]?.stringValue == paymentID)
            #expect(try await Self.balance(world, Self.recipient) == payee + amount)

            // A JSON number is read from its exact text, never through a Double.
            let number = try await world.post("/api/v1/wallet/transfer", as: .agent,
                                              json: #"{"recipient":"\#(Self.recipient.checksummed)","amount":0.000001}"#)
            #expect(number.status == 200, "\(Self.text(number))")
            #expect(try LiveWorld.object(number)["amount_base_units"]?.stringValue == "1")
            #expect(try await Self.balance(world, Self.recipient) == payee + amount + 1)
        }
    }

    @Test("roles: operator and viewer 403, no token 401; hostile bodies are 422 naming the field and move nothing")
    func refusals() async throws {
        try await LiveWorld.with { world in
            let (payer, payee) = (try await Self.balance(world, world.wallet.address), try await Self.balance(world, Self.recipient))
            let json = #"{"recipient":"\#(Self.recipient.checksummed)","amount":"1"}"#
            for role in [APITokenRole.operator, .viewer] {
                let refused = try await world.post("/api/v1/wallet/transfer", as: role, json: json)
                #expect(refused.status == 403, "\(role)")
            }
            let anonymous = try await HTTPClient().send(Http.HTTPRequest(
                method: .post, url: world.url("/api/v1/wallet/transfer"), headers: ["Content-Type": "application/json"],
                body: Array(json.utf8), timeout: .seconds(30)))
            #expect(anonymous.status == 401)
            let to = Self.recipient.checksummed
            let cases: [(String, String)] = [
                (#"{}"#, "recipient"),
                (#"{"recipient":"\#(to)"}"#, "amount"),
                (#"{"recipient":"0x12","amount":"1"}"#, "recipient"),
                (#"{"recipient":5,"amount":"1"}"#, "recipient"),
                (#"{"recipient":"\#(world.wallet.address.checksummed)","amount":"1"}"#, "recipient"),
                (#"{"recipient":"\#(to)","amount":"abc"}"#, "amount"),
                (#"{"recipient":"\#(to)","amount":"-1"}"#, "amount"),
                (#"{"recipient":"\#(to)","amount":-1}"#, "amount"),
                (#"{"recipient":"\#(to)","amount":"0"}"#, "amount"),
                (#"{"recipient":"\#(to)","amount":"0.0000001"}"#, "amount"),
                (#"{"recipient":"\#(to)","amount":"1\#(String(repeating: "0", count: 90))"}"#, "amount"),
                (#"{"recipient":"\#(to)","amount":1e400}"#, "amount"),
                (#"{"recipient":"\#(to)","amount":true}"#, "amount"),
                (#"{"recipient":"\#(to)","amount":"1","token":"DOGE"}"#, "token"),
                (#"{"recipient":"\#(to)","amount":"1","token":"0x0000000000000000000000000000000000000001"}"#, "token"),
                (#"{"recipient":"\#(to)","amount":"1","token":"\u001b[2J"}"#, "token"),
            ]
            for (bad, field) in cases {
                let refused = try await world.post("/api/v1/wallet/transfer", as: .agent, json: bad)
                #expect(refused.status == 422, "\(bad): \(Self.text(refused))")
                #expect(try LiveWorld.object(refused)["error"]?["field"]?.stringValue == field, "\(bad): \(Self.text(refused))")
                #expect(!Self.text(refused).contains("[2J"), "\(bad)")
            }
            #expect(try await Self.balance(world, world.wallet.address) == payer)
            #expect(try await Self.balance(world, Self.recipient) == payee)
        }
    }

    @Test("above the approval threshold: 202 awaiting_approval, nothing moves; an agent cannot approve; after an operator approves, execute-approved makes it exactly once")
    func approval() async throws {
        try await LiveWorld.with { world in
            let (payer, payee) = (try await Self.balance(world, world.wallet.address), try await Self.balance(world, Self.recipient))
            let json = #"{"recipient":"\#(Self.recipient.checksummed)","amount":"12"}"#
            let waiting = try await world.post("/api/v1/wallet/transfer", as: .agent, json: json, headers: ["Idempotency-Key": "big"])
            #expect(waiting.status == 202, "\(Self.text(waiting))")
            let body = try LiveWorld.object(waiting)
            #expect(body["status"]?.stringValue == "awaiting_approval")
            let requestID = try #require(body["request_id"]?.stringValue)
            let approval = try await world.paygent.approval(id: requestID)
            #expect(approval.toolName == "transfer")
            #expect(approval.payee == Self.recipient)
            #expect(try await Self.balance(world, Self.recipient) == payee)
            // The retry replays the first answer; it neither moves money nor asks twice.
            let retry = try await world.post("/api/v1/wallet/transfer", as: .agent, json: json, headers: ["Idempotency-Key": "big"])
            #expect(try LiveWorld.object(retry)["request_id"]?.stringValue == requestID)
            #expect(try await world.post("/api/v1/approvals/\(requestID)/approve", as: .agent, json: "{}").status == 403)
            let early = try await world.post("/api/v1/payments/execute-approved", as: .agent, json: #"{"request_id":"\#(requestID)"}"#)
            #expect(early.status == 409)
            #expect(try await world.post("/api/v1/approvals/\(requestID)/approve", as: .operator, json: "{}").status == 200)
            let made = try await world.post("/api/v1/payments/execute-approved", as: .agent, json: #"{"request_id":"\#(requestID)"}"#)
            #expect(made.status == 200, "\(Self.text(made))")
            #expect(try LiveWorld.object(made)["status"]?.stringValue == "completed")
            let twelve = try DemoCatalog.token.amount("12")
            #expect(try await Self.balance(world, world.wallet.address) == payer - twelve)
            #expect(try await Self.balance(world, Self.recipient) == payee + twelve)
            let twice = try await world.post("/api/v1/payments/execute-approved", as: .agent, json: #"{"request_id":"\#(requestID)"}"#)
            #expect(twice.status == 200)
            #expect(try LiveWorld.object(twice)["status"]?.stringValue == "already_paid")
            #expect(try await Self.balance(world, Self.recipient) == payee + twelve)
        }
    }

    @Test("the session's budget applies: an admin's transfer in a $1 session is denied (409) and moves nothing; a paused session refuses")
    func budget() async throws {
        try await LiveWorld.with { world in
            let payee = try await Self.balance(world, Self.recipient)
            let session = try await world.paygent.createSession(
                CreateSessionRequest(userID: "test", name: "small", walletAddress: world.wallet.address.checksummed, budgetLimitUSD: "1.00"),
                by: "test")
            let over = #"{"recipient":"\#(Self.recipient.checksummed)","amount":"2","session_id":"\#(session.id)"}"#
            let denied = try await world.post("/api/v1/wallet/transfer", as: .admin, json: over)
            #expect(denied.status == 409, "\(Self.text(denied))")
            #expect(try LiveWorld.object(denied)["status"]?.stringValue == "denied")
            #expect(try await Self.balance(world, Self.recipient) == payee)
            // Another caller's session is not the agent's to pay from.
            let foreign = try await world.post("/api/v1/wallet/transfer", as: .agent, json: over)
            #expect(foreign.status == 403, "\(Self.text(foreign))")
            // Under the budget it goes through; paused, it is refused.
            let under = #"{"recipient":"\#(Self.recipient.checksummed)","amount":"0.5","session_id":"\#(session.id)"}"#
            #expect(try await world.post("/api/v1/wallet/transfer", as: .admin, json: under).status == 200)
            _ = try await world.paygent.pauseSession(id: session.id, reason: "test", by: "test")
            let paused = try await world.post("/api/v1/wallet/transfer", as: .admin, json: under)
            #expect(paused.status == 409, "\(Self.text(paused))")
            #expect(try await Self.balance(world, Self.recipient) == payee + (try DemoCatalog.token.amount("0.5")))
        }
    }
}
