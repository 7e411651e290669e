import ArgumentParser
import PaygentFoundation
import Foundation
import Http
import PaygentEVM
import X402
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard error output for the x402 commands (FileHandle: the C `stderr` global is not
/// concurrency-safe in Swift 6).
enum X402Stderr {
    static func write(_ text: String) {
        StandardStreams.err(text)
    }
}
