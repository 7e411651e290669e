import PaygentEVM

/// Idempotency keys in the store (table `idempotency_keys`, migration v10).
extension EmbeddedPaygent: IdempotencyKeys {
    /// The longest key accepted.
    public static let maximumIdempotencyKeyLength = 200
    /// Keys are kept this long, then forgotten.
    public static let idempotencyRetentionSeconds: Int64 = 86_400

    public func claimIdempotencyKey(scope: String, key: String, fingerprint: String) async throws(PaygentError) -> IdempotencyClaim {
        _ = try Validate.id(scope, field: "scope")
        guard !key.isEmpty, key.unicodeScalars.count <= Self.maximumIdempotencyKeyLength,
              key.unicodeScalars.allSatisfy({ $0.value >= 0x21 && $0.value < 0x7F }) else {
            throw PaygentError.invalid("Idempotency-Key", "must be 1 to \(Self.maximumIdempotencyKeyLength) printable ASCII characters without spaces")
        }
        let now = context.clock.now()
        let record = IdempotencyRecord(scope: scope, key: key, fingerprint: fingerprint, status: nil, contentType: "", body: [],
                                       createdAt: now, claimedUntil: now.adding(seconds: Self.claimSeconds))
        return try await context.write { tx -> IdempotencyClaim in
            if let existing = try tx.idempotencyRecord(scope: scope, key: key),
               existing.createdAt.adding(seconds: Self.idempotencyRetentionSeconds) > now {
                guard existing.fingerprint == fingerprint else { return .mismatch }
                if existing.status != nil { return .replay(existing) }
                if existing.claimedUntil > now { return .inProgress }
            }
            try tx.putIdempotencyRecord(record)
            return .claimed
        }
    }

    public func completeIdempotencyKey(scope: String, key: String, status: Int, contentType: String, body: [UInt8]) async throws(PaygentError) {
        try await context.write { tx in
            guard var record = try tx.idempotencyRecord(scope: scope, key: key) else { return }
            record.status = status
            record.contentType = contentType
            record.body = body
            try tx.putIdempotencyRecord(record)
        }
    }

    public func releaseIdempotencyKey(scope: String, key: String) async throws(PaygentError) {
        try await context.write { tx in
            guard let record = try tx.idempotencyRecord(scope: scope, key: key), record.status == nil else { return }
            try tx.deleteIdempotencyRecord(scope: scope, key: key)
        }
    }
}
