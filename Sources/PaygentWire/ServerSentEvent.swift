import PaygentCore
import PaygentFoundation
import X402

/// One message of a `text/event-stream` (Server-Sent Events, WHATWG HTML §9.2): the wire form of
/// `GET /api/v1/events` and `POST /api/v1/agent/stream`.
///
/// `id` is what a reconnecting client sends back as `Last-Event-ID`; for the event log it is the
/// event's sequence number. Field values never contain a line break (a `data` value with line
/// breaks is split over several `data:` lines, as the format requires), so untrusted text cannot
/// inject a field or end a message early.
public struct ServerSentEvent: Sendable, Hashable {
    /// The `id:` field (nil: none).
    public var id: String?
    /// The `event:` field (nil: the default `message`).
    public var event: String?
    /// The `data:` payload (JSON for every Paygent stream).
    public var data: String

    /// Creates a message.
    public init(id: String? = nil, event: String? = nil, data: String) {
        self.id = id
        self.event = event
        self.data = data
    }

    /// The message as it goes on the wire, ending with the blank line that dispatches it.
    public var encoded: String {
        var out = ""
        out.reserveCapacity(data.utf8.count + 48)
        if let id { out += "id: " + Self.singleLine(id) + "\n" }
        if let event { out += "event: " + Self.singleLine(event) + "\n" }
        for line in Self.lines(data) { out += "data: " + line + "\n" }
        out += "\n"
        return out
    }

    /// A comment line (`: text`), which clients ignore: heartbeats, notices.
    public static func comment(_ text: String) -> String {
        ": " + singleLine(text) + "\n\n"
    }

    /// The `retry:` field telling clients how long to wait before reconnecting.
    public static func retry(milliseconds: Int) -> String {
        "retry: \(max(0, milliseconds))\n\n"
    }

    /// The heartbeat comment sent when a stream has been idle (every 15 s).
    public static let heartbeat = comment("heartbeat")

    /// A stored event as a message: `id:` its sequence, `event:` its type, `data:` its JSON
    /// (``eventJSON(_:)``).
    public init(_ event: PaygentEvent) {
        self.init(id: String(event.seq), event: event.type.rawValue, data: Self.eventJSON(event))
    }

    /// An event log entry as JSON: `{seq, type, session_id, subject_id, actor, data, timestamp}`.
    public static func eventJSON(_ event: PaygentEvent) -> String {
        var out = "{\"seq\":\(event.seq),\"type\":"
        out += quoted(event.type.rawValue)
        out += ",\"session_id\":" + (event.sessionID.map(quoted) ?? "null")
        out += ",\"subject_id\":" + (event.subjectID.map(quoted) ?? "null")
        out += ",\"actor\":" + quoted(event.actor)
        out += ",\"data\":" + event.data.jsonText
        out += ",\"timestamp\":" + quoted(event.timestamp.iso8601)
        out += "}"
        return out
    }

    /// The notice sent to a consumer that fell too far behind, just before the server ends its
    /// stream: `event: lagged`, `data: {"last_seq":N,"latest_seq":M}`. The client reconnects with
    /// `Last-Event-ID: N` (or `?after=N`) and is replayed from the store.
    public static func lagged(lastSeq: Int64, latestSeq: Int64) -> ServerSentEvent {
        ServerSentEvent(event: "lagged", data: "{\"last_seq\":\(lastSeq),\"latest_seq\":\(latestSeq)}")
    }

    /// A JSON string literal.
    static func quoted(_ text: String) -> String { JSONWriter.string(.string(text)) }

    static func singleLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\n" && $0 != "\r" && $0 != "\0" }))
    }

    static func lines(_ text: String) -> [Substring] {
        // CR, LF and CRLF all end a line in the format; split on each so none survives inside a field.
        var result: [Substring] = []
        var start = text.startIndex
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "\n" || character == "\r" || character == "\r\n" {
                result.append(text[start..<index])
                index = text.index(after: index)
                start = index
            } else {
                index = text.index(after: index)
            }
        }
        result.append(text[start..<text.endIndex])
        return result
    }
}

