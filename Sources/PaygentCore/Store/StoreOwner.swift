#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Who holds a payment's hold or drives a run: one opened control plane in one process.
///
/// The id is `<pid>.<process start time>.<random>.<machine>`: the pid and the kernel's start time of
/// the process (clock ticks since boot, `/proc/<pid>/stat` field 22) tell whether that process still
/// exists — a reused pid has another start time — the random part tells two control planes in one
/// process apart (tests open two stores on one file as two processes would), and the machine tag
/// (host name and boot id) keeps an instance on one machine from judging a process on another by
/// its own `/proc` (several `paygent serve` instances share one PostgreSQL database).
public struct StoreOwner: Sendable, Hashable, CustomStringConvertible {
    /// The owner id recorded with holds and run leases.
    public let id: String

    /// A new owner for this process.
    public static func current() -> StoreOwner {
        var generator = SystemRandomNumberGenerator()
        let random = UInt32.random(in: 0...UInt32.max, using: &generator)
        return StoreOwner(id: processPrefix + String(random, radix: 16) + "." + machine)
    }

    /// This machine's tag: FNV-1a of the host name and the kernel's boot id, 16 hex digits.
    static let machine: String = {
        var name = [CChar](repeating: 0, count: 256)
        _ = gethostname(&name, 255)
        let host = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var boot = ""
        let fd = open("/proc/sys/kernel/random/boot_id", O_RDONLY)
        if fd >= 0 {
            var buffer = [UInt8](repeating: 0, count: 64)
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 64) }
            if count > 0 { boot = String(decoding: buffer[0..<count], as: UTF8.self) }
            close(fd)
        }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in (host + "|" + boot).utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }()

    /// `<pid>.<start time>.` of this process, read once.
    static let processPrefix: String = {
        let pid = Int64(getpid())
        return "\(pid).\(ProcessLiveness.startTime(pid: pid) ?? 0)."
    }()

    /// An owner id for the running process `pid` (nil when there is none) — how a test names
    /// "another process" that it can then end.
    public static func ofProcess(_ pid: Int32) -> StoreOwner? {
        ProcessLiveness.startTime(pid: Int64(pid)).map { StoreOwner(id: "\(pid).\($0).0.\(machine)") }
    }

    /// An owner with an explicit id (tests, decoding).
    public init(id: String) { self.id = id }

    public var description: String { id }
}

/// Whether the process an owner id names still runs (Linux `/proc`).
public enum ProcessLiveness {
    /// True when the process of `ownerID` has provably exited: its pid is gone, or is now another
    /// process (another start time). An id this process cannot read (no `/proc`, another format)
    /// is never called gone — recovery then leaves the payment alone — and neither is a process of
    /// another machine (its tag differs): only its lease's expiry or `validBefore` frees what it holds.
    public static func isGone(ownerID: String) -> Bool {
        let parts = ownerID.split(separator: ".")
        if ownerID.hasPrefix(StoreOwner.processPrefix) { return false }  // this process
        // Ids without a machine tag were written before it existed, on the one machine of a SQLite file.
        if parts.count == 4 { guard parts[3] == StoreOwner.machine else { return false } }
        guard parts.count == 3 || parts.count == 4, let pid = Int64(parts[0]), let start = UInt64(parts[1]), pid > 0, start > 0 else { return false }
        guard procAvailable else { return false }
        guard let now = startTime(pid: pid) else { return true }
        return now != start
    }

    /// `/proc` is mounted (so a missing `/proc/<pid>` means the process is gone).
    static let procAvailable: Bool = startTime(pid: Int64(getpid())) != nil

    /// The start time (field 22 of `/proc/<pid>/stat`), or nil when there is no such process.
    static func startTime(pid: Int64) -> UInt64? {
        let fd = open("/proc/\(pid)/stat", O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, 1024) }
        guard count > 0 else { return nil }
        // The command name (field 2) is in parentheses and may contain spaces: count fields after
        // the last ')'. Field 3 is the first one after it, so field 22 is the 20th.
        let bytes = buffer[0..<count]
        guard let paren = bytes.lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = bytes[(paren + 1)...].split(separator: UInt8(ascii: " "))
        guard fields.count >= 20 else { return nil }
        return UInt64(String(decoding: fields[19], as: UTF8.self))
    }
}
