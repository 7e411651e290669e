import PaygentCore
import PaygentWire

/// Execution logs (agent runs) and per-session summaries.
struct LogRoutes: APIRouteGroup {
    let api: any PaygentAPI

    var routes: [APIRoute] {
        let api = self.api
        return [
            APIRoute(.get, "/api/v1/logs", access: .read, operationID: "listLogs", summary: "Agent runs, newest first.", tag: "logs",
                     query: [
                        .string("session_id", "Only this session.", maxLength: 128),
                        .string("status", "Only this status.", maxLength: 40),
                        .dateTime("start_date", "Created at or after (ISO-8601)."),
                        .dateTime("end_date", "Created before (ISO-8601)."),
                     ] + APIParameter.paging,
                     response: "LogPage") { call in
                try .page(try await api.executionLogs(try call.query(LogQuery.self)))
            },
            APIRoute(.get, "/api/v1/logs/{id}", access: .read, operationID: "getLog", summary: "One run.", tag: "logs",
                     response: "ExecutionLog") { call in
                try .json(try await api.executionLog(id: try call.id("id")))
            },
            APIRoute(.get, "/api/v1/logs/sessions/{session_id}/summary", access: .read, operationID: "logSummary",
                     summary: "Totals of a session's runs.", tag: "logs", response: "ExecutionLogSummary") { call in
                try .json(try await api.executionLogSummary(sessionID: try call.id("session_id")))
            },
        ]
    }
}
