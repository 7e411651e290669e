/// `POST /api/v1/payments/execute-approved` body: `{request_id}`.
public struct ExecuteApprovedInput: Sendable, Hashable, Codable {
    /// The approval request of the payment.
    public var requestID: String

    /// Creates a body.
    public init(requestID: String) { self.requestID = requestID }

    enum CodingKeys: String, CodingKey { case requestID = "request_id" }
}
