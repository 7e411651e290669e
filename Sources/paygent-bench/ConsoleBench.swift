import Foundation
import PaygentFoundation
import PaygentConsole

/// Console benchmarks: frame times into the in-memory terminal, event absorption, memory.
/// Prints `name: value unit` lines.
enum ConsoleBench {
    static func run() async throws {
        let results = try await ConsoleBenchmarks.measure()
        for line in results { print(line) }
    }
}

/// The measurements, separate from printing so a test can run a short version.
enum ConsoleBenchmarks {
    /// A store of `total` events that exist only as a function of their seq (1…total), so the console can
    /// be opened on a million-event log without holding it: only the pages it asks for are built.
    final class SyntheticBackend: ConsoleBackend, @unchecked Sendable {
        let total: Int64
        let inner: InMemoryConsoleBackend
        init(total: Int64, clock: any WallClock) {
            self.total = total
            inner = ConsoleSampleData.backend(eventCount: 0, clock: clock)
        }
        var modeLabel: String { "embedded" }
        func snapshot(sessionLimit: Int, paymentLimit: Int) async throws -> DataSnapshot {
            try await inner.snapshot(sessionLimit: sessionLimit, paymentLimit: paymentLimit)
        }
        func make(_ range: ClosedRange<Int64>) -> [EventRecord] {
            range.isEmpty ? [] : ConsoleSampleData.events(count: Int(range.count), now: ConsoleSampleData.now, firstSeq: range.lowerBound)
        }
        func events(before: Int64?, limit: Int) async throws -> [EventRecord] {
            let upper = min(before.map { $0 - 1 } ?? total, total)
            guard upper >= 1 else { return [] }
            return make(max(1, upper - Int64(limit) + 1)...upper)
        }
        func events(after: Int64, limit: Int) async throws -> [EventRecord] {
            guard after < total else { return [] }
            return make((after + 1)...min(total, after + Int64(limit)))
        }
        func subscribe(after: Int64) -> AsyncThrowingStream<EventRecord, any Error> { AsyncThrowingStream { $0.finish() } }
        func perform(_ command: ConsoleCommand) async throws -> String { try await inner.perform(command) }
        func sessionDetails(id: String) async throws -> [DetailLine] { [] }
    }

    static func percentile(_ values: [Double], _ p: Double) -> Double {
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
    }

    static func ms(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }

    static func residentMB() -> Double? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
              let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
        return kb / 1024
    }

    static func measure(frames: Int = 400, events: Int = 500_000, storeEvents: Int64 = 1_000_000) async throws -> [String] {
        var out: [String] = []
        let clock = ManualClock(Timestamp(milliseconds: ConsoleSampleData.now))
        let terminal = MemoryTerminal(rows: 60, cols: 200, colorDepth: .truecolor)
        let backend = SyntheticBackend(total: storeEvents, clock: clock)
        let driver = ConsoleDriver(terminal: terminal, backend: backend,
                                   options: ConsoleOptions(theme: "solarized-dark", colorDepth: .truecolor, environment: [:], utcOffsetSeconds: 0),
                                   clock: clock, readFile: { _ in nil })
        let wall = ContinuousClock()
        let openTime = await wall.measure { await driver.start() }
        out.append("console_open_1m_events: \(String(format: "%.2f", ms(openTime))) ms")

        // Full frames: everything dirty, 200x60, truecolor theme.
        var full: [Double] = []
        for _ in 0..<frames {
            driver.engine.invalidate()
            full.append(ms(wall.measure { driver.engine.render() }))
        }
        out.append("console_full_frame_200x60_p50: \(String(format: "%.3f", percentile(full, 0.5))) ms")
        out.append("console_full_frame_200x60_p99: \(String(format: "%.3f", percentile(full, 0.99))) ms")

        // One-pane update: a selection move in Sessions (handle + render of the dirty pane).
        var pane: [Double] = []
        for i in 0..<frames {
            let key: Key = i % 10 < 5 ? .char("j") : .char("k")
            pane.append(ms(wall.measure {
                _ = driver.engine.handle(key, now: clock.now().milliseconds)
                driver.engine.render()
            }))
        }
        out.append("console_pane_update_p50: \(String(format: "%.3f", percentile(pane, 0.5))) ms")
        out.append("console_pane_update_p99: \(String(format: "%.3f", percentile(pane, 0.99))) ms")

        // Scrolling the Events pane through the store (paging older events in), 1,000 steps.
        _ = driver.engine.handle(.char("2"), now: clock.now().milliseconds)
        let scroll = await wall.measure { await driver.press(Array(repeating: Key.pageUp, count: 1000)) }
        out.append("console_scroll_1000_pages: \(String(format: "%.1f", ms(scroll))) ms")
        await driver.press(.char("G"))

        // Absorption: live events in batches as the runtime drains them (one frame per batch,
        // ≤30 frames/s), with a key press repainted after every batch.
        let batchSize = 2000
        let batches = events / batchSize
        var keyLatency: [Double] = []
        var absorb = Duration.zero
        for index in 0..<batches {
            // Building the events (the store's and the subscription's work) is not timed.
            let batch = ConsoleSampleData.events(count: batchSize, now: ConsoleSampleData.now, firstSeq: storeEvents + 1 + Int64(index * batchSize))
            absorb += wall.measure {
                _ = driver.engine.apply(.live(batch))
                driver.engine.render()
                keyLatency.append(ms(wall.measure {
                    _ = driver.engine.handle(index % 2 == 0 ? .char("1") : .char("2"), now: clock.now().milliseconds)
                    driver.engine.render()
                }))
            }
        }
        let rate = Double(batches * batchSize) / (ms(absorb) / 1000)
        out.append("console_events_absorbed: \(Int(rate)) events/s")
        out.append("console_keypress_during_firehose_p99: \(String(format: "%.3f", percentile(keyLatency, 0.99))) ms")
        out.append("console_event_window_rows: \(driver.model.events.rows.count) rows")
        if let rss = residentMB() { out.append("console_resident_memory: \(String(format: "%.1f", rss)) MB") }
        return out
    }
}
