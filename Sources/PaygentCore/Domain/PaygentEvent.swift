import PaygentFoundation
/// The kind of an event: an open set of dotted names (`payment.settled`), plus the agent
/// runtime's prototype types (`thinking`, `tool_call`, …).
public struct EventType: RawRepresentable, Sendable, Hashable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    // Sessions
    public static let sessionCreated: EventType = "session.created"
    public static let sessionPaused: EventType = "session.paused"
    public static let sessionResumed: EventType = "session.resumed"
    public static let sessionKilled: EventType = "session.killed"
    public static let sessionCompleted: EventType = "session.completed"
    public static let sessionFailed: EventType = "session.failed"
    public static let sessionUpdated: EventType = "session.updated"
    // Payments and holds
    public static let paymentAuthorized: EventType = "payment.authorized"
    public static let paymentDenied: EventType = "payment.denied"
    public static let paymentSettled: EventType = "payment.settled"
    public static let paymentFailed: EventType = "payment.failed"
    public static let paymentUnknown: EventType = "payment.unknown"
    public static let paymentCancelled: EventType = "payment.cancelled"
    /// An outcome (capture, release) could not be written after retries; the reconciler resolves it.
    public static let paymentRecordFailed: EventType = "payment.record_failed"
    /// Start-up recovery or the reconciler released, captured or kept in-flight payments.
    public static let paymentsRecovered: EventType = "payments.recovered"
    /// A maintenance round (approval expiry, reconciliation) failed; the next one tries again.
    public static let maintenanceFailed: EventType = "maintenance.failed"
    public static let holdReleased: EventType = "hold.released"
    // Approvals
    public static let approvalRequested: EventType = "approval.requested"
    public static let approvalApproved: EventType = "approval.approved"
    public static let approvalEdited: EventType = "approval.edited"
    public static let approvalRejected: EventType = "approval.rejected"
    public static let approvalExpired: EventType = "approval.expired"
    // Global control and policy
    public static let controlPaused: EventType = "control.paused"
    public static let controlResumed: EventType = "control.resumed"
    public static let policyUpdated: EventType = "policy.updated"
    // Registry
    public static let serviceRegistered: EventType = "service.registered"
    public static let serviceUpdated: EventType = "service.updated"
    public static let subscriptionChanged: EventType = "subscription.changed"
    /// A subscription renewal could not be made or recorded (the renewer reports every failure).
    public static let subscriptionRenewalFailed: EventType = "subscription.renewal_failed"
    // Ledger
    public static let ledgerMinted: EventType = "ledger.minted"
    public static let ledgerTransferred: EventType = "ledger.transferred"
    // Execution logs, API tokens
    public static let logWritten: EventType = "log.written"
    public static let tokenIssued: EventType = "token.issued"
    public static let tokenRevoked: EventType = "token.revoked"
}

/// One entry of the event log. `seq` increases by one per appended event and never repeats.
public struct PaygentEvent: Sendable, Hashable, Codable, Identifiable {
    /// Position in the log (1, 2, 3, …).
    public var seq: Int64
    /// Kind.
    public var type: EventType
    /// The session it concerns, if any.
    public var sessionID: String?
    /// The object it concerns (payment, approval, service id…), if any.
    public var subjectID: String?
    /// Who caused it (`operator:alice`, `agent:ses_…`, `system`).
    public var actor: String
    /// Type-specific details.
    public var data: JSONValue
    /// When it was appended.
    public var timestamp: Timestamp

    /// Creates an event value.
    public init(seq: Int64, type: EventType, sessionID: String?, subjectID: String?, actor: String, data: JSONValue,
                timestamp: Timestamp) {
        self.seq = seq
        self.type = type
        self.sessionID = sessionID
        self.subjectID = subjectID
        self.actor = actor
        self.data = data
        self.timestamp = timestamp
    }

    /// `seq` as the identity.
    public var id: Int64 { seq }

    enum CodingKeys: String, CodingKey {
        case seq, type
        case sessionID = "session_id"
        case subjectID = "subject_id"
        case actor, data, timestamp
    }
}

/// An event before it is appended (no sequence number yet).
public struct NewEvent: Sendable, Hashable {
    /// Kind.
    public var type: EventType
    /// Session concerned.
    public var sessionID: String?
    /// Object concerned.
    public var subjectID: String?
    /// Who caused it.
    public var actor: String
    /// Details.
    public var data: JSONValue

    /// Creates an event to append.
    public init(_ type: EventType, sessionID: String? = nil, subjectID: String? = nil, actor: String,
                data: JSONValue = .object([:])) {
        self.type = type
        self.sessionID = sessionID
        self.subjectID = subjectID
        self.actor = actor
        self.data = data
    }
}
