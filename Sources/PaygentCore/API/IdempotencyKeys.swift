/// Durable idempotency keys for a server's state-changing routes (`Idempotency-Key`): the first
/// request with a key claims it, its answer is stored, and a retry gets that answer.
///
/// A claim lapses after ``claimSeconds`` unanswered (the process answering it died); a retry
/// after that runs the request again, and the core's own state checks (an approval already
/// decided, a session already killed) keep it from acting twice.
public protocol IdempotencyKeys: Sendable {
    /// Claims `key` for the request `fingerprint`, or reports the earlier use.
    func claimIdempotencyKey(scope: String, key: String, fingerprint: String) async throws(PaygentError) -> IdempotencyClaim
    /// Stores the answer of a claimed key.
    func completeIdempotencyKey(scope: String, key: String, status: Int, contentType: String, body: [UInt8]) async throws(PaygentError)
    /// Gives a claim up (the request failed without an answer worth repeating), so a retry runs again.
    func releaseIdempotencyKey(scope: String, key: String) async throws(PaygentError)
}

extension IdempotencyKeys {
    /// How long an unanswered claim blocks retries.
    public static var claimSeconds: Int64 { 60 }
}
