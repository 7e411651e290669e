import PaygentEVM

/// Benchmarks of PaygentEVM: secp256k1 signing and recovery rates and Keccak-256 throughput.
///
/// Prints `name: value unit` lines. Each measurement runs for about `seconds` (default 1,
/// `PAYGENT_BENCH_SECONDS` overrides) after a short warm-up.
enum EVMBench {
    static func run() async throws {
        let seconds = Double(environment("PAYGENT_BENCH_SECONDS") ?? "") ?? 1.0
        let key = try PrivateKey(hex: "0x" + String(repeating: "11", count: 32))
        let digests = (0..<256).map { Keccak256.hash("paygent benchmark message \($0)") }

        // Signing: RFC 6979 recoverable signatures over 32-byte digests.
        var signatures: [Signature] = []
        signatures.reserveCapacity(digests.count)
        for digest in digests { signatures.append(try key.sign(digest: digest)) }
        let signRate = try measure(seconds: seconds) { i in
            _ = try key.sign(digest: digests[i & 255])
        }
        report("paygent_evm_sign", signRate, "sig/s")

        // Recovery of the public key (what the C benchmark does), and of the address (adds keccak).
        let recoverRate = try measure(seconds: seconds) { i in
            _ = try signatures[i & 255].recoverPublicKey(digest: digests[i & 255])
        }
        report("paygent_evm_recover", recoverRate, "recoveries/s")
        let recoverAddressRate = try measure(seconds: seconds) { i in
            _ = try signatures[i & 255].recoverAddress(digest: digests[i & 255])
        }
        report("paygent_evm_recover_address", recoverAddressRate, "recoveries/s")

        // Keccak-256 over 1 MiB buffers (bulk throughput) and over 64-byte inputs (ABI-word pairs).
        let big = [UInt8](repeating: 0xA5, count: 1 << 20)
        let bulkRate = try big.withUnsafeBytes { buffer in
            try measure(seconds: seconds) { _ in _ = Keccak256.hash(buffer) }
        }
        report("keccak256_bulk", bulkRate * Double(big.count) / 1_000_000, "MB/s")
        let small = [UInt8](repeating: 0x5A, count: 64)
        let smallRate = try small.withUnsafeBytes { buffer in
            try measure(seconds: seconds) { _ in _ = Keccak256.hash(buffer) }
        }
        report("keccak256_64B", smallRate, "hashes/s")
    }

    /// Runs `body` repeatedly for about `seconds` and returns calls per second.
    static func measure(seconds: Double, _ body: (Int) throws -> Void) throws -> Double {
        let clock = ContinuousClock()
        // Warm up.
        for i in 0..<16 { try body(i) }
        var iterations = 0
        var batch = 16
        let start = clock.now
        let limit = Duration.nanoseconds(Int64(seconds * 1e9))
        while true {
            for _ in 0..<batch {
                try body(iterations)
                iterations += 1
            }
            let elapsed = clock.now - start
            if elapsed >= limit {
                let (s, attos) = elapsed.components
                return Double(iterations) / (Double(s) + Double(attos) / 1e18)
            }
            batch = min(batch * 2, 4096)
        }
    }

    static func report(_ name: String, _ value: Double, _ unit: String) {
        let rounded = (value * 10).rounded() / 10
        print("\(name): \(value >= 100 ? String(Int(value.rounded())) : String(rounded)) \(unit)")
    }

    static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
