import PaygentCore
import PaygentWire

/// `GET /api/v1/events/page`: a window of the event log as JSON (``EventPage``), for clients that
/// page through history (a remote console scrolling back, `paygent` over `--server`). The live
/// tail is `GET /api/v1/events` (Server-Sent Events).
struct EventLogRoutes: APIRouteGroup {
    let api: any PaygentAPI

    var routes: [APIRoute] {
        let api = self.api
        return [
            APIRoute(.get, "/api/v1/events/page", access: .read, operationID: "eventPage",
                     summary: "A window of the event log: events with after < seq < before, ascending.", tag: "live",
                     query: [
                        APIParameter("after", #"{"type":"integer","minimum":0}"#, "Only events after this sequence."),
                        APIParameter("before", #"{"type":"integer","minimum":0}"#, "Only events before this sequence."),
                        .id("session_id", "Only this session."),
                        .string("type", "Only these types (comma-separated).", maxLength: 2000),
                        APIParameter("limit", #"{"type":"integer","minimum":1,"maximum":1000}"#, "At most this many (default 100)."),
                     ],
                     response: "EventPage") { call in
                try .json(try await api.events(try call.query(EventQuery.self)))
            },
        ]
    }
}
