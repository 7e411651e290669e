#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Test-only: the steps of the payment pipeline at which `PAYGENT_CRASH_AT=<step>` makes the
/// process kill itself with SIGKILL, so a crash-injection test can stop the real binary at an
/// exact point (`scripts/e2e/crash-recovery.sh`). Unset, it does nothing but compare one value.
public enum CrashPoint: String, Sendable, CaseIterable {
    /// The policy allowed and held; nothing signed.
    case afterHold = "after_hold"
    /// The authorisation is signed and its `signed` state is durable; not sent.
    case afterSign = "after_sign"
    /// The payment reached the facilitator; the ledger has not moved.
    case afterSend = "after_send"
    /// The facilitator's ledger moved the money; no answer has gone back.
    case afterSettle = "after_settle"
    /// The payer holds a successful settlement; the capture is not written.
    case beforeCapture = "before_capture"

    /// The step named by `PAYGENT_CRASH_AT`, read once.
    static let armed: CrashPoint? = getenv("PAYGENT_CRASH_AT").flatMap { CrashPoint(rawValue: String(cString: $0)) }

    /// Kills this process with SIGKILL when `PAYGENT_CRASH_AT` names this step.
    @inline(__always)
    public func reached() {
        guard Self.armed == self else { return }
        kill(getpid(), SIGKILL)
    }
}
