import PaygentEVM
import PaygentFoundation

/// The `:` prompt: editing, completion and running its commands.
extension ConsoleModel {
    // MARK: Prompt

    mutating func handlePrompt(_ key: Key) -> [ConsoleEffect] {
        dirty.insert(.footer)
        switch prompt {
        case .filter(var editor)?:
            switch key {
            case .esc:
                prompt = nil
                filterHistoryIndex = nil
                panes[focus]?.filter = nil
                clamp(focus)
                markDirty(focus)
            case .enter:
                prompt = nil
                filterHistoryIndex = nil
                remember(filter: editor.text)
                panes[focus]?.filter = editor.text.isEmpty ? nil : RowFilter(typed: editor.text)
                if focus == .events, panes[.events]?.filter != nil, following { following = false }
                clamp(focus)
                markDirty(focus)
            default:
                if key == .up || key == .down {
                    // History: up goes back to older filters, down forward (past the newest: empty).
                    guard !filterHistory.isEmpty else { return [] }
                    let position = filterHistoryIndex ?? filterHistory.count
                    let next = key == .up ? max(0, position - 1) : position + 1
                    filterHistoryIndex = next < filterHistory.count ? next : nil
                    editor.text = filterHistoryIndex.map { filterHistory[$0] } ?? ""
                } else {
                    guard editor.edit(key) else { return [] }
                }
                prompt = .filter(editor)
                panes[focus]?.filter = editor.text.isEmpty ? nil : RowFilter(typed: editor.text)
                if focus == .events, following, panes[.events]?.filter != nil { following = false }
                panes[focus]?.selected = 0
                panes[focus]?.top = 0
                clamp(focus)
                markDirty(focus)
            }
        case .command(var editor, let candidates, let cycle)?:
            switch key {
            case .esc:
                prompt = nil
            case .enter:
                prompt = nil
                return runCommand(editor.text)
            case .tab:
                let (text, options, next) = complete(editor.text, candidates: candidates, cycle: cycle)
                editor.text = text
                prompt = .command(editor, candidates: options, cycle: next)
            default:
                guard editor.edit(key) else { return [] }
                prompt = .command(editor, candidates: [], cycle: nil)
            }
        case nil:
            break
        }
        return []
    }

    /// Command names for `:`.
    public static let commandNames = ["ctx", "help", "kill", "pause", "policy", "quit", "resume", "session", "theme"]

    /// Tab completion: completes the command word, then its argument (theme names, session ids).
    /// With several candidates the first tab fills their common prefix and lists them; further
    /// tabs cycle through them.
    func complete(_ text: String, candidates previous: [String], cycle: Int?) -> (String, [String], Int?) {
        let parts = text.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let completingArgument = parts.count == 2
        let word = completingArgument ? parts[1] : (parts.first ?? "")
        let prefix = completingArgument ? parts[0] + " " : ""
        if let cycle, !previous.isEmpty {
            let next = (cycle + 1) % previous.count
            return (prefix + previous[next], previous, next)
        }
        let pool: [String]
        if completingArgument {
            switch parts[0] {
            case "theme": pool = themeNames
            case "ctx": pool = contextNames
            case "session", "kill", "pause", "resume": pool = sessions.map(\.id)
            default: pool = []
            }
        } else {
            pool = Self.commandNames
        }
        let matches = pool.filter { $0.hasPrefix(word) }.sorted()
        guard !matches.isEmpty else { return (text, [], nil) }
        if matches.count == 1 { return (prefix + matches[0] + (completingArgument ? "" : " "), [], nil) }
        var common = matches[0]
        for match in matches.dropFirst() {
            while !match.hasPrefix(common) { common.removeLast() }
        }
        if common.count > word.count { return (prefix + common, matches, nil) }
        return (prefix + matches[0], matches, 0)
    }

    mutating func runCommand(_ text: String) -> [ConsoleEffect] {
        let parts = text.trimmed(.spacesAndTabs).split(separator: " ", maxSplits: 1).map { String($0).trimmed(.spacesAndTabs) }
        guard let name = parts.first else { return [] }
        let argument = parts.count > 1 ? parts[1] : nil
        func requireWritable() -> Bool {
            if readOnly { setStatus("read-only mode: :\(name) is disabled", .warn) }
            return !readOnly
        }
        switch name {
        case "q", "quit", "exit":
            return [.quit]
        case "help", "h", "?":
            overlay = .help(scroll: 0)
            dirty.insert(.overlay)
        case "pause":
            guard requireWritable() else { return [] }
            if let argument {
                guard let session = findSession(argument) else { setStatus("no session \(UntrustedText(argument, maxWidth: 40))", .warn); return [] }
                return [.perform(.pauseSession(sessionID: session.id))]
            }
            return [.perform(.pauseAll)]
        case "resume":
            guard requireWritable() else { return [] }
            if let argument {
                guard let session = findSession(argument) else { setStatus("no session \(UntrustedText(argument, maxWidth: 40))", .warn); return [] }
                return [.perform(.resumeSession(sessionID: session.id))]
            }
            return [.perform(.resumeAll)]
        case "kill":
            guard requireWritable() else { return [] }
            guard let argument else { setStatus("usage: :kill SESSION_ID", .warn); return [] }
            guard let session = findSession(argument) else { setStatus("no session \(UntrustedText(argument, maxWidth: 40))", .warn); return [] }
            selectSession(session.id)
            return perform(.kill, registry: KeyRegistry())
        case "policy":
            overlay = .detail(DetailView(subject: .policy, title: "Policy", lines: [DetailLine("", UntrustedText("Loading the policy…"))], pane: focus))
            dirty.insert(.overlay)
            refreshDetail()
            return [.loadPolicy]
        case "theme":
            guard let argument else { setStatus("themes: \(themeNames.joined(separator: ", "))", .dim); return [] }
            return [.setTheme(argument)]
        case "ctx", "context":
            guard let argument else {
                let names = contextNames.map { $0 == contextName ? "\($0) (current)" : $0 }
                setStatus(names.isEmpty ? "no contexts: add [contexts.NAME] to config.toml" : "contexts: " + names.joined(separator: ", "), .dim)
                return []
            }
            guard contextNames.contains(argument) else {
                setStatus("no context \(UntrustedText(argument, maxWidth: 40)) (known: \(contextNames.joined(separator: ", ")))", .warn)
                return []
            }
            guard argument != contextName else { setStatus("already on context \(argument)", .dim); return [] }
            return [.switchContext(argument)]
        case "session", "s":
            guard let argument, let session = findSession(argument) else {
                setStatus(argument == nil ? "usage: :session ID" : "no session \(UntrustedText(argument ?? "", maxWidth: 40))", .warn)
                return []
            }
            selectSession(session.id)
            return openDetail(.sessions)
        default:
            setStatus("unknown command :\(UntrustedText(name, maxWidth: 30)) (try :help)", .warn)
        }
        return []
    }

    func findSession(_ text: String) -> SessionRecord? {
        sessions.first { $0.id == text } ?? sessions.first { $0.id.hasPrefix(text) } ?? sessions.first { $0.name.value == text }
    }

    mutating func selectSession(_ id: String) {
        setFocus(.sessions)
        panes[.sessions]?.filter = nil
        if let index = sessions.firstIndex(where: { $0.id == id }) {
            panes[.sessions]?.selected = index
            // Chosen by the operator: new rows must not pull the selection away from it.
            panes[.sessions]?.moved = index != 0
        }
        clamp(.sessions)
        markDirty(.sessions)
    }
}
