import Testing
@testable import PaygentConsole

@Suite struct KeyRegistryTests {
    @Test func dispatchPrefersPaneBindings() {
        let registry = KeyRegistry()
        #expect(registry.action(for: .char("a"), in: .approvals) == .approve)
        #expect(registry.action(for: .char("a"), in: .sessions) == nil)
        #expect(registry.action(for: .char("K"), in: .sessions) == .kill)
        #expect(registry.action(for: .char("k"), in: .sessions) == .up)
        #expect(registry.action(for: .char("f"), in: .events) == .follow)
        #expect(registry.action(for: .ctrl("c"), in: .payments) == .quit)
        #expect(registry.action(for: .char("3"), in: .payments) == .focusApprovals)
        #expect(registry.action(for: .backTab, in: .payments) == .focusPrevious)
    }

    @Test func navigationKeysNeverMutate() {
        let navigation: [Key] = [.char("j"), .char("k"), .up, .down, .char("g"), .char("G"), .pageUp, .pageDown, .tab, .backTab, .home, .end]
        for key in navigation {
            for pane in PaneID.allCases {
                #expect(KeyRegistry().action(for: key, in: pane).map { !$0.mutates } ?? true, "\(key) mutates in \(pane)")
            }
        }
    }

    @Test func destructiveActionsAreMarked() {
        let registry = KeyRegistry()
        #expect(registry.isDestructive(.kill) && registry.isDestructive(.reject) && registry.isDestructive(.pauseAll))
        #expect(!registry.isDestructive(.approve) && !registry.isDestructive(.up))
    }

    @Test func hintsComeFromTheRegistryAndHideActionsWhenReadOnly() {
        let hints = KeyRegistry().hints(for: .approvals).map(\.label)
        #expect(Array(hints.prefix(5)) == ["approve", "reject", "edit", "kill", "pause"])
        #expect(hints.contains("quit") && hints.contains("help"))
        let readOnly = KeyRegistry(readOnly: true).hints(for: .approvals).map(\.label)
        #expect(!readOnly.contains("approve") && !readOnly.contains("kill") && !readOnly.contains("PAUSE ALL"))
        #expect(readOnly.contains("quit"))
        let help = KeyRegistry(readOnly: true).helpSections().flatMap(\.rows).map(\.help)
        #expect(!help.contains { $0.contains("approve") })
    }

    @Test func remapReplacesDefaults() throws {
        var registry = KeyRegistry()
        try registry.remap(["approve": ["y"], "quit": ["ctrl-q"]])
        #expect(registry.action(for: .char("y"), in: .approvals) == .approve)
        #expect(registry.action(for: .char("q"), in: .approvals) == nil)
        #expect(registry.action(for: .ctrl("q"), in: .events) == .quit)
        #expect(registry.hints(for: .approvals).first?.key == "y")
    }

    @Test func keyNamesRoundTrip() {
        let keys: [Key] = [.char("a"), .char("K"), .ctrl("c"), .tab, .backTab, .enter, .esc, .up, .pageDown, .function(5), .char(" "), .char("?")]
        for key in keys { #expect(Key(name: key.description) == key, "\(key)") }
        #expect(Key(name: "ctrl-") == nil)
        #expect(Key(name: "ab") == nil)
    }
}
