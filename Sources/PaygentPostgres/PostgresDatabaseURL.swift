import Foundation
import PostgresNIO

/// Where a ``PostgresStore`` lives: `postgres://user[:password]@host[:port]/database`, with optional
/// query items `schema=NAME` (the tables' schema, default `public`) and `host=/socket/dir` (a Unix
/// socket directory, as libpq reads it; the socket is `DIR/.s.PGSQL.PORT`).
///
/// The password is never part of ``description``.
public struct PostgresDatabaseURL: Sendable, CustomStringConvertible {
    /// A URL that does not parse, with the reason.
    public struct ParseError: Error, CustomStringConvertible {
        public let description: String
    }

    public var host: String
    public var port: Int
    public var user: String
    public var password: String?
    public var database: String
    /// The schema that holds the tables (created when missing).
    public var schema: String
    /// A Unix socket directory instead of TCP.
    public var socketDirectory: String?

    /// Whether `text` is meant as a PostgreSQL URL (rather than a SQLite path).
    public static func isPostgres(_ text: String) -> Bool {
        text.hasPrefix("postgres://") || text.hasPrefix("postgresql://")
    }

    /// Parses `text`; a clear error when it is not a usable PostgreSQL URL.
    public init(_ text: String) throws(ParseError) {
        guard Self.isPostgres(text), let components = URLComponents(string: text) else {
            throw ParseError(description: "not a PostgreSQL URL (postgres://user@host[:port]/database): \(Self.redacted(text))")
        }
        host = components.host.map { $0.isEmpty ? "127.0.0.1" : $0 } ?? "127.0.0.1"
        port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw ParseError(description: "bad port \(port) in the PostgreSQL URL") }
        guard let user = components.user, !user.isEmpty else {
            throw ParseError(description: "the PostgreSQL URL names no user (postgres://user@host/database)")
        }
        self.user = user.removingPercentEncoding ?? user
        password = components.password.map { $0.removingPercentEncoding ?? $0 }
        let path = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        guard !path.isEmpty, !path.contains("/") else {
            throw ParseError(description: "the PostgreSQL URL names no database (postgres://user@host/database)")
        }
        database = path.removingPercentEncoding ?? path
        schema = "public"
        for item in components.queryItems ?? [] {
            switch item.name {
            case "schema":
                // At most 48: the event channel `paygent_events_<schema>` must fit PostgreSQL's 63.
                guard let value = item.value, Self.isIdentifier(value), value.utf8.count <= 48 else {
                    throw ParseError(description: "schema must be lowercase letters, digits and _ (at most 48, not starting with a digit)")
                }
                schema = value
            case "host":
                guard let value = item.value, value.hasPrefix("/") else {
                    throw ParseError(description: "host= in the PostgreSQL URL must be a socket directory (an absolute path)")
                }
                socketDirectory = value
            case "sslmode":
                guard item.value == "disable" else {
                    throw ParseError(description: "only sslmode=disable is supported for now")
                }
            default:
                throw ParseError(description: "unknown PostgreSQL URL parameter \(item.name) (known: schema, host, sslmode)")
            }
        }
    }

    /// A plain identifier, safe to write into SQL unquoted.
    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.utf8.first, !(48...57).contains(first), text.utf8.count <= 63 else { return false }
        return text.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 95 }
    }

    /// `text` with any password replaced by `***`.
    static func redacted(_ text: String) -> String {
        guard var components = URLComponents(string: text), components.password != nil else { return text }
        components.password = "***"
        return components.string ?? "postgres://***"
    }

    public var description: String {
        var text = "postgres://\(user)@\(host):\(port)/\(database)"
        if schema != "public" { text += "?schema=\(schema)" }
        return text
    }

    /// PostgresNIO's client configuration (TLS off: loopback or a private network).
    var clientConfiguration: PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socketDirectory {
            configuration = .init(unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: user, password: password, database: database)
        } else {
            configuration = .init(host: host, port: port, username: user, password: password, database: database, tls: .disable)
        }
        configuration.options.additionalStartupParameters = [("search_path", schema)]
        return configuration
    }

    /// The same, for one dedicated connection.
    var connectionConfiguration: PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socketDirectory {
            configuration = .init(unixSocketPath: "\(socketDirectory)/.s.PGSQL.\(port)", username: user, password: password, database: database)
        } else {
            configuration = .init(host: host, port: port, username: user, password: password, database: database, tls: .disable)
        }
        configuration.options.additionalStartupParameters = [("search_path", schema)]
        return configuration
    }
}
