import Testing
@testable import PaygentConsole

/// The `:` prompt says what was wrong: a missing argument gets the usage, an unknown id says no
/// such session — and nothing is sent to the backend.
@Suite struct PromptMessageTests {
    func run(_ command: String, on h: Harness) async {
        await h.driver.press(.char(":"))
        await h.driver.type(command)
        await h.driver.press(.enter)
    }

    @Test func killOfAnUnknownSessionNamesIt() async {
        let h = await Harness.started()
        await run("kill ses_nosuch", on: h)
        #expect(h.backend.commands.isEmpty)
        #expect(h.driver.model.status?.text.contains("no session ses_nosuch") == true, "\(String(describing: h.driver.model.status))")
        #expect(h.driver.model.status?.text.contains("usage") == false)
    }

    @Test func killWithoutAnArgumentShowsTheUsage() async {
        let h = await Harness.started()
        await run("kill", on: h)
        #expect(h.backend.commands.isEmpty)
        #expect(h.driver.model.status?.text.contains("usage: :kill SESSION_ID") == true)
    }

    @Test func sessionOfAnUnknownIdNamesIt() async {
        let h = await Harness.started()
        await run("session ses_nosuch", on: h)
        #expect(h.driver.model.status?.text.contains("no session ses_nosuch") == true)
    }
}
