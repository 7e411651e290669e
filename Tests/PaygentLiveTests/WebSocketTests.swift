import Foundation
import PaygentFoundation
import PaygentCore
import PaygentServer
import Testing

/// `GET /api/v1/ws`: the prototype's envelope both ways, on a real server.
@Suite("WebSocket")
struct WebSocketTests {
    @Test("events out with the envelope; an operator approves over the socket, an agent may not; bad messages get an error")
    func envelopeBothWays() async throws {
        try await LiveWorld.with { world in
            // An approval waiting: an agent run above the threshold.
            let paused = try await world.post("/api/v1/agent/execute", as: .agent,
                                              json: #"{"command":"Pay 12 USDC to access the premium research report"}"#)
            let requestID = try #require(try LiveWorld.object(paused)["request_id"]?.stringValue)
            let start = try await world.latestSeq()
            let port = world.server.port

            // No token: not upgraded (refused with a 4xx).
            let anonymous = try await onThread { try RawWebSocket(port: port, path: "/api/v1/ws") }
            #expect(!anonymous.upgraded)
            #expect(anonymous.handshake.hasPrefix("HTTP/1.1 4"), "\(anonymous.handshake)")

            let agentToken = world.tokens[.agent]!
            let refusal: JSONValue? = try await onThread {
                let socket = try RawWebSocket(port: port, path: "/api/v1/ws?token=\(agentToken)&after=\(start)")
                socket.send(text: #"{"type":"approve","data":{"request_id":"\#(requestID)"}}"#)
                while let text = socket.receive() {
                    let json = try JSONValue.parse(text)
                    if json["type"]?.stringValue == "error" { return json }
                }
                return nil
            }
            #expect(refusal?["data"]?["error_type"]?.stringValue == "forbidden")
            #expect(try await world.paygent.approval(id: requestID).decision == .pending)

            let operatorToken = world.tokens[.operator]!
            let received: [JSONValue] = try await onThread {
                let socket = try RawWebSocket(port: port, path: "/api/v1/ws?token=\(operatorToken)&after=\(start)")
                guard socket.upgraded else { return [] }
                socket.send(text: "not json")
                socket.send(text: #"{"type":"approve","data":{"request_id":"\#(requestID)"}}"#)
                var messages: [JSONValue] = []
                while let text = socket.receive() {
                    let json = try JSONValue.parse(text)
                    messages.append(json)
                    // Done once the run it approved has completed.
                    if json["type"]?.stringValue == "complete" { break }
                }
                return messages
            }
            let connected = try #require(received.first)
            #expect(connected["type"]?.stringValue == "connected")
            #expect(connected["data"]?["last_seq"]?.intValue == start)
            #expect(connected["timestamp"]?.stringValue != nil)
            #expect(received.first { $0["type"]?.stringValue == "error" }?["data"]?["error_type"]?.stringValue == "invalid_input")
            #expect(received.first { $0["type"]?.stringValue == "approval_decided" }?["data"]?["decision"]?.stringValue == "approved")
            let events = received.filter { $0["seq"] != nil }
            let seqs = events.compactMap { $0["seq"]?.intValue }
            #expect(seqs == Array((start + 1)...(seqs.last ?? start)), "\(seqs)")
            #expect(events.contains { $0["type"]?.stringValue == "approval.approved" })
            #expect(events.contains { $0["type"]?.stringValue == "payment.settled" })
            #expect(events.last?["type"]?.stringValue == "complete")
        }
    }
}
