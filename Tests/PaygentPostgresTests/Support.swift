import Foundation
import PaygentCore
import PaygentEVM
import PaygentFoundation
import PaygentPostgres
import StoreTestSupport
import Testing
import TestSupport
import X402

/// Several control planes (as several `paygent serve` instances would have) on one PostgreSQL
/// schema, sharing one clock.
struct Instances {
    let url: PostgresDatabaseURL
    let clock: ManualClock
    let all: [EmbeddedPaygent]

    static func open(_ count: Int, clock: ManualClock = ManualClock(), url: PostgresDatabaseURL? = nil) async throws -> Instances {
        let url = try url ?? TestPostgres.freshURL()
        var all: [EmbeddedPaygent] = []
        for _ in 0..<count {
            all.append(EmbeddedPaygent(store: try await PostgresStore.open(url, maximumConnections: 3), clock: clock))
        }
        return Instances(url: url, clock: clock, all: all)
    }

    func close() async throws {
        for paygent in all { try await paygent.close() }
    }
}

enum PG {
    static let usdc = KnownTokens.devUSDCe
    static let payer = address(0x11)
    static let payee = address(0x22)

    static func address(_ byte: UInt8) -> Address { try! Address(bytes: [UInt8](repeating: byte, count: 20)) }
    static func usdcAmount(_ text: String) -> UInt256 { try! TokenAmount.parse(text, decimals: 6) }

    static func intent(_ purchase: String, amount: UInt256, payer: Address = payer) -> PaymentIntent {
        PaymentIntent(purchaseID: purchase, resource: "http://127.0.0.1:9/data", scheme: "exact", network: "cronos-testnet",
                      chainID: 338, asset: usdc, payTo: payee, amount: amount, payer: payer, validBefore: 4_000_000_000,
                      description: "test")
    }

    static func allowed(_ decision: PolicyDecision) -> Bool {
        if case .allow = decision { return true }
        return false
    }

    /// The first `count` events of `stream`, or a failure naming what arrived when `limit` passes.
    static func collect(_ stream: AsyncThrowingStream<PaygentEvent, any Error>, count: Int, where include: @escaping @Sendable (PaygentEvent) -> Bool = { _ in true },
                        within limit: Duration = .seconds(60)) async throws -> [PaygentEvent] {
        let seconds = Double(limit.components.seconds) + Double(limit.components.attoseconds) / 1e18
        let result = try await withDeadline(seconds, "expected \(count) events") {
            var seen: [PaygentEvent] = []
            for try await event in stream where include(event) {
                seen.append(event)
                if seen.count == count { break }
            }
            return seen
        }
        guard result.count == count else { throw Timeout("expected \(count) events within \(limit), the stream ended after \(result.count)") }
        return result
    }

    struct Timeout: Error, CustomStringConvertible { let description: String; init(_ d: String) { description = d } }
}
