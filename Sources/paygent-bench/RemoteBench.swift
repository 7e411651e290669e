import Foundation
import PaygentAgents
import PaygentConsole
import PaygentCore
import PaygentEVM
import PaygentFoundation
import PaygentRemote
import PaygentServer
import Synchronization
import X402

/// The remote console and CLI (`RemotePaygent` over loopback to an in-process `paygent serve`
/// with the demo's paid services, a real SQLite store):
/// - `approve_to_settled`: an agent run asks for approval of the 12 USDC report; an operator's
///   `RemotePaygent.approve` is sent, and the clock stops when the payment's `payment.settled`
///   arrives on the operator's SSE stream (the run resumes, signs, pays, settles in between); p50/p99;
/// - `console_idle_requests`: requests a remote console's model sends over 60 s of idle time
///   (beyond its SSE stream), and over 10 s of a 1,000 events/s flood (the events delivered as the
///   stream would, the panes reloading coalesced), counted by the server;
/// - `frame`: full 200x60 frames with the data loaded over the remote and the embedded backend.
/// Env: PAYGENT_BENCH_REMOTE_APPROVALS (50).
enum RemoteBench {
    static func run() async throws {
        let approvals = Int(X402Bench.environmentValue("PAYGENT_BENCH_REMOTE_APPROVALS") ?? "") ?? 50
        let world = try await BenchServer.start()
        do {
            try await approveToSettled(world, runs: approvals)
            try await consoleRequests(world)
            try await frames(world)
        } catch {
            await world.stop()
            throw error
        }
        await world.stop()
    }

    /// Arrival times of events by "type|session".
    final class Arrivals: Sendable {
        let seen = Mutex<[String: (ContinuousClock.Instant, String?)]>([:])
        func record(_ event: PaygentEvent) {
            guard let session = event.sessionID else { return }
            seen.withLock { $0["\(event.type.rawValue)|\(session)"] = (.now, event.subjectID) }
        }
        func wait(_ type: EventType, _ session: String, seconds: Int = 30) async throws -> (ContinuousClock.Instant, String?) {
            let deadline = ContinuousClock.now + .seconds(seconds)
            while true {
                if let hit = seen.withLock({ $0["\(type.rawValue)|\(session)"] }) { return hit }
                guard ContinuousClock.now < deadline else { throw BenchFailure("no \(type.rawValue) for \(session) within \(seconds) s") }
                await Task.yield()
            }
        }
    }

    static func approveToSettled(_ world: BenchServer, runs: Int) async throws {
        let remote = try RemotePaygent(server: world.server.baseURL, token: world.operator)
        let arrivals = Arrivals()
        let start = try await remote.overview().latestSeq
        let stream = remote.subscribe(after: start)
        let follower = Task { for try await event in stream { arrivals.record(event) } }
        defer { follower.cancel() }
        let wallet = DevnetAccounts.key(120).address.checksummed
        var latencies: [Double] = []
        let warmup = 5
        for index in 0..<(runs + warmup) {
            let session = try await world.paygent.createSession(
                CreateSessionRequest(userID: "bench", name: "approver-\(index)", walletAddress: wallet, budgetLimitUSD: "100000.00"), by: "bench")
            let handle = try await world.runtime.start("Pay 12 USDC to access the premium research report", sessionID: session.id,
                                                       options: RunOptions(planner: RulePlanner()))
            let (_, approvalID) = try await arrivals.wait(.approvalRequested, session.id)
            guard let approvalID else { throw BenchFailure("approval.requested without an id") }
            let sent = ContinuousClock.now
            _ = try await remote.approve(id: approvalID, by: "bench")
            let (settled, _) = try await arrivals.wait(.paymentSettled, session.id)
            if index >= warmup { latencies.append(X402Bench.milliseconds(settled - sent)) }
            _ = await handle.wait()
        }
        print("remote.approve_to_settled_p50: \(String(format: "%.2f", ConsoleBenchmarks.percentile(latencies, 0.5))) ms")
        print("remote.approve_to_settled_p99: \(String(format: "%.2f", ConsoleBenchmarks.percentile(latencies, 0.99))) ms")
    }

