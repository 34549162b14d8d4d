// swift-tools-version:6.0
import PackageDescription

// The hot code of the property and volume tests (address math, allocation, inventories,
// decoders) is optimised in debug builds too, so `swift test` runs those tests at release
// speed while the rest of the debug build stays quick to compile. Release builds are -O anyway.
let optimisedInDebug: [SwiftSetting] = [.unsafeFlags(["-O"], .when(configuration: .debug))]

// Layers, one way: IPCore (math, no Foundation) <- IPAuditKit (domain, store protocols) <- IPAuditStorage (SQLite)
// <- IPAuditPostgres (fleet store, locator); IPAuditKit <- IPAuditCapture (libpcap); all <- ipaudit (CLI).
let package = Package(
    name: "ipaudit",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ipaudit", targets: ["ipaudit"]),
        .library(name: "IPCore", targets: ["IPCore"]),
        .library(name: "IPAuditKit", targets: ["IPAuditKit"]),
        .library(name: "IPAuditCapture", targets: ["IPAuditCapture"]),
        .library(name: "IPAuditStorage", targets: ["IPAuditStorage"]),
        .library(name: "IPAuditPostgres", targets: ["IPAuditPostgres"]),
        .library(name: "PostgresPackedRows", targets: ["PostgresPackedRows"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // Already in the build through postgres-nio; named because the fleet store configures TLS.
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // Inventories pulled over HTTP(S) from the cluster's APIs; runs on the swift-nio already here.
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Already in the build through postgres-nio; named because `scan --watch --metrics-listen`
        // serves /metrics with its HTTP/1 server.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        .target(name: "IPCore", swiftSettings: optimisedInDebug),
        .target(
            name: "IPAuditKit",
            dependencies: [
                "IPCore",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: optimisedInDebug),
        // The embedded store: SQLite through GRDB, behind IPAuditKit's store protocols.
        .target(
            name: "IPAuditStorage",
            dependencies: [
                "IPCore", "IPAuditKit", "CSQLiteShim",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        // sqlite3_config, which Swift cannot call (variadic): the store's connections run without
        // SQLite's per-connection mutex (GRDB serializes each connection itself).
        .systemLibrary(name: "CSQLiteShim"),
        .systemLibrary(name: "CPcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),
        .target(name: "IPAuditCapture", dependencies: ["IPCore", "IPAuditKit", "CPcap"], swiftSettings: optimisedInDebug),
        // The PostgreSQL audit read's packed-row decoder, free of the driver so it is fuzzed alone.
        .target(name: "PostgresPackedRows", dependencies: ["IPCore", "IPAuditKit"]),
        // Fleet mode: the shared PostgreSQL store, on the same protocols and row codec, and the
        // --store locator (SQLite path or postgres:// URL), which sits on top of both engines.
        .target(
            name: "IPAuditPostgres",
            dependencies: [
                "IPCore", "IPAuditKit", "IPAuditStorage", "PostgresPackedRows",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]),
        // Inventories pulled over HTTP(S): header files, TLS, retries, paging, handed to IPAuditKit's readers.
        .target(
            name: "IPAuditSources",
            dependencies: [
                "IPAuditKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ]),
        .executableTarget(
            name: "ipaudit",
            dependencies: [
                "IPCore", "IPAuditKit", "IPAuditCapture", "IPAuditStorage", "IPAuditPostgres", "IPAuditSources",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            // Test seams (e.g. holding an allocation before its commit) exist in debug builds,
            // which the tests run, and never in release builds.
            swiftSettings: [.define("IPAUDIT_TEST_HOOKS", .when(configuration: .debug))]),
        // What the test targets share: the built binary, the repository, running processes,
        // temporary folders, the private PostgreSQL server, pcap files, and the requirements
        // (root, PostgreSQL, Chromium...) that decide which tier a test belongs to.
        .target(
            name: "IPAuditTestSupport",
            dependencies: ["IPAuditKit", "IPAuditStorage", "IPAuditPostgres", "CPcap"],
            path: "Tests/IPAuditTestSupport"),
        .testTarget(name: "IPCoreTests", dependencies: ["IPCore"]),
        .testTarget(name: "IPAuditKitTests", dependencies: ["IPAuditKit", "IPAuditStorage", "IPCore", "IPAuditTestSupport"]),
        // The SQLite store through IPAuditKit's store protocols.
        .testTarget(name: "IPAuditStorageTests", dependencies: ["IPAuditStorage", "IPAuditKit", "IPCore", "IPAuditTestSupport"]),
        .testTarget(name: "IPAuditCaptureTests", dependencies: ["IPAuditCapture", "IPAuditKit", "IPAuditStorage", "IPCore", "CPcap", "IPAuditTestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["ipaudit", "IPAuditTestSupport"]),
        // Pulls from servers the tests start on loopback (python3), through the module and through the CLI.
        .testTarget(name: "IPAuditSourcesTests", dependencies: ["IPAuditSources", "IPAuditKit", "ipaudit", "IPAuditTestSupport"]),
        .testTarget(name: "IPAuditPostgresTests", dependencies: ["IPAuditPostgres", "IPAuditStorage", "IPAuditKit", "IPAuditCapture", "IPCore", "ipaudit", "IPAuditTestSupport"]),
    ]
)
