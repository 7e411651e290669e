import ArgumentParser
import PaygentCore

/// `paygent pause [--reason TEXT]`: freeze every payment (panic stop).
struct PauseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pause", abstract: "Freeze every payment until `paygent resume`.")
    @OptionGroup var options: ControlPlaneOptions
    @Option(help: "Why (recorded in the event).") var reason: String?

    func run() async throws {
        try await runCLI {
            let state = try await options.withPaygent { try await $0.pauseAll(reason: reason, by: options.actor) }
            try options.output(state) { print("all payments paused") }
        }
    }
}

/// `paygent resume`: lift the global pause.
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "resume", abstract: "Lift the global pause.")
    @OptionGroup var options: ControlPlaneOptions

    func run() async throws {
        try await runCLI {
            let state = try await options.withPaygent { try await $0.resumeAll(by: options.actor) }
            try options.output(state) { print("payments resumed") }
        }
    }
}
