import PaygentCore
import PaygentFoundation

/// How a run stopped early.
enum RunStop: Error {
    /// The runtime shut down: stop without touching the stored state.
    case detached
    case failed(AgentFailure)
    case killed(String)
    case cancelled(String)
}

/// Drives one run, step by step, from wherever it stands (new, paused for approval, interrupted
/// by a restart) to its end. Used by one task at a time.
///
/// Every transition is saved with its events in one transaction (``RunRecorder``). A step only
/// starts in a transaction that finds its session running, so no step starts after a kill.
/// Subagent runs (`stopAtApproval`) hand an approval pause back to their parent instead of
/// waiting themselves; the parent waits and then resumes them.
final class RunDriver {
    let runtime: AgentRuntime
    var run: AgentRun
    let planner: any Planner
    let depth: Int
    let stopAtApproval: Bool
    let cancellation: RunCancellation
    let progress: RunProgress?
    var settings: PolicySettings
    var session: AgentSession
    /// Events of changes not saved yet (a planner turn is saved with the step it leads to).
    var pendingEvents: [NewEvent] = []

    init(runtime: AgentRuntime, run: AgentRun, planner: any Planner, depth: Int, stopAtApproval: Bool,
         cancellation: RunCancellation, progress: RunProgress?, settings: PolicySettings, session: AgentSession) {
        self.runtime = runtime
        self.run = run
        self.planner = planner
        self.depth = depth
        self.stopAtApproval = stopAtApproval
        self.cancellation = cancellation
        self.progress = progress
        self.settings = settings
        self.session = session
    }

    var recorder: RunRecorder { runtime.recorder }
    var now: Timestamp { recorder.now }

    // MARK: Driving

    /// Drives the run; returns it finished, or (for a subagent) awaiting approval.
    func drive() async -> AgentRun {
        do {
            if run.status == .awaitingApproval, run.pendingStepIndex == nil { run.status = .running }
            while true {
                try checkCancellation()
                if let index = run.steps.firstIndex(where: { !$0.status.isFinished }) {
                    if try await advance(index) { return run }
                    continue
                }
                if run.planningFinished {
                    try await finishCompleted()
                    return run
                }
                guard run.steps.count < 1000 else {
                    throw RunStop.failed(AgentFailure(.planningError, "the run reached 1000 steps without finishing"))
                }
                try await planTurn()
            }
        } catch {
            await finish(stopReason(for: error))
        }
        return run
    }

    /// How the run ends after `error`: a kill or cancel that is under way wins over whatever
    /// failure it caused (a refused payment, a read refused to a cancelled task).
    func stopReason(for error: any Error) -> RunStop {
        if cancellation.isDetached { return .detached }
        if cancellation.isCancelled {
            let reason = cancellation.reason ?? "run cancelled"
            return cancellation.isKill ? .killed(reason) : .cancelled(reason)
        }
        switch error {
        case let stop as RunStop: return stop
        case let failure as AgentFailure: return .failed(failure)
        default: return .failed(AgentFailure(.internal, "storage failed: \(error)"))
        }
    }

    /// Reads the session now (also from a cancelled task) and, when it was killed, marks the run
    /// as stopping by kill. Returns whether it was killed.
    func noticeKill() async -> Bool {
        let recorder = recorder
        let id = run.sessionID
        guard let current = try? await uncancelled({ try await recorder.session(id) }) else { return false }
        if current.status == .killed {
            cancellation.cancel(reason: "session killed" + (current.statusChangedBy.map { " by \($0)" } ?? ""), kill: true)
            return true
        }
        return false
    }

    func checkCancellation() throws {
        if cancellation.isDetached { throw RunStop.detached }
        if cancellation.isCancelled {
            let reason = cancellation.reason ?? "run cancelled"
            throw cancellation.isKill ? RunStop.killed(reason) : RunStop.cancelled(reason)
        }
    }

