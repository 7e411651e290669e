import PaygentCore
import PaygentWire

/// Approval requests: pending and all, one request, and the operator's decisions. A second
/// decision is 409; an agent token can never decide (403).
struct ApprovalRoutes: APIRouteGroup {
    let api: any PaygentAPI

    var routes: [APIRoute] {
        let api = self.api
        let session = APIParameter.string("session_id", "Only this session.", maxLength: 128)
        return [
            APIRoute(.get, "/api/v1/approvals/pending", access: .read, operationID: "pendingApprovals",
                     summary: "Pending approval requests, oldest first.", tag: "approvals",
                     query: [session] + APIParameter.paging, response: "ApprovalPage") { call in
                var query = try call.query(ApprovalQuery.self)
                query.decision = .pending
                return try .page(try await api.approvals(query))
            },
            APIRoute(.get, "/api/v1/approvals", access: .read, operationID: "listApprovals",
                     summary: "Approval requests with a decision (`all` for every one; default pending).", tag: "approvals",
                     query: [session, .choice("decision", ApprovalDecision.allCases.map(\.rawValue) + ["all"], "Only this decision.")]
                        + APIParameter.paging,
                     response: "ApprovalPage") { call in
                try .page(try await api.approvals(try call.query(ApprovalQuery.self)))
            },
            APIRoute(.get, "/api/v1/approvals/{id}", access: .read, operationID: "getApproval", summary: "One approval request.",
                     tag: "approvals", response: "ApprovalRequest") { call in
                try .json(try await api.approval(id: try call.id("id")))
            },
            APIRoute(.post, "/api/v1/approvals/{id}/approve", access: .operate, operationID: "approve",
                     summary: "Approves as asked (409 when already decided or expired).", tag: "approvals",
                     response: "ApprovalDecisionResult") { call in
                try .json(try await api.approve(id: try call.id("id"), by: call.actor))
            },
            APIRoute(.post, "/api/v1/approvals/{id}/reject", access: .operate, operationID: "reject",
                     summary: "Rejects; the payment fails with the reason.", tag: "approvals", request: "ReasonBody",
                     requestOptional: true, response: "ApprovalDecisionResult") { call in
                let id = try call.id("id")
                let reason = try call.decode(ReasonBody.self).validated()
                return try .json(try await api.reject(id: id, reason: reason, by: call.actor))
            },
            APIRoute(.post, "/api/v1/approvals/{id}/edit", access: .operate, operationID: "editApproval",
                     summary: "Approves with edited arguments and/or a lower amount.", tag: "approvals", request: "ApprovalEdit",
                     response: "ApprovalDecisionResult") { call in
                let id = try call.id("id")
                return try .json(try await api.editApproval(id: id, try call.decode(ApprovalEdit.self), by: call.actor))
            },
        ]
    }
}
