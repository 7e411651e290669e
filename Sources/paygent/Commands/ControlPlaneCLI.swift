import ArgumentParser
import PaygentFoundation
import Foundation
import PaygentChain
import PaygentCore
import PaygentDemo
import PaygentPostgres
import PaygentSQLite
import PaygentWire
import X402

/// `--database PATH` and `--json`, shared by the control-plane commands (sessions, approvals,
/// payments, services, wallet, pause/resume).
struct ControlPlaneOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "SQLite database or postgres://user@host/db (default: $PAYGENT_DATABASE, else $XDG_DATA_HOME/paygent/paygent.sqlite).",
        valueName: "path"))
    var database: String?

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    @Option(name: .long, help: ArgumentHelp("Who is acting, recorded in the event log (default cli:$USER).", valueName: "name"))
    var by: String?

    var actor: String { by ?? "cli:\(ProcessInfo.processInfo.environment["USER"] ?? "operator")" }

    var databasePath: String {
        database ?? ProcessInfo.processInfo.environment["PAYGENT_DATABASE"] ?? SQLiteStore.defaultPath()
    }

    /// `--server`, `--token`: run on a `paygent serve` instead (also `PAYGENT_SERVER`/`PAYGENT_TOKEN`
    /// and `server_url`/`token` in config.toml; `--database` picks the local store).
    @OptionGroup var remote: RemoteOptions

    /// Runs `body` against the control plane's ``PaygentAPI``: a ``RemotePaygent`` when a server is
    /// configured (see ``RemoteTarget``), else the local store, opened with its start-up recovery
    /// and closed afterwards. The same value prints the same text and `--json` either way.
    func withPaygent<T>(_ body: (any PaygentAPI) async throws -> T) async throws -> T {
        if let target = try RemoteTarget.resolve(remote, database: database) {
            return try await body(try target.client())
        }
        return try await Self.closing(try await CLIStore.open(databasePath, recovering: true)) { try await body($0) }
    }

    /// Runs `body` against the local store as an ``AgentHost``, for what no server route offers
    /// (resolving a payment's outcome); refused with `--server`.
    func withLocalHost<T>(_ what: String, _ body: (any AgentHost) async throws -> T) async throws -> T {
        try await withLocalStore(recovering: true, what) { try await body($0) }
    }

    /// Opens the embedded control plane on the local store — for what only the process owning the
    /// store does (a reconciliation round with a lookup of its choosing) — runs its start-up
    /// recovery (unless `recovering` is false: the caller runs its own round), runs `body`, closes it.
    /// Refused when a server is configured (`what` names the command in the error).
    func withLocalStore<T>(recovering: Bool, _ what: String = "this command", _ body: (EmbeddedPaygent) async throws -> T) async throws -> T {
        if try RemoteTarget.resolve(remote, database: database) != nil {
            throw CLIError("\(what) runs on the local store only (the server has no route for it); run it where the store is, without --server or PAYGENT_SERVER")
        }
        return try await Self.closing(try await CLIStore.open(databasePath, recovering: recovering), body)
    }

    /// Runs `body` on `paygent`, then closes it (also when `body` throws).
    static func closing<T>(_ paygent: EmbeddedPaygent, _ body: (EmbeddedPaygent) async throws -> T) async throws -> T {
        do {
            let result = try await body(paygent)
            try? await paygent.close()
            return result
        } catch {
            try? await paygent.close()
            throw error
        }
    }

    /// Prints `value` as pretty JSON (sorted keys) when `--json`, else calls `text`.
    func output<T: Encodable>(_ value: T, text: () -> Void) throws {
        if json {
            print(try CLIOutput.json(value))
        } else {
            text()
        }
    }
}

