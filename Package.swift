// swift-tools-version:6.0
import Foundation
import PackageDescription

// Paygent: control plane and operator console for AI agents that pay over x402.
// Targets follow ../shared/design/ARCHITECTURE.md; tests mirror them under Tests/.
//
// Developer convenience: `PAYGENT_ONLY=PaygentEVM swift test --scratch-path .build-evm`
// builds and tests only that target, its dependencies and its test target, so work on
// one module is not held up by another that is mid-change. CI and `make` never set it.

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let hummingbird: Target.Dependency = .product(name: "Hummingbird", package: "hummingbird")
let serviceLifecycle: Target.Dependency = .product(name: "ServiceLifecycle", package: "swift-service-lifecycle")
let hummingbirdWebSocket: Target.Dependency = .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket")

let allTargets: [Target] = [
    // System C libraries, reached through module maps.
    .systemLibrary(name: "CNcursesw", path: "Sources/CNcursesw", providers: [.apt(["libncursesw5-dev"])]),
    .systemLibrary(name: "CCurl", path: "Sources/CCurl", providers: [.apt(["libcurl4-openssl-dev"])]),
    .systemLibrary(name: "CSecp256k1", path: "Sources/CSecp256k1", providers: [.apt(["libsecp256k1-dev"])]),

    // The leaf every module stands on: exact JSON, Base64, the calendar and timestamps, the wall
    // clock, untrusted-text sanitising. No dependencies.
    .target(name: "PaygentFoundation", swiftSettings: swiftSettings),
    .target(name: "PaygentEVM", dependencies: ["PaygentFoundation", "CSecp256k1"], swiftSettings: swiftSettings),
    .target(name: "Http", dependencies: ["CCurl"], swiftSettings: swiftSettings),
    // x402 without I/O: types, codecs, seams, the local facilitator, the paywall.
    .target(name: "X402", dependencies: ["PaygentFoundation", "PaygentEVM"], swiftSettings: swiftSettings),
    // The x402 client side over libcurl: the payer and the remote facilitator.
    .target(name: "X402Client", dependencies: ["PaygentFoundation", "PaygentEVM", "X402", "Http"], swiftSettings: swiftSettings),
    .target(
        name: "PaygentCore",
        dependencies: ["PaygentFoundation", "PaygentEVM", "X402"],
        swiftSettings: swiftSettings
    ),
    .target(
        name: "PaygentChain",
        dependencies: ["PaygentFoundation", "PaygentCore", "Http", "X402", "PaygentEVM"],
        swiftSettings: swiftSettings
    ),
    .target(
        name: "PaygentSQLite",
        dependencies: ["PaygentFoundation", "PaygentCore", "X402", "PaygentEVM", .product(name: "GRDB", package: "GRDB.swift")],
        swiftSettings: swiftSettings
    ),
    // The Store over PostgreSQL (PostgresNIO): several `paygent serve` instances on one database.
    .target(
        name: "PaygentPostgres",
        dependencies: ["PaygentFoundation", "PaygentCore", "X402", "PaygentEVM", .product(name: "PostgresNIO", package: "postgres-nio"),
                       .product(name: "Logging", package: "swift-log")],
        swiftSettings: swiftSettings
    ),
    // Wire forms of the HTTP API (pages, query structs, errors), shared by server, CLI and clients.
    .target(name: "PaygentWire", dependencies: ["PaygentFoundation", "PaygentCore", "X402", "PaygentEVM"], swiftSettings: swiftSettings),
    // PaygentAPI over HTTP to `paygent serve` (REST + Server-Sent Events over libcurl): the remote console and CLI.
    .target(name: "PaygentRemote", dependencies: ["PaygentFoundation", "PaygentCore", "PaygentEVM", "PaygentWire", "Http"], swiftSettings: swiftSettings),
    .target(
        name: "PaygentServer",
        dependencies: [
            "PaygentFoundation", "PaygentCore", "X402", "X402Client", "PaygentEVM", "PaygentWire", hummingbird, serviceLifecycle,
            .product(name: "Prometheus", package: "swift-prometheus"),
            "PaygentAgents", "Http", hummingbirdWebSocket,
        ],
        swiftSettings: swiftSettings
    ),
    .target(
        name: "PaygentAgents",
        dependencies: ["PaygentFoundation", "PaygentCore", "X402", "X402Client", "Http", "PaygentEVM"],
        swiftSettings: swiftSettings
    ),
    .target(
        name: "PaygentDemo",
        dependencies: ["PaygentFoundation", "PaygentAgents", "PaygentCore", "PaygentSQLite", "PaygentServer", "X402", "PaygentEVM"],
        swiftSettings: swiftSettings
    ),
    .target(
        name: "PaygentConsole",
        dependencies: ["PaygentFoundation", "PaygentCore", "X402", "PaygentEVM", "CNcursesw"],
        swiftSettings: swiftSettings
    ),
    .executableTarget(
        name: "paygent",
        dependencies: [
            "PaygentFoundation", "PaygentEVM", "Http", "X402", "X402Client", "PaygentCore", "PaygentChain", "PaygentSQLite", "PaygentServer",
            "PaygentAgents", "PaygentDemo", "PaygentConsole", "PaygentWire", "PaygentRemote", "PaygentPostgres", serviceLifecycle,
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ],
        swiftSettings: swiftSettings
    ),
    .executableTarget(
        name: "paygent-bench",
        dependencies: [
            "PaygentFoundation", "PaygentEVM", "Http", "X402", "X402Client", "PaygentCore", "PaygentSQLite", "PaygentServer", "PaygentAgents",
            "PaygentDemo", "PaygentConsole", "PaygentWire", "PaygentRemote", "PaygentPostgres",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        swiftSettings: swiftSettings
    ),

    // Seeded fuzz inputs shared by the test targets (a library for tests only).
    .target(name: "FuzzSupport", path: "Tests/FuzzSupport", swiftSettings: swiftSettings),
    // Fresh SQLite and PostgreSQL stores for the store-level tests that run on both.
    .target(name: "StoreTestSupport", dependencies: ["PaygentFoundation", "PaygentCore", "PaygentSQLite", "PaygentPostgres"], path: "Tests/StoreTestSupport",
            swiftSettings: swiftSettings),
    // Child processes for tests (posix_spawn, deadlines on every wait) and the built binary's path.
    .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: swiftSettings),
    .testTarget(name: "TestSupportTests", dependencies: ["TestSupport"], swiftSettings: swiftSettings),
    .testTarget(name: "SystemLibraryTests", dependencies: ["CNcursesw", "CCurl", "CSecp256k1"]),
    .testTarget(name: "PaygentFoundationTests", dependencies: ["PaygentFoundation", "FuzzSupport"], swiftSettings: swiftSettings),
    .testTarget(name: "PaygentEVMTests", dependencies: ["PaygentEVM", "PaygentFoundation"], swiftSettings: swiftSettings),
    .testTarget(name: "HttpTests", dependencies: ["Http", hummingbird], swiftSettings: swiftSettings),
    .testTarget(name: "X402Tests", dependencies: ["PaygentFoundation", "X402", "X402Client", "PaygentEVM", "Http", "PaygentServer", hummingbird], swiftSettings: swiftSettings),
    .testTarget(name: "PaygentCoreTests", dependencies: ["PaygentFoundation", "PaygentCore", "PaygentSQLite", "X402", "PaygentEVM", "FuzzSupport",
                                                     "StoreTestSupport"], swiftSettings: swiftSettings),
    .testTarget(name: "PaygentSQLiteTests", dependencies: ["TestSupport", "PaygentFoundation", "PaygentSQLite", "PaygentCore", "X402", "PaygentEVM", .product(name: "GRDB", package: "GRDB.swift"),
                                                       "StoreTestSupport", "PaygentPostgres"], swiftSettings: swiftSettings),
    .testTarget(name: "PaygentPostgresTests", dependencies: ["TestSupport", "PaygentFoundation", "PaygentPostgres", "PaygentCore", "X402", "PaygentEVM", "StoreTestSupport"],
                swiftSettings: swiftSettings),
    .testTarget(name: "PaygentChainTests", dependencies: ["TestSupport", "PaygentFoundation", "PaygentChain", "PaygentCore", "PaygentServer", "X402", "PaygentEVM", hummingbird], swiftSettings: swiftSettings),
    .testTarget(name: "PaygentServerTests", dependencies: ["PaygentFoundation", "PaygentServer", "PaygentCore", "PaygentWire", "PaygentSQLite", "X402", "Http", hummingbird], swiftSettings: swiftSettings),
    // RemotePaygent against a real PaygentAPIServer on an ephemeral port: the PaygentAPI contract, errors, SSE reconnection.
    .testTarget(
        name: "PaygentRemoteTests",
        dependencies: ["PaygentFoundation", "PaygentRemote", "PaygentServer", "PaygentAgents", "PaygentCore", "PaygentSQLite", "PaygentWire", "PaygentEVM", "X402", "Http", "TestSupport"],
        swiftSettings: swiftSettings
    ),
    .testTarget(name: "PaygentWireTests", dependencies: ["PaygentFoundation", "PaygentWire", "PaygentCore", "X402", "PaygentEVM"], swiftSettings: swiftSettings),
    .testTarget(
        name: "PaygentAgentsTests",
        dependencies: ["PaygentFoundation", "PaygentAgents", "PaygentDemo", "PaygentCore", "PaygentSQLite", "PaygentServer", "X402", "X402Client", "Http", "PaygentEVM", hummingbird],
        exclude: ["Fixtures"],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "PaygentConsoleTests",
        dependencies: ["TestSupport", "PaygentFoundation", "PaygentConsole", "PaygentCore", "PaygentSQLite", "X402", "PaygentEVM", "FuzzSupport"],
        exclude: ["Snapshots"],
        swiftSettings: swiftSettings
    ),
    // `paygent serve`'s live streams and agents through the server, against a real server (and the binary).
    .testTarget(
        name: "PaygentLiveTests",
        dependencies: ["TestSupport", "PaygentFoundation", "PaygentServer", "PaygentAgents", "PaygentDemo", "PaygentCore", "PaygentSQLite", "PaygentWire",
                       "X402", "X402Client", "Http", "PaygentEVM", hummingbird, "StoreTestSupport"],
        swiftSettings: swiftSettings
    ),
    // The `paygent` command tree itself (its parsing, with hostile values) and the built binary.
    .testTarget(
        name: "paygentTests",
        dependencies: ["TestSupport", "paygent", "PaygentCore", "PaygentSQLite", "PaygentDemo", "PaygentAgents", "X402", "PaygentEVM",
                       .product(name: "ArgumentParser", package: "swift-argument-parser")],
        swiftSettings: swiftSettings
    ),
]

/// With PAYGENT_ONLY=A,B set, keep only those targets, what they depend on, and their test targets.
func selectTargets(_ targets: [Target]) -> [Target] {
    guard let only = ProcessInfo.processInfo.environment["PAYGENT_ONLY"], !only.isEmpty else { return targets }
    let byName = Dictionary(uniqueKeysWithValues: targets.map { ($0.name, $0) })
    var keep = Set<String>()
    func visit(_ name: String) {
        guard let target = byName[name], keep.insert(name).inserted else { return }
        for dependency in target.dependencies {
            if case .byNameItem(let dep, _) = dependency { visit(dep) }
            if case .targetItem(let dep, _) = dependency { visit(dep) }
        }
    }
    for name in only.split(separator: ",").map(String.init) {
        visit(name)
        visit(name + "Tests")
    }
    return targets.filter { keep.contains($0.name) }
}

let selected = selectTargets(allTargets)
let selectedNames = Set(selected.map(\.name))

let package = Package(
    name: "Paygent",
    platforms: [.macOS(.v15)],
    products: selectedNames.contains("paygent") ? [.executable(name: "paygent", targets: ["paygent"])] : [],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.6.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.0.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket", from: "2.0.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: selected,
    swiftLanguageModes: [.v6]
)