/// Where a client resumes an event stream: `?after=SEQ` or the `Last-Event-ID` header (the query
/// wins when both are given), both a decimal sequence number ≥ 0.
public enum EventStreamCursor {
    /// Why a cursor was refused (the server answers 422 naming `field`).
    public struct Invalid: Error, Sendable, Hashable, CustomStringConvertible {
        /// `after` or `Last-Event-ID`.
        public var field: String
        /// What is wrong.
        public var message: String
        public var description: String { "\(field): \(message)" }
    }

    /// The sequence to resume after, or nil (start at the current end of the log).
    public static func parse(after: String?, lastEventID: String?) throws(Invalid) -> Int64? {
        if let after { return try number(after, field: "after") }
        if let lastEventID, !lastEventID.isEmpty { return try number(lastEventID, field: "Last-Event-ID") }
        return nil
    }

    static func number(_ text: String, field: String) throws(Invalid) -> Int64 {
        guard !text.isEmpty, text.utf8.count <= 19, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let value = Int64(text)
        else {
            throw Invalid(field: field, message: "must be an event sequence number (0 or more), got \(text.utf8.count) bytes that are not one")
        }
        return value
    }
}

/// Reads a `text/event-stream` incrementally (the client side of ``ServerSentEvent``): feed it
/// the bytes as they arrive, in chunks of any size, and it returns each complete message.
/// Comments (heartbeats) are counted, not returned; `retry:` is ignored. A message's ``ServerSentEvent/id``
/// is its own `id:` field (nil when it has none); ``lastEventID`` keeps the last one seen.
public struct ServerSentEventParser: Sendable {
    private var pending: [UInt8] = []
    private var id: String?
    private var event: String?
    private var data: [String] = []
    private var hasData = false
    /// Comment lines seen (`: heartbeat`).
    public private(set) var comments = 0
    /// The last `id:` received (what a client sends back as `Last-Event-ID`).
    public private(set) var lastEventID: String?

    /// Creates a parser.
    public init() {}

    /// Parses `bytes`; returns the messages they complete.
    public mutating func feed(_ bytes: some Sequence<UInt8>) -> [ServerSentEvent] {
        pending.append(contentsOf: bytes)
        var messages: [ServerSentEvent] = []
        var start = 0
        var index = 0
        while index < pending.count {
            let byte = pending[index]
            if byte == 0x0A || byte == 0x0D {
                let line = String(decoding: pending[start..<index], as: UTF8.self)
                // CRLF counts as one line end.
                if byte == 0x0D, index + 1 < pending.count, pending[index + 1] == 0x0A { index += 1 }
                else if byte == 0x0D, index + 1 == pending.count { break }  // wait: an LF may follow
                if let message = take(line) { messages.append(message) }
                start = index + 1
            }
            index += 1
        }
        pending.removeFirst(min(start, pending.count))
        return messages
    }

    private mutating func take(_ line: String) -> ServerSentEvent? {
        if line.isEmpty {
            defer { id = nil; event = nil; data = []; hasData = false }
            guard hasData else { return nil }
            return ServerSentEvent(id: id, event: event, data: data.joined(separator: "\n"))
        }
        if line.hasPrefix(":") { comments += 1; return nil }
        let field: Substring
        var value: Substring
        if let colon = line.firstIndex(of: ":") {
            field = line[..<colon]
            value = line[line.index(after: colon)...]
            if value.first == " " { value = value.dropFirst() }
        } else {
            field = Substring(line)
            value = ""
        }
        switch field {
        case "id":
            id = String(value)
            lastEventID = id
        case "event": event = String(value)
        case "data":
            data.append(String(value))
            hasData = true
        default: break
        }
        return nil
    }
}
