import PaygentConsole
import PaygentCore
import PaygentRemote
import PaygentWire

/// `paygent --server URL --token T`: the same console on a `paygent serve`.
///
/// Before the screen opens, the token is checked (`GET /whoami`): a wrong token or an unreachable
/// server is one line on stderr naming the server, never a blank screen. A viewer (or agent) token
/// opens the console read-only. The console then follows the server's event stream, refreshing its
/// panes from events only (no polling while idle), and reconnects by itself, showing for how long.
enum RemoteConsole {
    static func run(_ target: RemoteTarget, options given: ConsoleOptions, context: String? = nil) async throws -> ConsoleExit {
        let api = try await runCLI { try target.client(reconnects: false) }
        let identity: TokenIdentity
        do {
            identity = try await api.whoami()
        } catch {
            throw CLIError.fail(error.message)
        }
        var options = given
        if !identity.mayOperate || target.readOnly { options.readOnly = true }
        options.modeLabel = (context.map { "\($0) · " } ?? "") + "server " + api.hostLabel
        options.periodicRefresh = false
        do {
            return try await runConsole(api: api, options: options, actor: identity.actor)
        } catch {
            throw CLIError.fail(String(describing: error))
        }
    }
}