/// How every command opens a store: the test clock when set, then start-up recovery.
enum CLIStore {
    /// Opens the control plane at `path`; with `recovering`, runs one reconciliation round over
    /// the devnet ledger first (orphaned unsigned holds released, signed payments resolved). A
    /// failed recovery is reported on stderr and does not stop the command.
    /// `path` may be a PostgreSQL URL (`postgres://user@host/db`): the store that several
    /// `paygent serve` instances share.
    static func open(_ path: String, recovering: Bool = true) async throws -> EmbeddedPaygent {
        let paygent: EmbeddedPaygent
        if PostgresDatabaseURL.isPostgres(path) {
            let url: PostgresDatabaseURL
            do { url = try PostgresDatabaseURL(path) } catch { throw CLIError("--database: \(error)") }
            do {
                paygent = try await EmbeddedPaygent.open(postgres: url, clock: clock)
            } catch {
                throw CLIError("cannot open database \(url): \(error)")
            }
        } else {
            do {
                paygent = try EmbeddedPaygent.open(path: path, clock: clock)
            } catch {
                throw CLIError("cannot open database \(path): \(error)")
            }
        }
        if recovering {
            do {
                _ = try await paygent.recover(settlements: await settlements(for: paygent))
            } catch {
                StandardStreams.err("paygent: start-up recovery of \(path) failed: \(error.message)\n")
            }
        }
        return paygent
    }

    /// Where signed payments of this store are resolved: the chain when `paygent init` configured
    /// an RPC node; otherwise the store's devnet ledger, which is final about an unused nonce only
    /// on a store the demo fleet seeded (its services settle in-process on that ledger). Elsewhere
    /// (`paygent demo-services serve` in another process, any other facilitator) a nonce the store
    /// never saw may still have settled, so such a payment stays held for an operator.
    static func settlements(for paygent: EmbeddedPaygent) async -> any SettlementLookup {
        let setup = try? SetupConfig.load()
        let tokens = Set((setup?.tokens ?? []).map(\.address)).union([PaymentToken.cronosTestnetUSDC.address])
        if let rpc = setup?.rpcURL { return RPCSettlementLookup(endpoint: rpc, tokens: tokens) }
        if await DemoFleet.seeded(paygent) { return paygent.devnetSettlements }
        return paygent.ledgerSettlements(tokens: tokens, settlesEveryTransfer: false)
    }

    /// The wall clock, shifted by `PAYGENT_TEST_CLOCK_OFFSET_SECONDS` when set (test-only: lets
    /// the crash-recovery check reconcile "after validBefore" without waiting for it).
    static var clock: any WallClock {
        guard let text = ProcessInfo.processInfo.environment["PAYGENT_TEST_CLOCK_OFFSET_SECONDS"], let seconds = Int64(text) else {
            return SystemClock()
        }
        return OffsetClock(offsetSeconds: seconds)
    }
}

enum CLIOutput {
    /// `value` in its wire form (PaygentWire), indented with sorted keys through the one pretty
    /// printer (``JSONWriter/pretty(_:sortedKeys:)``).
    static func json<T: Encodable>(_ value: T) throws -> String {
        try WireJSON.string(value, pretty: true)
    }

    /// Prints rows as left-aligned columns.
    static func table(_ header: [String], _ rows: [[String]]) {
        var widths = header.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() where i < widths.count { widths[i] = Swift.max(widths[i], cell.count) } }
        func render(_ cells: [String]) -> String {
            cells.enumerated().map { i, cell in
                i == cells.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }
        print(render(header))
        for row in rows { print(render(row)) }
    }

    static func page<T>(_ page: Page<T>) {
        if page.total > page.items.count {
            print("(\(page.offset + 1)–\(page.offset + page.items.count) of \(page.total); use --offset/--limit)")
        }
    }

    static func time(_ t: Timestamp?) -> String {
        guard let t else { return "-" }
        return String(t.iso8601.prefix(19)).replacingOccurrences(of: "T", with: " ")
    }
}

/// `--offset` and `--limit`.
struct PagingOptions: ParsableArguments {
    @Option(name: .long, parsing: .unconditional, help: "Index of the first item.")
    var offset = 0
    @Option(name: .long, parsing: .unconditional, help: "Items per page (1…100).")
    var limit = 20
    var request: PageRequest { PageRequest(offset: offset, limit: limit) }
}
