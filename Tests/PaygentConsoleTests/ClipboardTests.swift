import Testing
import PaygentFoundation
import X402
@testable import PaygentConsole

@Suite("`y` copies the selected id with OSC 52, only when the config allows it")
struct ClipboardTests {
    func driver(clipboard: Bool) async -> (ConsoleDriver, MemoryTerminal) {
        let clock = ManualClock(Timestamp(milliseconds: ConsoleSampleData.now))
        let terminal = MemoryTerminal(rows: 40, cols: 160, colorDepth: .mono)
        var config = ConsoleConfig()
        config.clipboard = clipboard
        let driver = ConsoleDriver(terminal: terminal, backend: ConsoleSampleData.backend(clock: clock),
                                   options: ConsoleOptions(environment: [:], utcOffsetSeconds: 0), config: config,
                                   clock: clock, readFile: { _ in nil })
        await driver.start()
        return (driver, terminal)
    }

    @Test("Off by default: nothing reaches the clipboard and the status line says how to turn it on")
    func offByDefault() async throws {
        let (driver, terminal) = await driver(clipboard: false)
        await driver.press(.char("1"), .char("y"))
        #expect(terminal.clipboard.isEmpty)
        #expect(terminal.contains("clipboard = true"))
    }

    @Test("On: the selected session's, approval's and payment's ids are copied exactly")
    func copiesSelectedIDs() async throws {
        let (driver, terminal) = await driver(clipboard: true)
        await driver.press(.char("1"), .char("j"), .char("y"))
        let session = try #require(driver.model.selectedSession)
        await driver.press(.char("3"), .char("y"))
        let approval = try #require(driver.model.selectedApproval)
        await driver.press(.char("5"), .char("y"))
        let payment = try #require(driver.model.selectedPayment)
        #expect(terminal.clipboard == [session.id, approval.id, payment.id])
        #expect(terminal.contains("copied \(payment.id)"))
    }

    @Test("The sequence is OSC 52 with base64 text; control characters are never copied")
    func sequence() throws {
        let sequence = try #require(OSC52.sequence(copying: "ses_1a213e53d8fe1d8c249b"))
        #expect(sequence.hasPrefix("\u{1B}]52;c;"))
        #expect(sequence.hasSuffix("\u{07}"))
        let payload = sequence.dropFirst(7).dropLast()
        #expect(try Base64.decode(utf8: Array(payload.utf8)) == Array("ses_1a213e53d8fe1d8c249b".utf8))
        #expect(OSC52.sequence(copying: "a\u{1B}]52;c;x\u{07}") == nil)
        #expect(OSC52.sequence(copying: "") == nil)
        #expect(OSC52.sequence(copying: String(repeating: "a", count: OSC52.maximumBytes + 1)) == nil)
    }
}
