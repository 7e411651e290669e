import Foundation
import PaygentFoundation
import Testing
@testable import PaygentConsole

/// `[contexts.NAME]` in config.toml and `:ctx` in the console.
@Suite("Contexts: config tables and :ctx")
struct ContextTests {
    @Test func contextsParse() throws {
        let config = try ConsoleConfig.parse("""
            [contexts.prod]
            server_url = "https://pg.example:8402"
            token_file = "~/.config/paygent/prod.token"
            read_only = true
            [contexts.staging-2]
            server_url = "http://10.0.0.2:8402"
            token = "pgt_abc"
            """, file: "c.toml")
        #expect(config.contexts["prod"] == ConsoleContext(serverURL: "https://pg.example:8402", tokenFile: "~/.config/paygent/prod.token", readOnly: true))
        #expect(config.contexts["staging-2"] == ConsoleContext(serverURL: "http://10.0.0.2:8402", token: "pgt_abc"))
    }

    @Test func badContextsAreClear() {
        func error(_ text: String) -> ConsoleFileError? {
            do { _ = try ConsoleConfig.parse(text, file: "c.toml"); return nil } catch { return error }
        }
        #expect(error("[contexts.local]\nserver_url = \"http://x\"")?.message.contains("`local` is the embedded store") == true)
        #expect(error("[contexts.a]\ntoken = \"t\"")?.message == "needs server_url")
        #expect(error("[contexts.a]\nserver_url = \"ftp://x\"")?.key == "contexts.a.server_url")
        #expect(error("[contexts.a]\nserver_url = \"http://x\"\ntoken = \"t\"\ntoken_file = \"f\"")?.message.contains("not both") == true)
        #expect(error("[contexts.a]\nserver_url = \"http://x\"\ncolour = 1")?.message.hasPrefix("unknown option") == true)
        #expect(error("[contexts.a]\nserver_url = \"http://x\"\nread_only = \"yes\"")?.key == "contexts.a.read_only")
        #expect(error("[contexts.\"a b\"]\nserver_url = \"http://x\"")?.message.contains("context name") == true)
        #expect(error("contexts = 3")?.key == "contexts")
    }

    @Test func ctxListsCompletesAndSwitches() async {
        var options = ConsoleOptions(environment: [:])
        options.contextNames = ["local", "prod", "staging"]
        options.contextName = "local"
        let h = await Harness.started(options: options)
        await h.driver.press(.char(":"))
        await h.driver.type("ctx")
        await h.driver.press(.enter)
        #expect(h.driver.model.status?.text.contains("contexts: local (current), prod, staging") == true, "\(String(describing: h.driver.model.status))")
        await h.driver.press(.char(":"))
        await h.driver.type("ctx pr")
        await h.driver.press(.tab)
        guard case .command(let editor, _, _)? = h.driver.model.prompt else { Issue.record("no prompt"); return }
        #expect(editor.text == "ctx prod")
        await h.driver.press(.enter)
        #expect(h.driver.performed.last == .switchContext("prod"))
        await h.driver.press(.char(":"))
        await h.driver.type("ctx nope")
        await h.driver.press(.enter)
        #expect(h.driver.model.status?.text.contains("no context nope") == true)
        #expect(h.driver.performed.last == .switchContext("prod"), "an unknown context switches nothing")
        await h.driver.press(.char(":"))
        await h.driver.type("ctx local")
        await h.driver.press(.enter)
        #expect(h.driver.model.status?.text.contains("already on context local") == true)
    }
}
