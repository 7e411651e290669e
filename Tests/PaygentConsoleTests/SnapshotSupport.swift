import Foundation
import PaygentFoundation
import Testing
@testable import PaygentConsole

/// Frame snapshots stored under Snapshots/ next to this file. Set PAYGENT_RECORD_SNAPSHOTS=1 to
/// (re-)record them; a missing snapshot is recorded and reported as a failure.
enum Snapshot {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    static var recording: Bool { ProcessInfo.processInfo.environment["PAYGENT_RECORD_SNAPSHOTS"] == "1" }

    /// Compares `text` with Snapshots/`name`.txt.
    static func check(_ text: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name + ".txt")
        let stored = try? String(contentsOf: url, encoding: .utf8)
        if recording || stored == nil {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? text.write(to: url, atomically: true, encoding: .utf8)
            if !recording {
                Issue.record(Comment(rawValue: "recorded new snapshot \(name).txt; run again"), sourceLocation: sourceLocation)
            }
            return
        }
        if stored != text {
            let expectedLines = stored!.split(separator: "\n", omittingEmptySubsequences: false)
            let actualLines = text.split(separator: "\n", omittingEmptySubsequences: false)
            var diff: [String] = []
            for index in 0..<max(expectedLines.count, actualLines.count) where diff.count < 12 {
                let e = index < expectedLines.count ? String(expectedLines[index]) : "<none>"
                let a = index < actualLines.count ? String(actualLines[index]) : "<none>"
                if e != a { diff.append("line \(index + 1):\n  expected: \(e)\n  actual:   \(a)") }
            }
            let message = "snapshot \(name).txt differs (PAYGENT_RECORD_SNAPSHOTS=1 re-records):\n" + diff.joined(separator: "\n")
            Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
        }
    }

    /// A whole frame: the text, then the style map.
    static func frame(_ terminal: MemoryTerminal, styles: Bool = true) -> String {
        styles ? terminal.renderText() + "\n==== styles ====\n" + terminal.renderStyles() + "\n" : terminal.renderText() + "\n"
    }
}

/// A console on sample data in a memory terminal, at a fixed time, UTC.
struct Harness {
    let terminal: MemoryTerminal
    let backend: InMemoryConsoleBackend
    let driver: ConsoleDriver
    let clock: ManualClock

    init(cols: Int = 120, rows: Int = 40, depth: ColorDepth = .ansi256, unicode: Bool = true, options: ConsoleOptions = ConsoleOptions(environment: [:]),
         config: ConsoleConfig = ConsoleConfig(), backend: InMemoryConsoleBackend? = nil, eventCount: Int = 300) {
        clock = ManualClock(Timestamp(milliseconds: ConsoleSampleData.now))
        terminal = MemoryTerminal(rows: rows, cols: cols, colorDepth: depth, supportsUnicode: unicode)
        self.backend = backend ?? ConsoleSampleData.backend(eventCount: eventCount, clock: clock)
        var options = options
        options.utcOffsetSeconds = 0
        if options.colorDepth == nil && options.environment.isEmpty { options.colorDepth = depth }
        driver = ConsoleDriver(terminal: terminal, backend: self.backend, options: options, config: config, clock: clock,
                               readFile: { _ in nil })
    }

    static func started(cols: Int = 120, rows: Int = 40, depth: ColorDepth = .ansi256, unicode: Bool = true,
                        options: ConsoleOptions = ConsoleOptions(environment: [:]), config: ConsoleConfig = ConsoleConfig(),
                        backend: InMemoryConsoleBackend? = nil, eventCount: Int = 300) async -> Harness {
        let harness = Harness(cols: cols, rows: rows, depth: depth, unicode: unicode, options: options, config: config,
                              backend: backend, eventCount: eventCount)
        await harness.driver.start()
        return harness
    }

    var text: String { terminal.renderText() }
}
