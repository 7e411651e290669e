import Foundation
import Testing
@testable import PaygentConsole

@Suite struct ThemeTests {
    static let themesDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("themes")

    @Test func shippedThemeFilesMatchTheBuiltInCopies() throws {
        for source in BuiltinThemes.all {
            let file = try String(contentsOf: Self.themesDirectory.appendingPathComponent(source.name + ".toml"), encoding: .utf8)
            #expect(file.trimmingCharacters(in: .whitespacesAndNewlines) == source.text.trimmingCharacters(in: .whitespacesAndNewlines),
                    "themes/\(source.name).toml changed: run scripts/embed-themes.sh")
        }
        #expect(Set(BuiltinThemes.all.map(\.name)) == ["default", "light", "solarized-dark", "high-contrast", "colorblind"])
    }

    @Test func everyBuiltInThemeParsesAndCoversEveryRole() throws {
        for name in ThemeLoader.builtinNames {
            let (theme, error) = ThemeLoader.load(name, directories: [], readFile: { _ in nil })
            #expect(error == nil, "\(name): \(String(describing: error))")
            #expect(theme.name == name)
            for role in ThemeRole.allCases { #expect(theme.roles[role] != nil, "\(name) lacks \(role)") }
        }
        let defaultTheme = ThemeLoader.defaultTheme
        #expect(Set(defaultTheme.roles.keys) == Set(ThemeRole.allCases))
    }

    @Test func partialThemesOverrideOnlyWhatTheyName() throws {
        let partial = try ThemeLoader.parse("name = \"mine\"\n[roles]\nfocus = \"#ff0000\"\n", file: "mine.toml")
        let merged = partial.merged(over: ThemeLoader.defaultTheme)
        #expect(merged.roles[.focus] == RoleSpec(fg: .rgb(255, 0, 0)))
        #expect(merged.roles[.ok] == ThemeLoader.defaultTheme.roles[.ok])
        #expect(merged.name == "mine")
    }

    @Test func errorsNameFileLineAndKey() {
        let text = "name = \"bad\"\n\n[roles]\ntext = \"default\"\nfocus = { fg = \"purpl\", bold = true }\n"
        #expect(throws: ConsoleFileError.self) { try ThemeLoader.parse(text, file: "bad.toml") }
        do {
            _ = try ThemeLoader.parse(text, file: "bad.toml")
        } catch {
            #expect(error.file == "bad.toml")
            #expect(error.line == 5)
            #expect(error.key == "roles.focus.fg")
            #expect(error.description.contains("bad.toml:5: key 'roles.focus.fg': unknown colour \"purpl\""))
        }
        do {
            _ = try ThemeLoader.parse("[roles]\nbordr = \"red\"\n", file: "t.toml")
        } catch {
            #expect(error.line == 2 && error.key == "roles.bordr" && error.message.hasPrefix("unknown role"))
        }
        do {
            _ = try ThemeLoader.parse("[roles\ntext = 1", file: "syntax.toml")
        } catch {
            #expect(error.file == "syntax.toml" && error.line == 1)
        }
        // A broken theme file falls back to the default and reports why.
        let (theme, error) = ThemeLoader.load("broken", directories: ["/themes"], readFile: { $0 == "/themes/broken.toml" ? text : nil })
        #expect(theme == ThemeLoader.defaultTheme)
        #expect(error?.line == 5)
        let (_, missing) = ThemeLoader.load("nope", directories: [], readFile: { _ in nil })
        #expect(missing?.message.contains("no such theme") == true)
    }

    @Test func colourDepthDetection() {
        #expect(ColorDepth.detect(environment: ["TERM": "xterm-256color", "COLORTERM": "truecolor"]) == .truecolor)
        #expect(ColorDepth.detect(environment: ["TERM": "xterm-256color", "COLORTERM": "24bit"]) == .truecolor)
        #expect(ColorDepth.detect(environment: ["TERM": "tmux-256color"]) == .ansi256)
        #expect(ColorDepth.detect(environment: ["TERM": "xterm"]) == .ansi16)
        #expect(ColorDepth.detect(environment: ["TERM": "dumb"]) == .mono)
        #expect(ColorDepth.detect(environment: ["TERM": "xterm-256color", "COLORTERM": "truecolor", "NO_COLOR": "1"]) == .mono)
        #expect(ColorDepth.detect(environment: ["TERM": "xterm-256color", "NO_COLOR": ""]) == .ansi256)
    }

    @Test func nearestColourDegradation() {
        #expect(ColorSpec.rgb(255, 0, 0).resolved(at: .truecolor) == .rgb(255, 0, 0))
        #expect(ColorSpec.rgb(255, 0, 0).resolved(at: .ansi256) == .indexed(196))
        #expect(ColorSpec.rgb(0x26, 0x8b, 0xd2).resolved(at: .ansi256) == .indexed(32))
        #expect(ColorSpec.rgb(250, 0, 0).resolved(at: .ansi16) == .ansi(9))
        #expect(ColorSpec.rgb(128, 128, 128).resolved(at: .ansi16) == .ansi(8))
        #expect(ColorSpec.indexed(196).resolved(at: .ansi16) == .ansi(9))
        #expect(ColorSpec.ansi(2).resolved(at: .mono) == .default)
        let mono = ThemeLoader.defaultTheme.resolved(at: .mono)
        #expect(mono[.selection] == CellStyle(attrs: .reverse))
        #expect(mono[.danger].attrs.contains(.bold))
        #expect(mono[.text] == .plain)
    }
}

