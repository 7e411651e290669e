import ArgumentParser
import PaygentAgents
import PaygentCore
import PaygentFoundation
import PaygentRemote

/// `paygent agent run --server URL "COMMAND"`: the command runs on the server (its wallet and
/// policy, `POST /api/v1/agent/stream`) and its events print as a local run's do. An approval it
/// waits for is decided from anywhere (`paygent approvals approve ID --server URL`, a console).
/// Ctrl-C stops following; the run itself goes on on the server. Exit status: 0 completed,
/// 1 failed, 2 bad input or a refusal (wrong token, a server without a wallet).
struct RemoteAgentRun {
    var command: String
    var session: String?
    var budget: String
    var json: Bool
    var target: RemoteTarget

    func run() async throws {
        let api = try await runCLI { try target.client() }
        let printer = EventPrinter(json: json, databasePath: "", demo: false, server: api.endpoint.baseURL)
        var announced = false
        var status: EventType?
        do {
            for try await item in api.agentRun(command: command, sessionID: session, budgetUSD: session == nil ? budget : nil) {
                if !announced, !json, let sessionID = item.sessionID {
                    printer.line("session \(UntrustedText.identifier(sessionID)) · run on server \(api.hostLabel)")
                    announced = true
                }
                printer.print(item.event)
                // The run's own last event (not a subagent's) ends it; stop reading there.
                if item.type == .agentComplete || item.type == .agentError, item.data["parent_run_id"] == nil {
                    status = item.type
                    break
                }
            }
        } catch let error as PaygentError {
            throw CLIError.fail(error.message)
        }
        guard let status else { throw CLIError.fail("paygent server \(api.hostLabel) ended the run's stream before it finished") }
        if status != .agentComplete { throw ExitCode(1) }
    }
}
