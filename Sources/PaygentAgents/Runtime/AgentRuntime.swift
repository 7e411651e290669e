import PaygentCore
import PaygentFoundation
import PaygentEVM
import Synchronization
import X402

/// Runs agents: `execute(command, session)` → plan → steps → result.
///
/// Every step is an event in the control plane's log (`thinking`, `tool_call`, `tool_result`,
/// `approval_required`, `subagent_start`, `subagent_end`, `complete`, `error`) and every run is an
/// execution log holding its plan and step states, written after each transition. Payments go
/// through the policy engine of the session (budget, limits, velocity, approvals, kill), signed
/// with the session wallet's key from ``AgentWallets``.
///
/// A step that needs approval waits durably: after a restart, ``resumePendingRuns()`` picks the
/// run up again and it continues when the request is decided (approve → the payment proceeds,
/// edit → it proceeds with the edited arguments and amount, reject or expiry → the step fails).
/// Killing a session stops its runs before their next step and cancels any payment that was not
/// signed yet.
public final class AgentRuntime: Sendable {
    /// The control plane.
    public let paygent: any AgentHost
    /// Planner, tools, HTTP and retry settings.
    public let configuration: AgentRuntimeConfiguration
    let wallets: any AgentWallets
    let facilitator: any Facilitator
    let recorder: RunRecorder
    let pendingPayments = InMemoryPendingPaymentStore()
    private let toolsByName: [String: any AgentTool]

    struct ActiveRun {
        var sessionID: String
        var cancellation: RunCancellation
        var task: Task<AgentRun, Never>
        var progress: RunProgress
    }

    private let active = Mutex<[String: ActiveRun]>([:])
    private let watcher = Mutex<Task<Void, Never>?>(nil)
    private let heartbeat = Mutex<Task<Void, Never>?>(nil)

