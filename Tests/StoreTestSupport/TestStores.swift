import Foundation
import PaygentCore
import PaygentFoundation
import PaygentPostgres
import PaygentSQLite
import Testing

/// The stores a store-level test runs on: SQLite (a temporary file) and PostgreSQL (a throwaway
/// schema in the database `PAYGENT_TEST_DATABASE` names; `make test` starts a cluster and sets it).
public enum StoreKind: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    public var testDescription: String { rawValue }
}

/// The test database of the PostgreSQL cases.
public enum TestPostgres {
    /// The environment variable naming the database (`postgres://user@host:port/db`).
    public static let variable = "PAYGENT_TEST_DATABASE"

    /// The database URL, or nil when the variable is not set.
    public static var baseURL: String? {
        guard let text = ProcessInfo.processInfo.environment[variable], !text.isEmpty else { return nil }
        return text
    }

    /// A fresh schema of the test database. Without `PAYGENT_TEST_DATABASE` the running test (case)
    /// is cancelled with the reason — it is reported as skipped, never as passed.
    public static func freshURL() throws -> PostgresDatabaseURL {
        guard let base = baseURL else {
            try Test.cancel("""
                \(variable) is not set: this PostgreSQL case did not run. `make test` starts a throwaway cluster and sets it \
                (or: bash scripts/pg/cluster.sh start, then export \(variable)=$(bash scripts/pg/cluster.sh url))
                """)
        }
        let schema = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
        return try PostgresDatabaseURL(base + (base.contains("?") ? "&" : "?") + "schema=" + schema)
    }
}

/// A fresh store of one kind, for one test.
public struct TestStore: Sendable {
    public let kind: StoreKind
    /// The SQLite file (SQLite only).
    public let path: String
    /// The PostgreSQL schema (PostgreSQL only).
    public let postgresURL: PostgresDatabaseURL?
    private let directory: String

    /// A new empty store location; a PostgreSQL one cancels the test when there is no test database.
    public init(_ kind: StoreKind) throws {
        self.kind = kind
        directory = NSTemporaryDirectory() + "paygent-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/paygent.sqlite"
        postgresURL = kind == .postgres ? try TestPostgres.freshURL() : nil
    }

    /// Opens (a new handle on) the store.
    public func openStore() async throws -> any Store {
        switch kind {
        case .sqlite: return try SQLiteStore(path: path)
        // Two pooled connections: tests open many stores at once on one test cluster.
        case .postgres: return try await PostgresStore.open(postgresURL!, maximumConnections: 2)
        }
    }

    /// Opens the control plane on the store.
    public func open(clock: any WallClock = SystemClock(), ids: any IDGenerator = TimeOrderedIDGenerator()) async throws -> EmbeddedPaygent {
        EmbeddedPaygent(store: try await openStore(), clock: clock, ids: ids)
    }

    /// Deletes the SQLite directory (a PostgreSQL schema lives until the throwaway cluster goes).
    public func remove() { try? FileManager.default.removeItem(atPath: directory) }
}
