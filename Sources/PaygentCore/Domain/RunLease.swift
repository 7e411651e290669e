import PaygentFoundation
/// Who drives an agent run, and until when: claimed in the same write that starts a step and
/// renewed by the driver's heartbeat. Another process may take the run over only once the lease
/// has expired (or its owner's process is provably gone, see ``ProcessLiveness``).
public struct RunLease: Sendable, Hashable {
    /// The owner id (``StoreOwner/id``) of the driving control plane.
    public var owner: String
    /// When the lease lapses unless renewed.
    public var expiresAt: Timestamp

    /// Creates a lease.
    public init(owner: String, expiresAt: Timestamp) {
        self.owner = owner
        self.expiresAt = expiresAt
    }

    /// Whether `owner` may drive the run at `now`: it holds the lease, or the lease lapsed, or the
    /// holder's process has exited.
    public func allows(_ other: String, at now: Timestamp) -> Bool {
        other == owner || now >= expiresAt || ProcessLiveness.isGone(ownerID: owner)
    }
}