    /// Saves the run with `events`; with `gate`, only while the session may go on.
    func save(_ events: [NewEvent], gate: Bool = false) async throws {
        let recorder = recorder
        let snapshot = run
        let events = pendingEvents + events
        while true {
            do {
                let session = try await uncancelled { try await recorder.save(snapshot, events: events, gate: gate) }
                if let session { self.session = session }
                pendingEvents = []
                return
            } catch RunRefusal.sessionPaused {
                try await waitWhilePaused()
            } catch RunRefusal.sessionKilled(let by, let reason) {
                cancellation.cancel(reason: "session killed" + (by.map { " by \($0)" } ?? "") + (reason.map { ": \($0)" } ?? ""), kill: true)
                try checkCancellation()
            } catch RunRefusal.sessionFinished(let status) {
                throw RunStop.cancelled("session \(run.sessionID) is \(status.rawValue)")
            } catch RunRefusal.sessionMissing {
                throw RunStop.failed(AgentFailure(.internal, "session \(run.sessionID) disappeared"))
            } catch RunRefusal.leased {
                // Another process took the run over (our lease lapsed): stop without touching it.
                cancellation.detach()
                throw RunStop.detached
            }
        }
    }

    /// Waits until the session is no longer paused.
    func waitWhilePaused() async throws {
        runtime.configuration.onParkedOnPause?(run.id)
        while true {
            try checkCancellation()
            try await Task.sleep(for: runtime.configuration.pausePollInterval)
            let current = try await recorder.session(run.sessionID)
            switch current.status {
            case .paused: continue
            case .killed:
                cancellation.cancel(reason: "session killed" + (current.statusChangedBy.map { " by \($0)" } ?? ""), kill: true)
                try checkCancellation()
            case .completed, .failed: throw RunStop.cancelled("session \(run.sessionID) is \(current.status.rawValue)")
            case .running, .awaitingApproval: return
            }
        }
    }

    // MARK: Planning

    func planTurn() async throws {
        let input = PlannerInput(
            command: run.command, tools: runtime.allowedSpecs(for: session), steps: run.steps, turn: run.turns,
            memo: run.plannerMemo, remainingBudgetUSD: remainingBudget
        )
        let decision: PlannerDecision
        do {
            decision = try await planner.decide(input)
        } catch {
            if error.type == .cancelled { try checkCancellation() }
            throw RunStop.failed(error)
        }
        try checkCancellation()
        switch decision {
        case .steps(let steps, let thinking, let memo):
            run.turns += 1
            run.plannerMemo = memo
            var events: [NewEvent] = []
            if let thinking, !thinking.isEmpty { events.append(AgentEvents.thinking(run, thinking)) }
            if steps.isEmpty {
                run.planningFinished = true
                run.result = thinking ?? "Nothing to do."
            } else {
                run.append(steps, turn: run.turns - 1)
            }
            // Saved with the first step it leads to (one transaction fewer per turn); a restart
            // before then simply plans again.
            pendingEvents += events
        case .finish(let result, let memo):
            run.turns += 1
            run.plannerMemo = memo
            run.planningFinished = true
            run.result = result
        }
    }

    /// Budget left: the subagent slice, else the session's.
    var remainingBudget: USDAmount? {
        if let slice = sliceRemaining { return min(slice, session.remainingUSD ?? slice) }
        return session.remainingUSD
    }

    /// What is left of this run's budget slice.
    var sliceRemaining: USDAmount? {
        run.budgetSliceUSD.map { $0.saturatingSubtract(run.totalCostUSD) }
    }

    // MARK: Steps

    /// Moves step `index` forward. Returns true when a subagent run must hand back to its parent.
    func advance(_ index: Int) async throws -> Bool {
        let step = run.steps[index]
        switch step.status {
        case .pending:
            try await start(index)
            return false
        case .running:
            try await recover(index)
            return false
        case .awaitingApproval:
            return try await awaitDecision(index)
        case .succeeded, .failed, .skipped, .cancelled:
            return false
        }
    }

    func start(_ index: Int) async throws {
        var step = run.steps[index]
        if let condition = step.condition {
            let source = condition.step >= 0 && condition.step < run.steps.count ? run.steps[condition.step] : nil
            var holds: Bool?
            var explanation: String
            if let source, source.status == .succeeded {
                (holds, explanation) = condition.evaluate(source.result)
            } else {
                explanation = "step \(condition.step + 1) did not succeed"
            }
            if holds != true {
                step.status = .skipped
                step.result = ["summary": .string("Skipped \(step.description.isEmpty ? step.tool : step.description): \(explanation)")]
                run.steps[index] = step
                try await save([AgentEvents.thinking(run, "Skipping step \(index + 1): \(explanation)")])
                return
            }
        }
        guard let tool = runtime.tool(named: step.tool) else {
            try await failBeforeStart(index, AgentFailure(.unknownTool, "there is no tool named \(UntrustedText.line(step.tool, maxWidth: 60))"))
            return
        }
        guard runtime.isAllowed(tool.name, for: session) else {
            try await failBeforeStart(index, AgentFailure(.toolNotAllowed, "tool \(tool.name) is not on this session's allow-list"))
            return
        }
        step.status = .running
        step.attempts += 1
        step.startedAt = now
        run.steps[index] = step
        if run.status == .awaitingApproval { run.status = .running }
        try await save([AgentEvents.toolCall(run, step)], gate: true)
        try await execute(index, tool: tool)
    }