    /// Creates a runtime. `facilitator` settles direct `transfer`s (the local devnet facilitator
    /// over the control plane's ledger).
    public init(paygent: any AgentHost, wallets: any AgentWallets, facilitator: any Facilitator,
                configuration: AgentRuntimeConfiguration = AgentRuntimeConfiguration()) {
        self.paygent = paygent
        self.wallets = wallets
        self.facilitator = facilitator
        self.configuration = configuration
        self.recorder = RunRecorder(paygent: paygent, leaseDuration: configuration.runLeaseDuration)
        self.toolsByName = Dictionary(configuration.tools.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    // MARK: Running commands

    /// Runs `command` in session `sessionID` and returns when it finished — or, with
    /// `options.waitForApprovals == false`, as soon as it waits for an approval (it then goes on
    /// in the background once the request is decided).
    public func execute(_ command: String, sessionID: String, options: RunOptions = RunOptions()) async throws(AgentFailure) -> AgentRunResult {
        let handle = try await start(command, sessionID: sessionID, options: options)
        return await handle.wait(stopAtApproval: !options.waitForApprovals)
    }

    /// Starts `command` in the background and returns its handle at once.
    public func start(_ command: String, sessionID: String, options: RunOptions = RunOptions()) async throws(AgentFailure) -> AgentRunHandle {
        let text = command.trimmed()
        guard !text.isEmpty else { throw AgentFailure(.invalidArguments, "command must not be empty") }
        guard text.unicodeScalars.count <= 10_000 else { throw AgentFailure(.invalidArguments, "command is longer than 10000 characters") }
        let session = try await recorder.session(sessionID)
        switch session.status {
        case .running, .awaitingApproval, .paused: break
        case .killed, .completed, .failed:
            throw AgentFailure(.invalidArguments, "session \(session.id) is \(session.status.rawValue); start a new session")
        }
        let planner = options.planner ?? configuration.planner
        let run = AgentRun(id: paygent.makeID("log"), sessionID: session.id, command: text, planner: planner.name,
                           startedAt: recorder.now)
        try await recorder.create(run, events: [AgentEvents.logWritten(run)])
        return try await launch(run, planner: planner, session: session)
    }

    /// Resumes a stored run that has not finished (after a restart). Returns nil when it finished.
    /// Throws `lease_held` when another process drives it (its lease has not lapsed).
    public func resume(runID: String, planner: (any Planner)? = nil) async throws(AgentFailure) -> AgentRunHandle? {
        if let handle = handle(runID: runID) { return handle }
        guard let run = try await recorder.load(runID) else {
            throw AgentFailure(.invalidArguments, "no run with id \(runID)")
        }
        guard !run.status.isFinished else { return nil }
        guard run.parentRunID == nil else {
            throw AgentFailure(.invalidArguments, "run \(runID) is a subagent; resume its parent \(run.parentRunID!)")
        }
        if let lease = try await recorder.claim(runID) {
            throw AgentFailure(.leaseHeld, "run \(runID) is driven by another process (lease \(lease.owner) until \(lease.expiresAt.iso8601))")
        }
        let session = try await recorder.session(run.sessionID)
        return try await launch(run, planner: planner ?? plannerFor(run), session: session)
    }

    /// Resumes every unfinished top-level run in the store that no other live process drives
    /// (call at start-up). Runs waiting for approval go on waiting and continue when decided;
    /// runs interrupted mid-step resume without paying twice. Runs are paged by id, so resuming
    /// (which changes their status) never shifts the pages.
    @discardableResult
    public func resumePendingRuns() async throws(AgentFailure) -> [AgentRunHandle] {
        var handles: [AgentRunHandle] = []
        var cursor: String?
        while true {
            let ids = try await recorder.unfinishedRunIDs(after: cursor, limit: 100)
            for id in ids {
                do {
                    if let handle = try await resume(runID: id) { handles.append(handle) }
                } catch where error.type == .leaseHeld || error.type == .invalidArguments {
                    continue  // driven elsewhere, or a subagent (its parent resumes it)
                }
            }
            guard ids.count == 100, let last = ids.last else { break }
            cursor = last
        }
        return handles
    }

    /// The handle of a run this runtime is driving now.
    public func handle(runID: String) -> AgentRunHandle? {
        active.withLock { $0[runID] }.map { AgentRunHandle(runID: runID, sessionID: $0.sessionID, progress: $0.progress, clock: paygent.clock) }
    }

    /// Ids of the runs this runtime is driving.
    public var activeRunIDs: [String] { active.withLock { Array($0.keys) }.sorted() }

    /// Cancels a run: it stops before its next step, and a payment it has not signed yet is not
    /// made. Returns false when the run is not active here.
    @discardableResult
    public func cancel(runID: String, reason: String = "cancelled by the operator") -> Bool {
        guard let run = active.withLock({ $0[runID] }) else { return false }
        run.cancellation.cancel(reason: reason)
        return true
    }

    /// Stops a run for good — what an interrupted `paygent agent run` (SIGTERM, SIGINT) does: the
    /// run ends `cancelled` with `reason`, durably, in the write that also gives up its lease (so no
    /// other process adopts it later); a pending approval it waits for is withdrawn (rejected with
    /// `withdrawn: …`, so no operator approves a payment nobody will make); a payment it has not
    /// signed yet is not made, and one in flight keeps its hold until its outcome is known.
    /// Returns the finished run, or nil when the run is not active here.
    @discardableResult
    public func stop(runID: String, reason: String) async -> AgentRunResult? {
        guard let run = active.withLock({ $0[runID] }) else { return nil }
        run.cancellation.cancel(reason: reason)
        run.task.cancel()
        return AgentRunResult(await run.task.value, now: paygent.clock.now())
    }

    /// Stops watching for kills and lets go of every active run without changing its stored
    /// state (as if the process stopped): a later ``resumePendingRuns()`` — in this process or
    /// another on the same database — picks the runs up where they were.
    public func shutdown() async {
        watcher.withLock { $0?.cancel(); $0 = nil }
        heartbeat.withLock { $0?.cancel(); $0 = nil }
        let runs = active.withLock { $0 }
        for run in runs.values {
            run.cancellation.detach()
            run.task.cancel()
        }
        for run in runs.values { _ = await run.task.value }
        // Let go of the leases so another process can resume the runs at once (a crash leaves
        // them to lapse instead).
        let recorder = recorder
        if !runs.isEmpty {
            do { try await uncancelled { try await recorder.releaseLeases() } } catch {}
        }
    }

    private func plannerFor(_ run: AgentRun) -> any Planner {
        configuration.planner
    }

    private func launch(_ run: AgentRun, planner: any Planner, session: AgentSession) async throws(AgentFailure) -> AgentRunHandle {
        startWatcher()
        startHeartbeat()
        let settings: PolicySettings
        do { settings = try await paygent.policy() } catch { throw AgentFailure(.internal, errorMessage(error)) }
        let cancellation = RunCancellation()
        let progress = RunProgress(run)
        let id = run.id
        // The task is registered before it can finish, so its removal always finds it.
        let task: Task<AgentRun, Never> = active.withLock { runs in
            let task = Task { [self] in
                let driver = RunDriver(runtime: self, run: run, planner: planner, depth: 0, stopAtApproval: false,
                                       cancellation: cancellation, progress: progress, settings: settings, session: session)
                let finished = await driver.drive()
                self.active.withLock { _ = $0.removeValue(forKey: id) }
                if cancellation.isDetached { progress.release(finished) } else { progress.update(finished) }
                return finished
            }
            runs[id] = ActiveRun(sessionID: run.sessionID, cancellation: cancellation, task: task, progress: progress)
            return task
        }
        _ = task
        return AgentRunHandle(runID: id, sessionID: run.sessionID, progress: progress, clock: paygent.clock)
    }

    /// Renews this process's run leases every third of their duration while it drives runs. A
    /// failed renewal is retried on the next beat (the lease lasts three beats).
    private func startHeartbeat() {
        heartbeat.withLock { current in
            guard current == nil else { return }
            let recorder = recorder
            let beat = configuration.runLeaseDuration / 3
            current = Task { [weak self] in
                while !Task.isCancelled {
                    do { try await Task.sleep(for: beat) } catch { return }
                    guard let self, !self.activeRunIDs.isEmpty else { continue }
                    do { try await recorder.renewLeases() } catch { continue }
                }
            }
        }
    }

    /// Watches the event log for kills, to stop the killed sessions' runs at once.
    private func startWatcher() {
        watcher.withLock { current in
            guard current == nil else { return }
            let stream = paygent.subscribe(after: nil)
            current = Task { [weak self] in
                do {
                    for try await event in stream where event.type == .sessionKilled {
                        guard let self, let sessionID = event.sessionID else { continue }
                        let runs = self.active.withLock { $0.values.filter { $0.sessionID == sessionID } }
                        for run in runs {
                            run.cancellation.cancel(reason: "session killed by \(event.actor)", kill: true)
                            run.task.cancel()
                        }
                    }
                } catch {}
            }
        }
    }

    // MARK: Pieces the driver uses

    /// Waits until approval `approvalID` is decided: woken at once by a decision made in this
    /// process (the event hub), and by polling for one made by another process on the same
    /// database (`paygent approvals approve` in another terminal). Overdue requests get their
    /// timeout action applied.
    func waitForDecision(approvalID: String) async throws -> ApprovalRequest {
        let paygent = paygent
        let interval = configuration.approvalPollInterval
        return try await withThrowingTaskGroup(of: ApprovalRequest.self) { group in
            group.addTask { try await paygent.waitForDecision(approvalID: approvalID) }
            group.addTask {
                while true {
                    try await Task.sleep(for: interval)
                    let approval = try await paygent.approval(id: approvalID)
                    if approval.decision != .pending { return approval }
                    if paygent.clock.now() >= approval.expiresAt { _ = try? await paygent.expireOverdueApprovals() }
                }
            }
            defer { group.cancelAll() }
            guard let first = try await group.next() else { throw CancellationError() }
            return first
        }
    }

    func tool(named name: String) -> (any AgentTool)? { toolsByName[name] }

    func isAllowed(_ tool: String, for session: AgentSession) -> Bool {
        session.config.allowedTools.isEmpty || session.config.allowedTools.contains(tool)
    }

    func allowedSpecs(for session: AgentSession) -> [ToolSpec] {
        configuration.tools.filter { isAllowed($0.name, for: session) }.map(\.spec)
    }

    /// The purchase id of step `step`'s payment: stable across retries and restarts.
    func purchaseID(runID: String, step: Int) -> String { "\(runID).s\(step + 1)" }

    func toolContext(driver: RunDriver) -> ToolContext {
        let gateway = PaymentGateway(paygent: paygent, wallets: wallets, facilitator: facilitator, configuration: configuration,
                                     pendingPayments: pendingPayments, cancellation: driver.cancellation)
        let parent = driver.run
        let depth = driver.depth
        let planner = driver.planner
        let cancellation = driver.cancellation
        let settings = driver.settings
        return ToolContext(
            paygent: paygent, session: driver.session, runID: parent.id, depth: depth, sliceRemainingUSD: driver.sliceRemaining,
            settings: settings, payments: gateway, configuration: configuration,
            spawn: { [self] command, budget, invocation in
                await self.runSubagent(parent: parent, depth: depth, planner: planner, cancellation: cancellation,
                                       settings: settings, command: command, budget: budget, invocation: invocation)
            }
        )
    }

    /// Starts (or resumes) the subagent of a `spawn_subagent` step and drives it until it
    /// finishes or waits for an approval.
    func runSubagent(parent: AgentRun, depth: Int, planner: any Planner, cancellation: RunCancellation, settings: PolicySettings,
                     command: String, budget: USDAmount?, invocation: ToolInvocation) async -> ToolOutcome {
        let childID = "\(parent.id).s\(invocation.stepIndex + 1)"
        do throws(AgentFailure) {
            var child: AgentRun
            if let existing = try await recorder.load(childID) {
                child = existing
            } else {
                child = AgentRun(id: childID, sessionID: parent.sessionID, command: command, planner: planner.name,
                                 startedAt: recorder.now, parentRunID: parent.id, budgetSliceUSD: budget)
                try await recorder.create(child, events: [AgentEvents.subagentStart(parent, child: child), AgentEvents.logWritten(child)])
            }
            if !child.status.isFinished {
                let session = try await recorder.session(parent.sessionID)
                let driver = RunDriver(runtime: self, run: child, planner: planner, depth: depth + 1, stopAtApproval: true,
                                       cancellation: cancellation, progress: nil, settings: settings, session: session)
                child = await driver.drive()
                if child.status == .awaitingApproval, let index = child.pendingStepIndex, let approvalID = child.steps[index].approvalID {
                    return .subagentAwaitingApproval(childRunID: child.id, approvalID: approvalID)
                }
                let finished = child
                _ = try? await uncancelled { [paygent] in
                    try await paygent.appendEvent(AgentEvents.subagentEnd(parent, child: finished))
                }
            }
            let summary = child.result ?? child.error ?? child.status.rawValue
            let object: JSONValue = [
                "summary": .string("Subagent \(child.status.rawValue): \(UntrustedText.line(summary, maxWidth: 300))"),
                "subagent_run_id": .string(child.id), "status": .string(child.status.rawValue),
                "result": child.result.map(JSONValue.string) ?? .null, "total_cost": .string(child.totalCostUSD.description),
            ]
            switch child.status {
            case .completed:
                return .success(object, cost: child.totalCostUSD)
            case .cancelled where child.errorType == .killed:
                return .failure(AgentFailure(.killed, child.error ?? "session killed"), cost: child.totalCostUSD)
            case .cancelled:
                return .failure(AgentFailure(.cancelled, child.error ?? "subagent cancelled"), cost: child.totalCostUSD)
            default:
                return .failure(AgentFailure(.subagentFailed, "subagent failed: \(child.error ?? "unknown error")"), cost: child.totalCostUSD)
            }
        } catch {
            return .failure(error, cost: .zero)
        }
    }
}
