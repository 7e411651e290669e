import ArgumentParser
import Foundation
import Testing
@testable import paygent

/// Every command of the `paygent` tree parses hostile values in every option and argument
/// position to a value or a clear error, never a crash.
@Suite struct CommandTreeFuzzTests {
    /// One command of the tree: its path, its type, and what it declares.
    struct Command {
        var path: [String]
        var type: any ParsableCommand.Type
        /// Long (or short) spellings of options that take a value.
        var options: [String]
        var flags: [String]
        var positionals: Int
    }

    /// The command tree: the types from the command configurations, what each declares from
    /// ArgumentParser's own description of it.
    static let commands: [Command] = {
        let json = try! JSONSerialization.jsonObject(with: Data(PaygentCommand._dumpHelp().utf8)) as! [String: Any]
        var out: [Command] = []
        func visit(_ command: [String: Any], type: any ParsableCommand.Type, path: [String]) {
            var options: [String] = [], flags: [String] = [], positionals = 0
            for argument in command["arguments"] as? [[String: Any]] ?? [] {
                let names = (argument["names"] as? [[String: Any]] ?? []).compactMap { name -> String? in
                    guard let text = name["name"] as? String else { return nil }
                    return (name["kind"] as? String) == "short" ? "-" + text : "--" + text
                }
                switch argument["kind"] as? String {
                case "option": if let name = names.first { options.append(name) }
                case "flag": if let name = names.first, name != "--help", name != "-h" { flags.append(name) }
                case "positional": positionals += 1
                default: break
                }
            }
            out.append(Command(path: path, type: type, options: options, flags: flags, positionals: positionals))
            let types = type.configuration.subcommands
            for sub in command["subcommands"] as? [[String: Any]] ?? [] {
                guard let name = sub["commandName"] as? String, name != "help",
                      let subtype = types.first(where: { $0._commandName == name }) else { continue }
                visit(sub, type: subtype, path: path + [name])
            }
        }
        visit(json["command"] as! [String: Any], type: PaygentCommand.self, path: [])
        return out
    }()

    /// One value of each hostile kind (a parse costs milliseconds in a debug build, so the table
    /// is kinds, not volume): empty, a lone dash, signs and overflow, float forms, over-precise and
    /// impossible decimals and times, control bytes and escapes, bidi and non-ASCII, path
    /// traversal, option look-alikes, format strings and SQL, and a long value.
    static let hostile: [String] = [
        "", "-", "-1", "99999999999999999999999999999999999999999999", "1e309", "nan", "0.1000000000000000055",
        "0x" + String(repeating: "f", count: 41), "2026-02-30", "2026-12-01T10:00:00.123456789Z", "a\u{0}b",
        "\u{1b}[2J\u{1b}]52;c;AAAA\u{7}", "\u{202e}gnp.exe💥", "../../../../etc/passwd", "--help", "=",
        "%n%s'\";DROP TABLE payments;--", String(repeating: "9", count: 300), "http://[::1", "\n",
    ]

    @Test func theTreeIsRead() {
        #expect(Self.commands.count > 20)
        #expect(Self.commands.contains { $0.path == ["payments", "list"] && $0.options.contains("--since") })
    }

    /// Parses `arguments` as `command` does (validation included); any outcome but a crash is
    /// fine, and a refusal must explain itself.
    static func parse(_ command: Command, _ arguments: [String], explain: Bool = false) -> Bool {
        do {
            _ = try command.type.parseAsRoot(arguments)
            return true
        } catch {
            // Rendering the message (usage text included) costs more than parsing: done for a sample.
            guard explain else { return false }
            let message = command.type.message(for: error)
            if command.type.exitCode(for: error) != .success, message.isEmpty { Issue.record("\(command.path) \(arguments.map(\.debugDescription)): an error without a message") }
            return false
        }
    }

    @Test func everyOptionAndArgumentMeetsHostileValues() async {
        let start = ContinuousClock.now
        var runs = 0
        for command in Self.commands {
            // Tens of seconds of synchronous parsing in all: give the (two-thread) cooperative
            // pool back between commands so the tests running beside this one are not starved.
            await Task.yield()
            for (index, value) in Self.hostile.enumerated() {
                for option in command.options {
                    _ = Self.parse(command, [option, value], explain: index % 8 == 0)
                    runs += 1
                }
                if command.positionals > 0 {
                    _ = Self.parse(command, Array(repeating: value, count: command.positionals), explain: index % 8 == 0)
                    runs += 1
                }
                if index % 4 == 0 {
                    _ = Self.parse(command, command.flags + [value])
                    runs += 1
                }
            }
            // The `--option=value` spelling, options without their value, repeated, and unknown ones.
            for option in command.options { _ = Self.parse(command, [option + "=" + Self.hostile[6]]) }
            _ = Self.parse(command, command.options, explain: true)
            _ = Self.parse(command, command.options + command.options)
            _ = Self.parse(command, ["--no-such-option"], explain: true)
        }
        print("command tree: \(Self.commands.count) commands, \(runs) hostile parses in \(ContinuousClock.now - start)")
        #expect(runs > 500)
    }
}