    func failBeforeStart(_ index: Int, _ failure: AgentFailure) async throws {
        var step = run.steps[index]
        step.status = .failed
        step.error = failure.message
        step.errorType = failure.type
        step.startedAt = now
        step.durationMs = 0
        run.steps[index] = step
        try await save([AgentEvents.toolCall(run, step), AgentEvents.toolResult(run, step)], gate: true)
    }

    /// A step found `running` when the run is (re)loaded: the process stopped during it.
    func recover(_ index: Int) async throws {
        var step = run.steps[index]
        guard let tool = runtime.tool(named: step.tool) else {
            try await failBeforeStart(index, AgentFailure(.unknownTool, "there is no tool named \(step.tool)"))
            return
        }
        if tool.paysMoney, !tool.paysThroughChildren {
            let purchaseID = runtime.purchaseID(runID: run.id, step: index)
            let hold = try await uncancelled { [paygent = runtime.paygent] in
                try await paygent.liveHold(purchaseID: purchaseID)
            }
            if let hold {
                // It paid (or may have) before the restart: never pay twice.
                if hold.status == .captured {
                    step.status = .succeeded
                    step.result = [
                        "summary": .string("Paid \(hold.amountUSD) USD before the restart (payment \(hold.paymentID)); the response was lost"),
                        "payment_id": .string(hold.paymentID), "purchase_id": .string(purchaseID), "recovered": true,
                    ]
                    step.costUSD = hold.amountUSD
                    run.totalCostUSD = run.totalCostUSD.adding(hold.amountUSD) ?? run.totalCostUSD
                } else {
                    step.status = .failed
                    step.error = "interrupted by a restart while paying; payment \(hold.paymentID) is still held until its outcome is known"
                    step.errorType = .interrupted
                }
                run.steps[index] = step
                try await save([AgentEvents.toolResult(run, step)])
                return
            }
        }
        step.attempts += 1
        step.startedAt = now
        run.steps[index] = step
        try await save([AgentEvents.toolCall(run, step, resumed: true)], gate: true)
        try await execute(index, tool: tool)
    }

    /// Waits for (or, for a subagent, hands back) the decision on a paused step, then goes on.
    func awaitDecision(_ index: Int) async throws -> Bool {
        var step = run.steps[index]
        guard let approvalID = step.approvalID else {
            step.status = .failed
            step.error = "step was waiting for an approval that is not recorded"
            step.errorType = .internal
            run.steps[index] = step
            try await save([AgentEvents.toolResult(run, step)])
            return false
        }
        let paygent = runtime.paygent
        var approval: ApprovalRequest
        do {
            approval = try await uncancelled { try await paygent.approval(id: approvalID) }
        } catch {
            throw RunStop.failed(AgentFailure(.internal, "cannot read approval \(approvalID): \(error)"))
        }
        if approval.decision == .pending {
            if stopAtApproval { return true }
            progress?.update(run)
            do {
                approval = try await runtime.waitForDecision(approvalID: approvalID)
            } catch {
                try checkCancellation()
                if Task.isCancelled { throw RunStop.cancelled("run cancelled while waiting for approval \(approvalID)") }
                throw RunStop.failed(AgentFailure(.internal, "waiting for approval \(approvalID) failed: \(errorMessage(error))"))
            }
        }
        try checkCancellation()
        run.status = .running
        let decidedBy = approval.decidedBy ?? "system"
        let tool = runtime.tool(named: step.tool)
        if step.childRunID != nil, let tool {
            // The subagent handles its own decision; resume it.
            step.status = .running
            run.steps[index] = step
            try await save([AgentEvents.thinking(run, "Approval \(approvalID) \(approval.decision.rawValue) by \(decidedBy); resuming the subagent")], gate: true)
            try await execute(index, tool: tool)
            return false
        }
        switch approval.decision {
        case .approved, .edited:
            guard let tool else { throw RunStop.failed(AgentFailure(.unknownTool, "there is no tool named \(step.tool)")) }
            if approval.decision == .edited, let edited = approval.editedArgs, edited != .null {
                step.editedArguments = edited
            }
            step.status = .running
            step.attempts += 1
            run.steps[index] = step
            var message = "Approval \(approvalID) \(approval.decision == .edited ? "approved with edits" : "approved") by \(decidedBy); resuming step \(index + 1)"
            if let amount = approval.approvedAmount, approval.decision == .edited {
                message += " (at most \(settings.priceTable.token(approval.token ?? .zero)?.format(amount) ?? amount.description) \(approval.currency))"
            }
            try await save([AgentEvents.thinking(run, message), AgentEvents.toolCall(run, step, resumed: true)], gate: true)
            try await execute(index, tool: tool)
        case .rejected, .expired:
            if await noticeKill() {
                step.status = .cancelled
                step.error = "approval \(approvalID) rejected because the session was killed"
                step.errorType = .killed
                run.steps[index] = step
                try await save([AgentEvents.toolResult(run, step)])
                try checkCancellation()
            }
            let failure = approval.decision == .rejected
                ? AgentFailure(.approvalRejected, "approval \(approvalID) was rejected by \(decidedBy)" + (approval.decisionReason.map { ": \($0)" } ?? ""))
                : AgentFailure(.approvalExpired, "approval \(approvalID) expired at \(approval.expiresAt.iso8601) without a decision")
            step.status = .failed
            step.error = failure.message
            step.errorType = failure.type
            run.steps[index] = step
            try await save([AgentEvents.toolResult(run, step)])
        case .pending:
            throw RunStop.failed(AgentFailure(.internal, "approval \(approvalID) is still pending after the wait"))
        }
        return false
    }

