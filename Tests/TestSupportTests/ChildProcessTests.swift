import Foundation
import Testing
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The test-process helper every suite that starts `paygent` stands on: exit statuses, output,
/// input, signals, deadlines, and a clean signal state whatever thread starts the child.
@Suite struct ChildProcessTests {
    @Test func exitStatusAndBothStreams() async throws {
        let ran = try await ChildProcess.run("/bin/sh", ["-c", "echo out; echo err >&2; exit 3"], environment: [:])
        #expect(ran.termination == .exited(3))
        #expect(ran.stdout == "out\n")
        #expect(ran.stderr == "err\n")
    }

    @Test func inputBytesThenEndOfFile() async throws {
        let ran = try await ChildProcess.run("cat", [], environment: ["PATH": "/usr/bin:/bin"], stdin: .bytes(Array("héllo\n".utf8)))
        #expect(ran.termination == .exited(0))
        #expect(ran.stdout == "héllo\n")
    }

    @Test func exactlyTheEnvironmentGiven() async throws {
        let ran = try await ChildProcess.run("/usr/bin/env", [], environment: ["ONLY": "this"])
        #expect(ran.stdout == "ONLY=this\n")
    }

    @Test func aSignalEndsItAndIsReported() async throws {
        let child = try ChildProcess.spawn("/bin/sleep", ["30"], environment: [:])
        #expect(child.isRunning)
        #expect(await child.stop(SIGTERM, grace: .seconds(30)) == .signalled(SIGTERM))
        #expect(child.termination == .signalled(SIGTERM) && child.termination?.status == 143)
    }

    @Test func aChildPastItsDeadlineIsKilledAndNamed() async throws {
        let started = ContinuousClock.now
        await #expect {
            _ = try await ChildProcess.run("/bin/sleep", ["30"], environment: [:], timeout: .milliseconds(300))
        } throws: { error in
            "\(error)".contains("/bin/sleep 30 did not exit within")
        }
        #expect(ContinuousClock.now - started < .seconds(25), "the deadline did not hold")
    }

    @Test func aGrandchildHoldingThePipeDoesNotHoldTheWait() async throws {
        let child = try ChildProcess.spawn("/bin/sh", ["-c", "sleep 30 & echo started"], environment: [:])
        let termination = await child.exit(timeout: .seconds(20))
        #expect(termination == .exited(0))
        #expect(child.output.stdout == "started\n")
        #expect(!child.output.isFinished, "the grandchild still holds the pipe")
    }

    @Test func waitsForALineAndGivesUpWhenTheChildEnds() async throws {
        let child = try ChildProcess.spawn("/bin/sh", ["-c", "echo one; sleep 0.2; echo 'listening on 1'; sleep 30"], environment: [:])
        #expect(await child.line(containing: "listening", timeout: .seconds(20)) == "listening on 1")
        await child.kill()
        let quiet = try ChildProcess.spawn("/bin/sh", ["-c", "echo nothing"], environment: [:])
        #expect(await quiet.line(containing: "listening", timeout: .seconds(20)) == nil)
        #expect(quiet.termination == .exited(0))
    }

    /// A child started from a thread that blocks SIGTERM (as runtime threads do) still gets an
    /// empty signal mask and default dispositions: a `paygent` under test hears its SIGTERM.
    @Test func theChildStartsWithACleanSignalState() async throws {
        let child: ChildProcess = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                var blocked = sigset_t()
                sigemptyset(&blocked)
                sigaddset(&blocked, SIGTERM)
                pthread_sigmask(SIG_BLOCK, &blocked, nil)
                signal(SIGUSR1, SIG_IGN)
                defer { signal(SIGUSR1, SIG_DFL) }
                continuation.resume(with: Result { try ChildProcess.spawn("/bin/sh", ["-c", "grep -E '^Sig(Blk|Ign)' /proc/self/status"], environment: [:]) })
            }
        }
        #expect(await child.exit(timeout: .seconds(20)) == .exited(0))
        #expect(child.output.stdout.contains("SigBlk:\t0000000000000000"), "\(child.output.stdout)")
        #expect(!child.output.stdout.contains("SigIgn:\t0000000000000200"), "SIGUSR1 stayed ignored: \(child.output.stdout)")
    }

    @Test func aMissingExecutableIsAClearError() {
        #expect {
            _ = try ChildProcess.spawn("/nonexistent/paygent", [], environment: [:])
        } throws: { error in
            "\(error)".contains("cannot start /nonexistent/paygent")
        }
    }
}
