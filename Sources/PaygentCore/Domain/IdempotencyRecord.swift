import PaygentFoundation
/// The stored outcome of a state-changing HTTP request sent with an `Idempotency-Key`: a retry
/// with the same key gets the first answer instead of acting twice.
public struct IdempotencyRecord: Sendable, Hashable {
    /// Whose key it is (the token id): keys of different callers never collide.
    public var scope: String
    /// The client's key.
    public var key: String
    /// Method, path and a hash of the body of the first request; a reuse of the key for another
    /// request is refused.
    public var fingerprint: String
    /// The first answer's status; nil while the first request is still being answered.
    public var status: Int?
    /// The first answer's content type.
    public var contentType: String
    /// The first answer's body.
    public var body: [UInt8]
    /// When the key was first used.
    public var createdAt: Timestamp
    /// Until when an unanswered claim blocks retries (a crashed request's claim lapses).
    public var claimedUntil: Timestamp

    /// Creates a record.
    public init(scope: String, key: String, fingerprint: String, status: Int?, contentType: String, body: [UInt8],
                createdAt: Timestamp, claimedUntil: Timestamp) {
        self.scope = scope
        self.key = key
        self.fingerprint = fingerprint
        self.status = status
        self.contentType = contentType
        self.body = body
        self.createdAt = createdAt
        self.claimedUntil = claimedUntil
    }
}

/// What ``IdempotencyKeys/claimIdempotencyKey(scope:key:fingerprint:)`` found.
public enum IdempotencyClaim: Sendable, Hashable {
    /// The key is new (or its earlier claim lapsed): run the request, then complete the key.
    case claimed
    /// The first request was answered: send this answer again.
    case replay(IdempotencyRecord)
    /// The first request is still being answered (409).
    case inProgress
    /// The key was used for a different request (422).
    case mismatch
}
