import ArgumentParser
import Foundation
import PaygentAgents
import PaygentCore
import PaygentDemo
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// `paygent demo`: the demo fleet without the console, printing a live summary line per second
/// (for load runs: `paygent demo --agents 50 --rate 20 --duration 30`).
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run the demo fleet headless and print a summary line per second.",
        discussion: """
            Starts the demo's paid services on loopback, funds devnet wallets and runs N agents (the first \
            five: steady poller, bursty researcher with subagents, big-ticket buyer needing approvals, \
            runaway loop stopped by its velocity limit and budget, client of a misbehaving service). \
            Approval requests are decided automatically unless --manual-approvals is given. Stops after \
            --duration seconds (default: until Ctrl-C). The same --seed replays the same choices.
            """
    )

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Number of agents (1…1000).", valueName: "n"))
    var agents: Int = 5

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Pace multiplier (1 = demo pace).", valueName: "r"))
    var rate: Double = 1

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Seed for every random choice.", valueName: "n"))
    var seed: UInt64 = 42

    @Option(name: .long, parsing: .unconditional, help: ArgumentHelp("Stop after this many seconds (default: until Ctrl-C).", valueName: "seconds"))
    var duration: Double?

    @Option(name: .long, help: ArgumentHelp("SQLite database (default: a throwaway temporary file).", valueName: "path"))
    var database: String?

    @Flag(name: .customLong("manual-approvals"), help: "Leave approval requests to an operator (`paygent approvals`).")
    var manualApprovals = false

    @Flag(name: .long, help: "Print the summary lines as JSON.")
    var json = false

    /// The bounds of a demo fleet, shared with `paygent --demo`.
    static func checkFleet(agents: Int, rate: Double) throws {
        guard (1...1000).contains(agents) else { throw ValidationError("--agents must be between 1 and 1000") }
        guard rate > 0, rate <= 1000 else { throw ValidationError("--rate must be above 0 and at most 1000") }
    }

    func validate() throws {
        try Self.checkFleet(agents: agents, rate: rate)
        if let duration, !(duration > 0 && duration <= 86_400) { throw ValidationError("--duration must be between 0 and 86400 seconds") }
    }

    func run() async throws {
        let agents = self.agents, rate = self.rate, seed = self.seed, database = self.database
        let fleet = try await runCLI {
            try await DemoFleet.start(DemoFleetOptions(
                databasePath: database, seed: seed, agents: agents, rate: rate,
                autoApprove: manualApprovals ? nil : .init(delay: .milliseconds(Int64(max(50, 2000 / rate))), rejectEvery: 4)))
        }
        StandardStreams.err("paygent demo: \(agents) agents, rate \(rate), seed \(seed); services \(fleet.servicesURL); store \(fleet.databasePath)\n")
        let counts = EventCounts()
        let stream = fleet.paygent.subscribe(after: nil)
        let counting = Task {
            do { for try await event in stream { counts.add(event.type) } } catch {}
        }
        // Ctrl-C or SIGTERM: stop the fleet cleanly (leases given up, a throwaway store deleted).
        let interrupted = StopSignals.install()
        let started = ContinuousClock.now
        var previousRuns = 0
        var second = 0
        while interrupted.signal == nil {
            try? await Task.sleep(for: .seconds(1))
            second += 1
            let stats = fleet.stats
            let finished = stats.runsCompleted + stats.runsFailed + stats.runsCancelled
            let line = SummaryLine(
                seconds: second, runs: finished, runsPerSecond: finished - previousRuns, completed: stats.runsCompleted,
                failed: stats.runsFailed, cancelled: stats.runsCancelled, settled: counts.count(.paymentSettled),
                denied: counts.count(.paymentDenied), approvals: counts.count(.approvalRequested),
                spentUSD: stats.spentUSD.description, active: fleet.runtime.activeRunIDs.count)
            previousRuns = finished
            let text = json
                ? try CompactJSON.line(line)
                : line.text
            StandardStreams.out(text + "\n")
            if let duration, ContinuousClock.now - started >= .milliseconds(Int64(duration * 1000)) { break }
        }
        counting.cancel()
        let stats = fleet.stats
        await fleet.stop()
        let failures = stats.failuresByType.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        StandardStreams.err("paygent demo: stopped; failures by type: \(failures.isEmpty ? "none" : failures)\n")
    }
}

/// One line of `paygent demo` output.
struct SummaryLine: Encodable {
    var seconds: Int
    var runs: Int
    var runsPerSecond: Int
    var completed: Int
    var failed: Int
    var cancelled: Int
    var settled: Int
    var denied: Int
    var approvals: Int
    var spentUSD: String
    var active: Int

    var text: String {
        "t=\(seconds)s runs \(runs) (+\(runsPerSecond)/s: ok \(completed), failed \(failed), cancelled \(cancelled)) · "
            + "payments \(settled) settled, \(denied) denied · approvals \(approvals) · spent \(spentUSD) USD · active \(active)"
    }

    enum CodingKeys: String, CodingKey {
        case seconds, runs
        case runsPerSecond = "runs_per_second"
        case completed, failed, cancelled, settled, denied, approvals
        case spentUSD = "spent_usd"
        case active
    }
}

/// Counts events by type.
final class EventCounts: Sendable {
    private let counts = Mutex<[String: Int]>([:])
    func add(_ type: EventType) { counts.withLock { $0[type.rawValue, default: 0] += 1 } }
    func count(_ type: EventType) -> Int { counts.withLock { $0[type.rawValue] ?? 0 } }
}
