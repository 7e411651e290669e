import Foundation
import Glibc
import Synchronization
import TestSupport

/// The built `paygent` executable run as another process (through TestSupport's
/// ``ChildProcess``), and a raw-socket stream reader.
enum LiveBinary {
    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// The executable's path as a URL.
    static func url() throws -> URL {
        URL(fileURLWithPath: try PaygentExecutable.path())
    }

    static var environment: [String: String] { PaygentExecutable.baseEnvironment }

    /// Runs `paygent ARGS` and waits for it to exit (killed, and an error thrown, after `timeout`).
    static func run(_ arguments: [String], timeout: Duration = .seconds(120)) async throws -> Result {
        let ran = try await ChildProcess.run(try PaygentExecutable.path(), arguments, environment: environment, timeout: timeout)
        return Result(status: ran.termination.status, stdout: ran.stdout, stderr: ran.stderr)
    }

    /// A `paygent` process left running (a server), standard output and error merged.
    final class Running: Sendable {
        let child: ChildProcess

        init(_ arguments: [String]) throws {
            child = try ChildProcess.spawn(try PaygentExecutable.path(), arguments, environment: LiveBinary.environment, stderr: .merged)
        }

        /// What it printed so far.
        var output: ProcessOutput { child.output }

        /// Waits (at most `timeout`) for a line of output containing `text`.
        func line(containing text: String, timeout: Duration = .seconds(60)) async -> String? {
            await child.line(containing: text, timeout: timeout)
        }

        /// SIGKILL, and wait for it to be gone.
        func kill() {
            child.send(SIGKILL)
            _ = child.exitBlocking(timeout: .seconds(60))
        }

        /// SIGTERM, and wait (SIGKILL after 30 s).
        func stop() {
            child.stopBlocking()
        }
    }

    /// A stream consumer on a raw TCP socket that sends its request and then reads nothing until
    /// ``release(timeout:)``: the slowest consumer there is (its socket buffers fill and stay full).
    final class StalledReader: @unchecked Sendable {
        private let fd: Int32

        /// Connects to `port` and sends `GET path` with `headers` (and `Connection: close`).
        init(port: Int, path: String, headers: [String: String]) throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard fd >= 0 else { throw POSIXError(.EIO) }
            self.fd = fd
            // A small receive buffer, so the server's writes block soon.
            var size: Int32 = 4096
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, socklen_t(MemoryLayout<Int32>.size))
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(port).bigEndian)
            inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard connected == 0 else { close(fd); throw POSIXError(.ECONNREFUSED) }
            var request = "GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
            for (name, value) in headers { request += "\(name): \(value)\r\n" }
            request += "\r\n"
            let bytes = Array(request.utf8)
            _ = bytes.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
        }

        /// Reads everything until the server closes (at most `timeout`); returns the response
        /// body, de-chunked.
        func release(timeout: Duration = .seconds(120)) async -> [UInt8] {
            let fd = self.fd
            let received = Collected()
            let finished = Collected()
            let signal = ChangeSignal()
            let reader = Thread {
                var buffer = [UInt8](repeating: 0, count: 65536)
                while true {
                    let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                    if n <= 0 { break }
                    received.append(Data(buffer[0..<n]))
                }
                finished.append(Data([1]))
                signal.notify()
            }
            reader.start()
            _ = await signal.wait(until: .now + timeout) { finished.count > 0 }
            return Self.body(Array(received.bytes))
        }

        /// The body of a raw HTTP/1.1 response (chunked transfer decoded).
        static func body(_ raw: [UInt8]) -> [UInt8] {
            let separator: [UInt8] = [13, 10, 13, 10]
            guard let end = (0..<max(0, raw.count - 3)).first(where: { Array(raw[$0..<$0 + 4]) == separator }) else { return [] }
            let head = String(decoding: raw[..<end], as: UTF8.self).lowercased()
            var rest = Array(raw[(end + 4)...])
            guard head.contains("transfer-encoding: chunked") else { return rest }
            var body: [UInt8] = []
            while let lineEnd = (0..<max(0, rest.count - 1)).first(where: { rest[$0] == 13 && rest[$0 + 1] == 10 }) {
                let sizeText = String(decoding: rest[..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
                guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16), size > 0,
                      rest.count >= lineEnd + 2 + size else { break }
                body += rest[(lineEnd + 2)..<(lineEnd + 2 + size)]
                rest = Array(rest[min(rest.count, lineEnd + 2 + size + 2)...])
            }
            return body
        }

        deinit { close(fd) }
    }
}

/// Bytes collected from a pipe or a socket on another thread.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()

    func append(_ chunk: Data) {
        lock.lock()
        data.append(chunk)
        lock.unlock()
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }

    var bytes: Data {
        lock.lock()
        defer { lock.unlock() }
        return data
    }

    var count: Int {
        lock.lock()
        defer { lock.unlock() }
        return data.count
    }
}
