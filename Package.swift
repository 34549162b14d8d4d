// swift-tools-version:6.0
import PackageDescription

// Layers, one way: IPCore (math, no Foundation) <- IPAuditKit (domain) <- IPAuditCapture (libpcap) <- ipaudit (CLI).
let package = Package(
    name: "ipaudit",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ipaudit", targets: ["ipaudit"]),
        .library(name: "IPCore", targets: ["IPCore"]),
        .library(name: "IPAuditKit", targets: ["IPAuditKit"]),
        .library(name: "IPAuditCapture", targets: ["IPAuditCapture"]),
        .library(name: "IPAuditPostgres", targets: ["IPAuditPostgres"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
    ],
    targets: [
        .target(name: "IPCore"),
        .target(
            name: "IPAuditKit",
            dependencies: [
                "IPCore",
                .product(name: "Yams", package: "Yams"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ]),
        .systemLibrary(name: "CPcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),
        .target(name: "IPAuditCapture", dependencies: ["IPCore", "IPAuditKit", "CPcap"]),
        // Fleet mode: the shared PostgreSQL store and the --store locator (SQLite path or postgres:// URL).
        .target(
            name: "IPAuditPostgres",
            dependencies: [
                "IPCore", "IPAuditKit",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]),
        .executableTarget(
            name: "ipaudit",
            dependencies: [
                "IPCore", "IPAuditKit", "IPAuditCapture", "IPAuditPostgres",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            // Test seams (e.g. holding an allocation before its commit) exist in debug builds,
            // which the tests run, and never in release builds.
            swiftSettings: [.define("IPAUDIT_TEST_HOOKS", .when(configuration: .debug))]),
        .testTarget(name: "IPCoreTests", dependencies: ["IPCore"]),
        .testTarget(name: "IPAuditKitTests", dependencies: ["IPAuditKit", "IPCore"]),
        .testTarget(name: "IPAuditCaptureTests", dependencies: ["IPAuditCapture", "IPAuditKit", "IPCore", "CPcap"]),
        .testTarget(name: "CLITests", dependencies: ["ipaudit"]),
        .testTarget(name: "IPAuditPostgresTests", dependencies: ["IPAuditPostgres", "IPAuditKit", "IPCore", "ipaudit"]),
    ]
)
