/// Makes identifiers (`ses_…`, `pay_…`). Injected so tests can be deterministic.
public protocol IDGenerator: Sendable {
    /// A new unique id starting with `prefix` and an underscore.
    func make(_ prefix: String) -> String
}

/// 80 random bits in lowercase hex after the prefix (`ses_4f1c0d9a3b7e2a6c5d18`).
public struct RandomIDGenerator: IDGenerator {
    /// Creates the generator.
    public init() {}

    public func make(_ prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        let high = UInt16.random(in: .min ... .max, using: &generator)
        let low = UInt64.random(in: .min ... .max, using: &generator)
        let highText = String(high, radix: 16)
        let lowText = String(low, radix: 16)
        return prefix + "_" + String(repeating: "0", count: 4 - highText.count) + highText
            + String(repeating: "0", count: 16 - lowText.count) + lowText
    }
}

/// What every part of the core shares: the store, the clock and the id generator.
public struct CoreContext: Sendable {
    /// The store.
    public let store: any Store
    /// The clock.
    public let clock: any PaygentClock
    /// The id generator.
    public let ids: any IDGenerator

    /// Creates a context.
    public init(store: any Store, clock: any PaygentClock = SystemClock(), ids: any IDGenerator = RandomIDGenerator()) {
        self.store = store
        self.clock = clock
        self.ids = ids
    }

    /// Runs `body` in one write transaction; a ``PaygentError`` thrown by it rolls back and is rethrown.
    public func write<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> T) async throws(PaygentError) -> T {
        do {
            return try await store.write(body)
        } catch let error as PaygentError {
            throw error
        } catch {
            throw .storage(error)
        }
    }

    /// Runs `body` in one write transaction that commits even when it reports a failure.
    public func writeCommitting<T: Sendable>(_ body: @escaping @Sendable (any StoreTransaction) throws -> Result<T, PaygentError>) async throws(PaygentError) -> T {
        let result: Result<T, PaygentError>
        do {
            result = try await store.write(body)
        } catch let error as PaygentError {
            throw error
        } catch {
            throw .storage(error)
        }
        return try result.get()
    }

    /// Runs `body` against a snapshot.
    public func read<T: Sendable>(_ body: @escaping @Sendable (any StoreReader) throws -> T) async throws(PaygentError) -> T {
        do {
            return try await store.read(body)
        } catch let error as PaygentError {
            throw error
        } catch {
            throw .storage(error)
        }
    }
}