@Suite struct ConfigTests {
    static let example = """
    theme = "solarized-dark"
    colors = "256"
    refresh_ms = 50
    server_url = "http://127.0.0.1:8402"
    token = "pgt_example"
    read_only = true
    confirm_above = "5.00"
    event_window = 5000
    clipboard = true

    [keys]
    approve = "A"
    kill = ["K", "ctrl-k"]
    """

    @Test func parsesEveryOption() throws {
        let config = try ConsoleConfig.parse(Self.example, file: "config.toml")
        #expect(config.theme == "solarized-dark")
        #expect(config.colors == .ansi256)
        #expect(config.refreshMs == 50)
        #expect(config.serverURL == "http://127.0.0.1:8402")
        #expect(config.token == "pgt_example")
        #expect(config.readOnly)
        #expect(config.confirmAbove == "5.00")
        #expect(config.eventWindow == 5000)
        #expect(config.clipboard)
        #expect(config.keys == ["approve": ["A"], "kill": ["K", "ctrl-k"]])
        var registry = KeyRegistry()
        try registry.remap(config.keys)
        #expect(registry.action(for: .char("A"), in: .approvals) == .approve)
        #expect(registry.action(for: .char("a"), in: .approvals) == nil)
        #expect(registry.action(for: .ctrl("k"), in: .sessions) == .kill)
    }

    @Test func missingFileIsTheDefault() throws {
        let config = try ConsoleConfig.load(environment: ["XDG_CONFIG_HOME": "/nowhere"], readFile: { _ in nil })
        #expect(config == ConsoleConfig())
        #expect(ConsoleConfig.path(environment: ["XDG_CONFIG_HOME": "/x"]) == "/x/paygent/config.toml")
        #expect(ConsoleConfig.path(environment: ["HOME": "/home/op"]) == "/home/op/.config/paygent/config.toml")
    }

    @Test func errorsAreClear() {
        func error(_ text: String) -> ConsoleFileError? {
            do { _ = try ConsoleConfig.parse(text, file: "c.toml"); return nil } catch { return error }
        }
        #expect(error("refresh_ms = \"fast\"")?.description == "c.toml:1: key 'refresh_ms': expected an integer number of milliseconds, got a string")
        #expect(error("theme = \"x\"\nrefresh_ms = 1")?.line == 2)
        #expect(error("colour = \"256\"")?.message.hasPrefix("unknown option") == true)
        #expect(error("server_url = \"ftp://x\"")?.key == "server_url")
        #expect(error("[keys]\napprove = \"nonsense-key\"")?.description.contains("c.toml:2: key 'keys.approve': unknown key") == true)
        #expect(error("[keys]\nfly = \"x\"")?.message.hasPrefix("unknown action") == true)
        #expect(error("[keys]\napprove = \"r\"")?.message == "key \"r\" is bound to both approve and reject")
        #expect(error("read_only = yes")?.line == 1)
    }
}
