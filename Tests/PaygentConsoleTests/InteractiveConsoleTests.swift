import Foundation
import PaygentFoundation
import Testing
@testable import PaygentConsole

/// Runs the real ncurses console on sample data with a live event feed. Skipped unless
/// PAYGENT_CONSOLE_TTY=1 (it needs a terminal): run the test binary inside tmux, e.g.
/// `PAYGENT_CONSOLE_TTY=1 .build/debug/PaygentPackageTests.xctest --testing-library swift-testing --filter interactiveConsole`.
@Test(.enabled(if: ProcessInfo.processInfo.environment["PAYGENT_CONSOLE_TTY"] == "1"))
func interactiveConsole() async throws {
    let clock = SystemClock()
    let backend = ConsoleSampleData.backend(eventCount: 300, clock: clock)
    backend.replace(approvals: ConsoleSampleData.approvals(now: clock.now().milliseconds))
    let feeder = Task {
        while !Task.isCancelled {
            backend.append(ConsoleSampleData.events(count: 3, now: clock.now().milliseconds, firstSeq: backend.nextSeq))
            try? await Task.sleep(for: .milliseconds(250))
        }
    }
    defer { feeder.cancel() }
    try await runConsole(backend: backend, options: ConsoleOptions())
    let decisions = backend.commands.map(\.description).joined(separator: "; ")
    FileHandle.standardError.write(Data("console commands: \(decisions)\n".utf8))
}