    /// Runs the tool of step `index` (already marked running and saved) and records its outcome.
    func execute(_ index: Int, tool: any AgentTool) async throws {
        var step = run.steps[index]
        let purchaseID = runtime.purchaseID(runID: run.id, step: index)
        let invocation = ToolInvocation(arguments: step.effectiveArguments, purchaseID: purchaseID, stepIndex: index,
                                        runID: run.id, childRunID: step.childRunID)
        let context = runtime.toolContext(driver: self)
        let started = ContinuousClock.now
        let outcome = await tool.run(invocation, context: context)
        let elapsed = ContinuousClock.now - started
        step.durationMs = (step.durationMs ?? 0) + elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        if tool.paysMoney, !tool.paysThroughChildren, !step.purchaseIDs.contains(purchaseID) {
            step.purchaseIDs.append(purchaseID)
        }
        switch outcome {
        case .success(let result, let cost):
            step.status = .succeeded
            step.result = result
            step.error = nil
            step.errorType = nil
            charge(&step, cost)
            run.steps[index] = step
            try await save([AgentEvents.toolResult(run, step)])
        case .failure(let failure, let cost):
            // Shut down mid-step: keep the stored state (the step resumes after the restart).
            if cancellation.isDetached, cost.isZero { throw RunStop.detached }
            charge(&step, cost)
            var failure = failure
            // A refusal caused by a kill (seen here or made by another process) is a stop.
            if failure.type == .policyDenied, !cancellation.isCancelled { _ = await noticeKill() }
            // A refusal caused by our own stop is a stop, not a policy failure.
            if cancellation.isCancelled, failure.type == .policyDenied || failure.type == .cancelled || failure.type == .serviceError {
                failure = AgentFailure(cancellation.isKill ? .killed : .cancelled, cancellation.reason ?? failure.message)
            }
            step.status = failure.type == .killed || failure.type == .cancelled ? .cancelled : .failed
            step.error = failure.message
            step.errorType = failure.type
            run.steps[index] = step
            try await save([AgentEvents.toolResult(run, step)])
            switch failure.type {
            case .killed: throw RunStop.killed(failure.message)
            case .cancelled:
                try checkCancellation()
                throw RunStop.cancelled(failure.message)
            default:
                if failure.type.stopsRun { throw RunStop.failed(failure) }
            }
        case .approvalRequired(let approvalID, _):
            step.status = .awaitingApproval
            step.approvalID = approvalID
            run.steps[index] = step
            run.status = .awaitingApproval
            let paygent = runtime.paygent
            let approval = try? await uncancelled { try await paygent.approval(id: approvalID) }
            try await save([AgentEvents.approvalRequired(run, step, approval)])
            progress?.update(run)
        case .subagentAwaitingApproval(let childRunID, let approvalID):
            step.status = .awaitingApproval
            step.approvalID = approvalID
            step.childRunID = childRunID
            run.steps[index] = step
            run.status = .awaitingApproval
            try await save([])
            progress?.update(run)
        }
    }

