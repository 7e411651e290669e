import Synchronization

/// What a child process wrote, collected as it arrives; waiters are woken by ``signal``.
public final class ProcessOutput: Sendable {
    private struct Buffers {
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        var finished = false
    }

    private let buffers = Mutex(Buffers())
    /// Notified on every chunk, at the end of output, and when the process exits.
    public let signal: ChangeSignal

    init(signal: ChangeSignal) {
        self.signal = signal
    }

    /// Standard output so far (with standard error when the two were merged).
    public var stdout: String { String(decoding: buffers.withLock { $0.stdout }, as: UTF8.self) }
    /// Standard error so far (empty when merged or discarded).
    public var stderr: String { String(decoding: buffers.withLock { $0.stderr }, as: UTF8.self) }
    /// Everything captured, standard output then standard error (for failure messages).
    public var text: String {
        let (out, err) = buffers.withLock { ($0.stdout, $0.stderr) }
        return String(decoding: out + err, as: UTF8.self)
    }
    /// Whether both streams reached their end (every writer closed them).
    public var isFinished: Bool { buffers.withLock { $0.finished } }

    /// The first line of standard output containing `text`, if one has arrived.
    public func firstLine(containing text: String) -> String? {
        stdout.split(separator: "\n").first { $0.contains(text) }.map(String.init)
    }

    func append(_ bytes: ArraySlice<UInt8>, toStderr: Bool) {
        buffers.withLock { toStderr ? $0.stderr.append(contentsOf: bytes) : $0.stdout.append(contentsOf: bytes) }
        signal.notify()
    }

    func finish() {
        buffers.withLock { $0.finished = true }
        signal.notify()
    }
}
