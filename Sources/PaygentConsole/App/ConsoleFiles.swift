import Foundation

/// File and environment access for the console (kept in one place so the rest stays pure).
public enum ConsoleFiles {
    /// Contents of a UTF-8 text file, nil when it does not exist or cannot be read.
    public static func read(_ path: String) -> String? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return String(decoding: data, as: UTF8.self)
    }

    /// The process environment.
    public static var environment: [String: String] { ProcessInfo.processInfo.environment }

    /// `$XDG_CONFIG_HOME/paygent`, or `~/.config/paygent`.
    public static func configDirectory(environment: [String: String]) -> String {
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty { return xdg + "/paygent" }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return home + "/.config/paygent"
    }

    /// Directories searched for `NAME.toml` themes, in order: the user's config dir, then
    /// `$PAYGENT_THEMES_DIR`, then `themes/` next to the executable's share dir and in the working directory.
    public static func themeDirectories(environment: [String: String]) -> [String] {
        var directories = [configDirectory(environment: environment) + "/themes"]
        if let dir = environment["PAYGENT_THEMES_DIR"], !dir.isEmpty { directories.append(dir) }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        directories.append(executable.deletingLastPathComponent().appendingPathComponent("share/paygent/themes").path)
        directories.append(FileManager.default.currentDirectoryPath + "/themes")
        return directories
    }
}
