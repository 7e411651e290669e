import PaygentEVM
import PaygentFoundation
import Synchronization

/// Idempotency by `payment-identifier`: the first result of each identified payment, so a retry
/// with the same id and the same payment gets it again (without a second verification or
/// settlement), and the same id with a *different* payment is refused as a conflict (HTTP 409).
///
/// A payment is *begun* before it is verified; it is *finished* with its result once it settled,
/// or *abandoned* when it did not (then a retry may try again). Bounded: beyond `capacity`
/// finished entries the oldest are forgotten. Thread-safe.
public final class PaymentIdentifierCache<Result: Sendable>: Sendable {
    /// What ``begin(id:fingerprint:)`` found.
    public enum Lookup: Sendable {
        /// First sight of the id: it is now reserved for this payment.
        case new
        /// The same payment finished before: its result.
        case replay(Result)
        /// The id belongs to a different payment.
        case conflict
        /// The same payment is being processed right now.
        case inFlight
    }

    private struct Entry {
        var fingerprint: [UInt8]
        var result: Result?
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var finished: [String] = []
        var head = 0
    }

    private let state = Mutex(State())
    /// How many finished results are kept.
    public let capacity: Int

    /// Creates an empty cache keeping at most `capacity` finished results.
    public init(capacity: Int = 10_000) { self.capacity = max(1, capacity) }

    /// The fingerprint of a payment: keccak-256 of its canonical wire JSON.
    public static func fingerprint(_ payload: PaymentPayload) -> [UInt8] {
        Keccak256.hash(JSONWriter.encode(payload.json()))
    }

    /// Looks `id` up for the payment with `fingerprint`, reserving it when new.
    public func begin(id: String, fingerprint: [UInt8]) -> Lookup {
        state.withLock { state in
            guard let entry = state.entries[id] else {
                state.entries[id] = Entry(fingerprint: fingerprint, result: nil)
                return .new
            }
            guard entry.fingerprint == fingerprint else { return .conflict }
            return entry.result.map(Lookup.replay) ?? .inFlight
        }
    }

    /// Records the result of the reserved payment.
    public func finish(id: String, fingerprint: [UInt8], result: Result) {
        state.withLock { state in
            guard state.entries[id]?.fingerprint == fingerprint, state.entries[id]?.result == nil else { return }
            state.entries[id]?.result = result
            state.finished.append(id)
            while state.finished.count - state.head > capacity {
                state.entries[state.finished[state.head]] = nil
                state.head += 1
            }
            if state.head > 4096 {
                state.finished.removeFirst(state.head)
                state.head = 0
            }
        }
    }

    /// Releases the reservation of a payment that did not settle.
    public func abandon(id: String, fingerprint: [UInt8]) {
        state.withLock { state in
            if let entry = state.entries[id], entry.fingerprint == fingerprint, entry.result == nil { state.entries[id] = nil }
        }
    }
}
