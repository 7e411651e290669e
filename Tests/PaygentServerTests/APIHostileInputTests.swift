import Foundation
import Http
import PaygentCore
import PaygentServer
import Testing

/// Hostile input through the real surface never crashes the server: every answer is a clear
/// 4xx in the error envelope, and the server keeps serving.
@Suite("API hostile input (live server)")
struct APIHostileInputTests {
    static let hostileQueries: [(String, String?)] = [
        ("/api/v1/payments/history?start_date=2026-12-01T10:00:00.123456Z", nil),  // 6 fraction digits: accepted
        ("/api/v1/payments/history?start_date=2026-12-01T10:00:00.123456789012345678901234567890Z", nil),
        ("/api/v1/payments/history?start_date=9999-12-31T23:59:59.999999-23:59", "start_date"),
        ("/api/v1/payments/history?limit=99999999999999999999999999999999", "limit"),
        ("/api/v1/payments/history?offset=-99999999999999999999", "offset"),
        ("/api/v1/payments/history?limit=1e3", "limit"),
        ("/api/v1/payments/history?limit=%2B5", "limit"),
        ("/api/v1/services/discover?min_price=1" + String(repeating: "0", count: 60), "min_price"),
        ("/api/v1/services/discover?max_price=0.0000001", "max_price"),
        ("/api/v1/services/discover?min_reputation=NaN", "min_reputation"),
        ("/api/v1/services/discover?min_reputation=1e308", "min_reputation"),
        ("/api/v1/services/discover?category=%FF%FE", "category"),
        ("/api/v1/services/discover?category=%C0%AF", "category"),
        ("/api/v1/services/discover?category=%E2%82", "category"),
        ("/api/v1/services/discover?category=%zz", "category"),
        ("/api/v1/services/discover?category=%", "category"),
        ("/api/v1/services/discover?category=%00", "category"),
        ("/api/v1/services/discover?%FF=1", "query"),
        ("/api/v1/services/discover?limit=1&limit=2", "limit"),
        ("/api/v1/services/discover?mcp_compatible=maybe", "mcp_compatible"),
        ("/api/v1/agent/sessions?status=%E2%80%AEgninnur", "status"),
        ("/api/v1/wallet/spend?since=0000-01-01&bucket_seconds=1", "since"),
        ("/api/v1/wallet/balance?wallet=0x" + String(repeating: "g", count: 40), "wallet"),
        ("/api/v1/logs?start_date=2026-13-01", "start_date"),
        ("/api/v1/services/discover?category=" + String(repeating: "a", count: 9000), "query"),
    ]

    @Test("hostile query strings get 422 naming the parameter, never a crash")
    func hostileQueries() async throws {
        try await APIHarness.with { harness in
            for (path, field) in Self.hostileQueries {
                let response = try await harness.send("GET", path)
                if let field {
                    #expect(response.status == 422, "\(path.prefix(120)): \(response.bodyString.prefix(300))")
                    #expect(response.errorField == field, "\(path.prefix(120)): \(response.bodyString.prefix(300))")
                } else {
                    #expect(response.status == 200, "\(path.prefix(120)): \(response.bodyString.prefix(300))")
                }
            }
            let health = try await harness.send("GET", "/health", as: nil)
            #expect(health.status == 200)
        }
    }

    @Test("hostile bodies and paths: 413 over the cap, 422 for junk, 404 for odd paths")
    func hostileBodies() async throws {
        try await APIHarness.with { harness in
            let huge = [UInt8](repeating: UInt8(ascii: "a"), count: 10 * 1024 * 1024)
            let tooLarge = try await harness.send("POST", "/api/v1/services", body: huge)
            #expect(tooLarge.status == 413, "\(tooLarge.bodyString.prefix(200))")
            #expect(tooLarge.errorCode == "payload_too_large")
            let bodies: [String] = [
                "", "null", "[]", "\"x\"", "{", "{\"name\":", String(repeating: "[", count: 100_000),
                #"{"name":"x","endpoint":"https://a.test","price_amount":1e400}"#,
                #"{"name":"x","endpoint":"https://a.test","price_amount":0.1000000000000000000000000000001}"#,
                #"{"name":"\u0000","endpoint":"https://a.test","price_amount":"1"}"#,
                #"{"name":"x","endpoint":"javascript:alert(1)","price_amount":"1"}"#,
                "\u{FF}\u{FE}",
            ]
            for body in bodies {
                let response = try await harness.send("POST", "/api/v1/services", body: Array(body.utf8))
                #expect(response.status == 422, "\(body.prefix(60)): \(response.bodyString.prefix(300))")
                #expect(response.errorCode == "invalid_input", "\(body.prefix(60)): \(response.bodyString.prefix(300))")
            }
            let invalidUTF8 = try await harness.send("POST", "/api/v1/services", body: [0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D])
            #expect(invalidUTF8.status == 422)
            for path in ["/api/v1/services/%FF", "/api/v1/../../etc/passwd", "/api/v1/services/discover/extra", "/api/v2/x", "/" + String(repeating: "a", count: 4000)] {
                let response = try await harness.send("GET", path)
                #expect([404, 422].contains(response.status), "\(path.prefix(80)): \(response.status) \(response.bodyString.prefix(200))")
                #expect(response.errorCode != nil)
            }
            #expect(try await harness.paygent.discoverServices(ServiceQuery()).total == 0, "nothing was registered")
            let health = try await harness.send("GET", "/health", as: nil)
            #expect(health.status == 200)
        }
    }
}
