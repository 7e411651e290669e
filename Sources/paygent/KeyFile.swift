import Foundation
import PaygentEVM
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Key files: one private key as `0x` + 64 hex digits and a newline, mode 0600.
///
/// Reading tolerates surrounding whitespace and a missing `0x`, and warns on stderr when the
/// file is readable by group or others. Errors never contain key material.
enum KeyFile {
    /// Loads the private key stored at `path`.
    static func load(_ path: String) throws(CLIError) -> PrivateKey {
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw CLIError("cannot read key file \(path): \(String(cString: strerror(errno)))")
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw CLIError("key file \(path) is not a regular file") }
        if info.st_mode & 0o077 != 0 {
            let mode = String(info.st_mode & 0o777, radix: 8)
            printToStandardError("paygent: warning: key file \(path) is accessible by other users (mode \(mode)); run chmod 600 \(path)")
        }
        guard info.st_size <= 4096 else { throw CLIError("key file \(path) is too large to be a key file") }
        guard var data = FileManager.default.contents(atPath: path) else {
            throw CLIError("cannot read key file \(path)")
        }
        defer { data.resetBytes(in: 0..<data.count) }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CLIError("key file \(path) does not contain a valid private key: not UTF-8 text")
        }
        do {
            return try PrivateKey(hex: text)
        } catch {
            throw CLIError("key file \(path) does not contain a valid private key: \(error)")
        }
    }

    /// Writes `key` to a new file at `path` with mode 0600; refuses to overwrite an existing file.
    static func write(_ key: PrivateKey, to path: String) throws(CLIError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST { throw CLIError("refusing to overwrite existing file \(path)") }
            throw CLIError("cannot create key file \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        _ = fchmod(fd, 0o600)
        var bytes = Array((key.exportHex() + "\n").utf8)
        defer { for i in bytes.indices { bytes[i] = 0 } }
        let written = bytes.withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count, fsync(fd) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(path)
            throw CLIError("cannot write key file \(path): \(reason)")
        }
    }

    private static func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, buffer, count)
        #else
        Darwin.write(fd, buffer, count)
        #endif
    }

    /// The default location of a new key: `$XDG_DATA_HOME/paygent/keys/<address>.key`
    /// (`~/.local/share/paygent/keys/…` when XDG_DATA_HOME is unset). Creates the directory (0700).
    static func defaultPath(for address: Address) throws(CLIError) -> String {
        let environment = ProcessInfo.processInfo.environment
        let base: String
        if let xdg = environment["XDG_DATA_HOME"], !xdg.isEmpty {
            base = xdg
        } else if let home = environment["HOME"], !home.isEmpty {
            base = home + "/.local/share"
        } else {
            throw CLIError("cannot choose a key file location: HOME is not set; pass --out FILE")
        }
        let directory = base + "/paygent/keys"
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw CLIError("cannot create \(directory): \(error.localizedDescription)")
        }
        return directory + "/" + address.checksummed + ".key"
    }
}

extension KeyFile {
    /// Writes one line to standard error (without touching the C `stderr` global, which Swift 6 rejects).
    static func printToStandardError(_ line: String) {
        StandardStreams.err(line + "\n")
    }
}
