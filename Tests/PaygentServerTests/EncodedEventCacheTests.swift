import PaygentCore
import PaygentFoundation
import PaygentWire
import Testing
@testable import PaygentServer

/// The SSE encoding shared by a server's consumers is the encoding itself, also after eviction.
@Suite struct EncodedEventCacheTests {
    static func event(_ seq: Int64, note: String) -> PaygentEvent {
        PaygentEvent(seq: seq, type: "test.marker", sessionID: "ses_a", subjectID: nil, actor: "test",
                     data: ["note": .string(note)], timestamp: Timestamp(milliseconds: 1_750_000_000_000 + seq))
    }

    @Test func cachedTextIsTheEncodingAndEvictionKeepsItCorrect() {
        let cache = EncodedEventCache(capacity: 3)
        for seq in Int64(1)...10 {
            let event = Self.event(seq, note: "n\(seq)")
            #expect(cache.encoded(event) == ServerSentEvent(event).encoded)
            #expect(cache.encoded(event) == ServerSentEvent(event).encoded)  // from the cache
        }
        // Seq 1 was evicted long ago: encoded afresh, still right.
        let first = Self.event(1, note: "n1")
        #expect(cache.encoded(first) == ServerSentEvent(first).encoded)
        #expect(cache.encoded(first).hasPrefix("id: 1\nevent: test.marker\n"))
    }
}