    /// A scripted console (the real model, its reload scheduling and `PaygentAPIBackend`) over `api`.
    static func driver(_ api: any PaygentAPI, periodicRefresh: Bool = false) -> ConsoleDriver {
        var options = ConsoleOptions(theme: "solarized-dark", colorDepth: .truecolor, environment: [:], utcOffsetSeconds: 0)
        options.periodicRefresh = periodicRefresh
        let clock = ManualClock(Timestamp(milliseconds: Int64(Date().timeIntervalSince1970 * 1000)))
        return ConsoleDriver(terminal: MemoryTerminal(rows: 60, cols: 200, colorDepth: .truecolor),
                             backend: PaygentAPIBackend(api: api, modeLabel: "server", clock: clock),
                             options: options, clock: clock, readFile: { _ in nil })
    }

    static func consoleRequests(_ world: BenchServer) async throws {
        let remote = try RemotePaygent(server: world.server.baseURL, token: world.viewer, configuration: .init(reconnects: false))
        let console = driver(remote)
        await console.start()
        let snapshotStart = world.requestsAnswered()
        await console.refresh()
        let perReload = world.requestsAnswered() - snapshotStart
        // 60 s idle, in 100 ms ticks.
        let idleStart = world.requestsAnswered()
        for _ in 0..<600 { await console.advance(ms: 100) }
        let idle = Double(world.requestsAnswered() - idleStart) / 60
        // The embedded console's 15 s reload, were it kept remotely.
        let polling = driver(remote, periodicRefresh: true)
        await polling.start()
        let pollStart = world.requestsAnswered()
        for _ in 0..<600 { await polling.advance(ms: 100) }
        let polled = Double(world.requestsAnswered() - pollStart) / 60
        // 10 s of 1,000 events/s: 100 events per 100 ms tick.
        var seq: Int64 = 1_000_000
        let floodStart = world.requestsAnswered()
        for _ in 0..<100 {
            var batch: [EventRecord] = []
            for _ in 0..<100 {
                seq += 1
                batch.append(EventRecord(seq: seq, time: console.clock.now().milliseconds, type: "bench.flood", sessionID: nil, subjectID: nil,
                                         actor: "bench", summary: "n: \(seq)", detail: "{}"))
            }
            await console.deliver(batch)
            await console.advance(ms: 100)
        }
        let flood = Double(world.requestsAnswered() - floodStart) / 10
        print("remote.console_requests_per_reload: \(perReload) requests")
        print("remote.console_idle_requests: \(String(format: "%.2f", idle)) requests/s (besides the SSE stream)")
        print("remote.console_idle_requests_if_polling_15s: \(String(format: "%.2f", polled)) requests/s")
        print("remote.console_flood_1000_events_s_requests: \(String(format: "%.1f", flood)) requests/s")
    }

    static func frames(_ world: BenchServer) async throws {
        let remote = try RemotePaygent(server: world.server.baseURL, token: world.viewer, configuration: .init(reconnects: false))
        for (label, api) in [("remote", remote as any PaygentAPI), ("embedded", world.paygent as any PaygentAPI)] {
            let console = driver(api)
            await console.start()
            var full: [Double] = []
            let wall = ContinuousClock()
            for _ in 0..<400 {
                console.engine.invalidate()
                full.append(ConsoleBenchmarks.ms(wall.measure { console.engine.render() }))
            }
            print("remote.frame_200x60_\(label)_p50: \(String(format: "%.3f", ConsoleBenchmarks.percentile(full, 0.5))) ms")
            print("remote.frame_200x60_\(label)_p99: \(String(format: "%.3f", ConsoleBenchmarks.percentile(full, 0.99))) ms")
        }
    }
}
