import PaygentCore
import PaygentWire

/// Agent sessions: list and read (agents see only their own), kill (`DELETE` or `POST …/kill`),
/// pause and resume (operator).
struct SessionRoutes: APIRouteGroup {
    let api: any PaygentAPI

    var routes: [APIRoute] {
        let api = self.api
        return [
            APIRoute(.get, "/api/v1/agent/sessions", access: .ownSessions, operationID: "listSessions",
                     summary: "Sessions, newest first (an agent token sees only its own).", tag: "agent",
                     query: [
                        .choice("status", SessionStatus.allCases.map(\.rawValue), "Only this status."),
                        .string("user_id", "Only this owner.", maxLength: 128),
                     ] + APIParameter.paging,
                     response: "SessionPage") { call in
                var query = try call.query(SessionQuery.self)
                if call.principal.role == .agent { query.userID = call.principal.ownerID }
                return try .page(try await api.sessions(query))
            },
            APIRoute(.post, "/api/v1/agent/sessions", access: .operate, operationID: "createSession",
                     summary: "Starts a session in running (an operator's; agents get theirs from /agent/execute).", tag: "agent",
                     status: 201, request: "CreateSessionRequest", response: "Session") { call in
                try .json(try await api.createSession(try call.decode(CreateSessionRequest.self), by: call.actor), status: 201)
            },
            APIRoute(.get, "/api/v1/agent/sessions/{id}", access: .ownSessions, operationID: "getSession",
                     summary: "One session.", tag: "agent", response: "Session") { call in
                try .json(try await Self.readable(call, api: api))
            },
            APIRoute(.delete, "/api/v1/agent/sessions/{id}", access: .operate, operationID: "terminateSession",
                     summary: "Terminates (kills) a session; the row stays with status killed.", tag: "agent",
                     response: "Session") { call in
                try .json(try await api.killSession(id: try call.id("id"), reason: nil, by: call.actor))
            },
            APIRoute(.post, "/api/v1/agent/sessions/{id}/kill", access: .operate, operationID: "killSession",
                     summary: "Kills a session: holds released, approvals rejected, no new payment ever.", tag: "agent",
                     request: "ReasonBody", requestOptional: true, response: "Session") { call in
                let id = try call.id("id")
                let reason = try call.decode(ReasonBody.self).validated()
                return try .json(try await api.killSession(id: id, reason: reason, by: call.actor))
            },
            APIRoute(.post, "/api/v1/agent/sessions/{id}/pause", access: .operate, operationID: "pauseSession",
                     summary: "Pauses a session: its payments are refused until resumed.", tag: "agent",
                     request: "ReasonBody", requestOptional: true, response: "Session") { call in
                let id = try call.id("id")
                let reason = try call.decode(ReasonBody.self).validated()
                return try .json(try await api.pauseSession(id: id, reason: reason, by: call.actor))
            },
            APIRoute(.post, "/api/v1/agent/sessions/{id}/resume", access: .operate, operationID: "resumeSession",
                     summary: "Resumes a paused session.", tag: "agent", response: "Session") { call in
                try .json(try await api.resumeSession(id: try call.id("id"), by: call.actor))
            },
        ]
    }

    /// The session of the call's `{id}`, refused (403) to an agent that does not own it.
    static func readable(_ call: APICall, api: any PaygentAPI) async throws -> AgentSession {
        let session = try await api.session(id: try call.id("id"))
        guard call.principal.mayRead(session) else {
            throw PaygentError(.forbidden, "an agent token may read only the sessions it owns")
        }
        return session
    }
}
