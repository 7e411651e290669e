/// The life cycle of an agent session.
public enum SessionStatus: String, Sendable, Hashable, Codable, CodingKeyRepresentable, CaseIterable, CustomStringConvertible {
    /// Working; payments are evaluated by policy.
    case running
    /// Paused by an operator; every payment is refused until resumed.
    case paused
    /// At least one approval request is waiting for a human.
    case awaitingApproval = "awaiting_approval"
    /// Killed by an operator: no new holds, ever.
    case killed
    /// Finished successfully.
    case completed
    /// Finished with an error.
    case failed

    /// Killed, completed or failed: nothing more can happen in this session.
    public var isTerminal: Bool { self == .killed || self == .completed || self == .failed }

    public var description: String { rawValue }
}

/// What happens to an approval request nobody decided before its deadline.
public enum ApprovalTimeoutAction: String, Sendable, Hashable, Codable, CaseIterable {
    /// Deny (the default): the payment fails.
    case deny
    /// Allow: the request is approved by the system when the deadline passes.
    case allow
}
