import Foundation

// `paygent-bench [AREA…]` runs the benchmarks of the named areas (all when none is named) and
// prints `name: value unit` lines. `make bench` runs it in a release build, then the reference
// implementations' benchmarks (scripts/bench/*.sh) beside it.

/// One benchmarked area of Paygent.
struct BenchArea: Sendable {
    let name: String
    let run: @Sendable () async throws -> Void
}

let areas: [BenchArea] = [
    BenchArea(name: "core", run: { try await CoreBench.run() }),
    BenchArea(name: "evm", run: { try await EVMBench.run() }),
    BenchArea(name: "console", run: { try await ConsoleBench.run() }),
    BenchArea(name: "x402", run: { try await X402Bench.run() }),
    BenchArea(name: "agents", run: { try await AgentBench.run() }),
    BenchArea(name: "serve", run: { try await ServeBench.run() }),
    BenchArea(name: "remote", run: { try await RemoteBench.run() }),
    BenchArea(name: "postgres", run: { try await PostgresBench.run() }),
]

let requested = Array(CommandLine.arguments.dropFirst())
let unknown = requested.filter { name in !areas.contains { $0.name == name } }
if !unknown.isEmpty {
    print("paygent-bench: unknown area(s) \(unknown.joined(separator: ", ")); known: \(areas.map(\.name).joined(separator: ", "))")
    exit(2)
}
for area in areas where requested.isEmpty || requested.contains(area.name) {
    print("== \(area.name)")
    try await area.run()
}
