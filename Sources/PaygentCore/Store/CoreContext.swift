import PaygentFoundation
/// Makes identifiers (`ses_…`, `pay_…`). Injected so tests can be deterministic.
public protocol IDGenerator: Sendable {
    /// A new unique id starting with `prefix` and an underscore.
    func make(_ prefix: String) -> String
}

/// What every part of the core shares: the store, the clock and the id generator.
public struct CoreContext: Sendable {
    /// The store.
    public let store: any Store
    /// The clock.
    public let clock: any WallClock
    /// The id generator.
    public let ids: any IDGenerator
    /// This control plane's identity, recorded with the holds it takes and the runs it drives.
    public let owner: StoreOwner

    /// Creates a context.
    public init(store: any Store, clock: any WallClock = SystemClock(), ids: any IDGenerator = TimeOrderedIDGenerator(),
                owner: StoreOwner = .current()) {
        self.store = store
        self.clock = clock
        self.ids = ids
        self.owner = owner
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
