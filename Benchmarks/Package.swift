// swift-tools-version:6.0
import PackageDescription

// Benchmarks that need Swift code of their own; built in release with
// `swift build -c release --package-path Benchmarks --scratch-path .build-bench-pkg`.
let package = Package(
    name: "ipaudit-benchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "ipaudit", path: "..")],
    targets: [
        .executableTarget(
            name: "lpm-bench",
            dependencies: [.product(name: "IPCore", package: "ipaudit")],
            path: "lpm",
            exclude: ["run.sh"]),
        .executableTarget(
            name: "fleet-bench",
            dependencies: [
                .product(name: "IPAuditPostgres", package: "ipaudit"),
                .product(name: "IPAuditKit", package: "ipaudit"),
                .product(name: "IPCore", package: "ipaudit"),
            ],
            path: "fleet",
            exclude: ["run.sh"]),
        .executableTarget(
            name: "query-bench",
            dependencies: [
                .product(name: "IPAuditPostgres", package: "ipaudit"),
                .product(name: "IPAuditKit", package: "ipaudit"),
                .product(name: "IPCore", package: "ipaudit"),
            ],
            path: "query",
            exclude: ["run.sh"]),
    ]
)
