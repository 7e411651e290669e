import PostgresNIO

/// What can go wrong in the PostgreSQL store, with messages an operator can act on.
public enum PostgresStoreError: Error, CustomStringConvertible {
    /// A row that does not decode.
    case decoding(String)
    /// The server refused a statement (SQLSTATE and message).
    case server(sqlState: String, message: String)
    /// The database could not be reached.
    case connection(String)
    /// The store was closed.
    case closed
    /// The database's schema is newer than this build knows.
    case newerSchema(found: Int, known: Int)

    public var description: String {
        switch self {
        case .decoding(let what): "PostgreSQL store: a row does not decode: \(what)"
        case .server(let state, let message): "PostgreSQL error \(state): \(message)"
        case .connection(let what): "PostgreSQL store: cannot reach the database: \(what)"
        case .closed: "PostgreSQL store: closed"
        case .newerSchema(let found, let known):
            "PostgreSQL store: the database's schema is version \(found), newer than this build's \(known): upgrade paygent"
        }
    }

    /// SQLSTATEs after which the whole transaction may simply be run again.
    var isRetryable: Bool {
        if case .server(let state, _) = self { return state == "40001" || state == "40P01" }
        return false
    }

    /// The reason alone (for wrapping into another message without repeating the prefix).
    var reason: String {
        switch self {
        case .connection(let what), .decoding(let what): what
        default: description
        }
    }

    /// A PostgresNIO error as a store error (the server's SQLSTATE and message when it sent one).
    static func wrap(_ error: any Error) -> any Error {
        if error is PostgresStoreError { return error }
        if let psql = error as? PSQLError {
            if let info = psql.serverInfo, let state = info[.sqlState] {
                return PostgresStoreError.server(sqlState: state, message: info[.message] ?? "")
            }
            return PostgresStoreError.connection(psql.underlying.map { "\($0)" } ?? String(describing: psql.code))
        }
        return error
    }
}
