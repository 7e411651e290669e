/// Where one step of a run stands.
///
///     pending → running → succeeded | failed
///                  ↓  ↑
///         awaiting_approval → (approve/edit) running, (reject/expire) failed
///     pending → skipped (condition false) | cancelled (kill, cancel)
public enum StepStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case pending
    case running
    case awaitingApproval = "awaiting_approval"
    case succeeded
    case failed
    case skipped
    case cancelled

    /// Nothing more will happen to the step.
    public var isFinished: Bool {
        switch self {
        case .succeeded, .failed, .skipped, .cancelled: true
        case .pending, .running, .awaitingApproval: false
        }
    }

    /// Whether moving to `next` is a legal transition.
    public func canMove(to next: StepStatus) -> Bool {
        switch (self, next) {
        case (.pending, .running), (.pending, .skipped), (.pending, .cancelled): true
        case (.running, .succeeded), (.running, .failed), (.running, .awaitingApproval), (.running, .cancelled): true
        case (.awaitingApproval, .running), (.awaitingApproval, .failed), (.awaitingApproval, .cancelled): true
        default: false
        }
    }
}

/// Where a whole run stands (the execution log's `status`).
public enum RunStatus: String, Sendable, Hashable, Codable, CaseIterable {
    case running
    case awaitingApproval = "awaiting_approval"
    case completed
    case failed
    case cancelled

    /// Nothing more will happen to the run.
    public var isFinished: Bool { self == .completed || self == .failed || self == .cancelled }
}