    func charge(_ step: inout StepRecord, _ cost: USDAmount) {
        guard !cost.isZero else { return }
        step.costUSD = step.costUSD.adding(cost) ?? step.costUSD
        run.totalCostUSD = run.totalCostUSD.adding(cost) ?? run.totalCostUSD
    }

    // MARK: Finishing

    func finishCompleted() async throws {
        let ran = run.steps.filter { $0.status != .skipped }
        if !ran.isEmpty, ran.allSatisfy({ $0.status == .failed || $0.status == .cancelled }), let last = ran.last {
            throw RunStop.failed(AgentFailure(last.errorType ?? .internal, last.error ?? "every step failed"))
        }
        run.status = .completed
        run.finishedAt = now
        if run.result == nil { run.result = RulePlanner.summarize(run.steps) }
        let at = now
        try await save([AgentEvents.complete(run, now: at), AgentEvents.logWritten(run)])
        progress?.update(run)
    }

    /// Rejects, as `withdrawn: reason`, every still-pending approval this ending run waits for:
    /// nobody will act on its decision. Done before the run's final write, so that after a crash
    /// between the two the run, resumed, finds the rejection and fails the step. One already
    /// decided (a kill rejects them itself) is left as it is.
    func withdrawApprovals(reason: String) async {
        let paygent = runtime.paygent
        let actor = "agent:\(run.sessionID)"
        for step in run.steps where step.status == .awaitingApproval {
            guard let approvalID = step.approvalID else { continue }
            _ = try? await uncancelled {
                try await paygent.reject(id: approvalID, reason: "withdrawn: \(UntrustedText.line(reason, maxWidth: 200))", by: actor)
            }
        }
    }

    /// Ends, with this run's failure, every subagent run still waiting under one of its
    /// unfinished steps (a parent stopped while its subagent awaits an approval): otherwise the
    /// subagent would stay `awaiting_approval` for good — no parent is left to resume it. Written
    /// before the parent's final write, so a resumed parent after a crash in between finds the
    /// subagent ended and fails the step.
    func finishSubagents(_ failure: AgentFailure, status: RunStatus) async {
        let recorder = recorder
        for step in run.steps where !step.status.isFinished {
            guard let childID = step.childRunID,
                  var child = try? await uncancelled({ try await recorder.load(childID) }),
                  !child.status.isFinished else { continue }
            for index in child.steps.indices where !child.steps[index].status.isFinished {
                child.steps[index].status = .cancelled
                child.steps[index].error = child.steps[index].error ?? "not run: \(failure.message)"
                child.steps[index].errorType = child.steps[index].errorType ?? failure.type
            }
            child.status = status
            child.error = failure.message
            child.errorType = failure.type
            child.finishedAt = now
            let snapshot = child, parent = run
            let events = [AgentEvents.error(snapshot, failure), AgentEvents.logWritten(snapshot), AgentEvents.subagentEnd(parent, child: snapshot)]
            _ = try? await uncancelled { try await recorder.save(snapshot, events: events) }
        }
    }

    func finish(_ stop: RunStop) async {
        if cancellation.isDetached { return }
        let failure: AgentFailure
        switch stop {
        case .detached:
            return
        case .failed(let f):
            failure = f
            run.status = .failed
        case .killed(let message):
            failure = AgentFailure(.killed, message)
            run.status = .cancelled
        case .cancelled(let message):
            failure = AgentFailure(.cancelled, message)
            run.status = .cancelled
        }
        await withdrawApprovals(reason: failure.message)
        await finishSubagents(failure, status: run.status)
        for index in run.steps.indices where !run.steps[index].status.isFinished {
            run.steps[index].status = .cancelled
            run.steps[index].error = run.steps[index].error ?? "not run: \(failure.message)"
            run.steps[index].errorType = run.steps[index].errorType ?? failure.type
        }
        run.error = failure.message
        run.errorType = failure.type
        run.finishedAt = now
        if run.result == nil, run.steps.contains(where: { $0.status == .succeeded }) {
            run.result = RulePlanner.summarize(run.steps)
        }
        let recorder = recorder
        let snapshot = run
        let events = pendingEvents + [AgentEvents.error(snapshot, failure), AgentEvents.logWritten(snapshot)]
        pendingEvents = []
        _ = try? await uncancelled { try await recorder.save(snapshot, events: events) }
        progress?.update(run)
    }
}
