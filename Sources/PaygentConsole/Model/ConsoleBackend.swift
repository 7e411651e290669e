/// An operator command the console sends.
public enum ConsoleCommand: Hashable, Sendable, CustomStringConvertible {
    case approve(approvalID: String)
    case reject(approvalID: String, reason: String?)
    /// Approve with a lower amount (decimal text in whole tokens, `"0.05"`) and/or edited arguments (JSON text).
    case edit(approvalID: String, amount: String?, args: String?)
    case kill(sessionID: String)
    case pauseSession(sessionID: String)
    case resumeSession(sessionID: String)
    case pauseAll
    case resumeAll
    /// Set the main limits (USD decimal text; a nil daily limit removes it).
    case setPolicy(dailyLimitUSD: String?, approvalThresholdUSD: String)

    public var description: String {
        switch self {
        case .approve(let id): return "approve \(id)"
        case .reject(let id, _): return "reject \(id)"
        case .edit(let id, _, _): return "edit \(id)"
        case .kill(let id): return "kill \(id)"
        case .pauseSession(let id): return "pause \(id)"
        case .resumeSession(let id): return "resume \(id)"
        case .pauseAll: return "pause all"
        case .resumeAll: return "resume all"
        case .setPolicy: return "set policy"
        }
    }
}

/// The thin seam between the console and the Paygent core: everything the console reads or does
/// goes through it. ``PaygentAPIBackend`` implements it over `PaygentAPI` (embedded or remote);
/// ``InMemoryConsoleBackend`` is a self-contained one for tests and benchmarks.
public protocol ConsoleBackend: Sendable {
    /// `embedded` or the server URL, for the header.
    var modeLabel: String { get }
    /// Header, sessions, pending approvals (oldest first), recent payments (newest first), budgets.
    func snapshot(sessionLimit: Int, paymentLimit: Int) async throws -> DataSnapshot
    /// Up to `limit` events with seq < `before` (nil: the newest), ascending by seq.
    func events(before: Int64?, limit: Int) async throws -> [EventRecord]
    /// Up to `limit` events with seq > `after`, ascending.
    func events(after: Int64, limit: Int) async throws -> [EventRecord]
    /// Live events with seq > `after`, as they are appended. Ends when the connection does.
    func subscribe(after: Int64) -> AsyncThrowingStream<EventRecord, any Error>
    /// Performs a command; returns a one-line message for the status bar.
    func perform(_ command: ConsoleCommand) async throws -> String
    /// Extra detail lines for a session (plan, steps, costs); may be empty.
    func sessionDetails(id: String) async throws -> [DetailLine]
    /// The spending policy, each limit beside its usage (the `:policy` view).
    func policy() async throws -> PolicyRecord
}

extension ConsoleBackend {
    /// Backends without a policy (benchmarks) say so.
    public func policy() async throws -> PolicyRecord { throw BackendError("this console has no policy to show") }
}
