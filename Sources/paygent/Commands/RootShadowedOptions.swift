/// Options that the root `paygent` command also declares (`--demo`, `--database`, `--seed`,
/// `--agents`, `--rate`): ArgumentParser gives such options to the root command even when they
/// follow a subcommand, so subcommands read them back from the raw arguments.
enum RootShadowedOptions {
    /// The arguments after the program name, up to a `--` terminator.
    static var arguments: [String] {
        Array(CommandLine.arguments.dropFirst().prefix { $0 != "--" })
    }

    /// Whether `--name` is present.
    static func flag(_ name: String) -> Bool {
        arguments.contains("--\(name)")
    }

    /// The value of `--name VALUE` or `--name=VALUE` (the last one given).
    static func value(_ name: String) -> String? {
        var found: String?
        let args = arguments
        var index = 0
        while index < args.count {
            let argument = args[index]
            if argument == "--\(name)", index + 1 < args.count {
                found = args[index + 1]
                index += 2
                continue
            }
            if argument.hasPrefix("--\(name)=") {
                found = String(argument.dropFirst(name.count + 3))
            }
            index += 1
        }
        return found
    }
}
