/// Work the model asks the runtime to do (the model itself never does I/O).
public enum ConsoleEffect: Hashable, Sendable {
    /// Reload header, sessions, approvals, payments and budgets.
    case refresh
    /// Load the newest page of events (start-up, back to follow).
    case loadEventTail
    /// Load the page of events below this seq.
    case loadEventsBefore(Int64)
    /// Load the page of events above this seq.
    case loadEventsAfter(Int64)
    /// Send an operator command.
    case perform(ConsoleCommand)
    /// Load extra detail lines for a session.
    case loadSessionDetails(String)
    /// Load the policy for the `:policy` view.
    case loadPolicy
    /// Switch theme.
    case setTheme(String)
    /// Put text on the terminal's clipboard (OSC 52).
    case copyToClipboard(String)
    /// Turn mouse reporting on or off.
    case setMouse(Bool)
    /// Leave the console.
    case quit
    /// Leave the console and reopen it on context `name` (`:ctx NAME`; `local` is the embedded store).
    case switchContext(String)
}

/// Why the console returned.
public enum ConsoleExit: Hashable, Sendable {
    /// The operator quit.
    case quit
    /// The operator asked for another context (`:ctx NAME`).
    case switchContext(String)
}

/// Results coming back to the model from the runtime.
public enum ConsoleMessage: Sendable {
    case snapshot(DataSnapshot)
    case eventTail([EventRecord])
    case olderEvents([EventRecord])
    case newerEvents([EventRecord])
    /// Live events from the subscription (already coalesced by the runtime).
    case live([EventRecord])
    case connection(ConnectionState)
    case commandSucceeded(ConsoleCommand, String)
    case commandFailed(ConsoleCommand, String)
    case sessionDetails(String, [DetailLine])
    case policy(PolicyRecord)
    case loadFailed(String)
    /// A status-bar message (theme switched, config problem…).
    case status(String, ThemeRole)
}

/// The connection to the core or server.
public enum ConnectionState: Hashable, Sendable {
    case connecting
    case live
    case reconnecting(String)
    case failed(String)
}
