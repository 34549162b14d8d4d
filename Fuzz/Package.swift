// swift-tools-version:6.0
// Fuzz targets, kept out of the main package so its build never links a libFuzzer entry point.
// Build: swift build -c release --sanitize fuzzer --sanitize address --scratch-path .build-fuzz
// Run:   ./run.sh [SECONDS | --runs N]
import PackageDescription

let package = Package(
    name: "ipaudit-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "ipaudit", path: "..")],
    targets: [
        .executableTarget(
            name: "FuzzDecoder",
            dependencies: [.product(name: "IPAuditCapture", package: "ipaudit")]),
        .executableTarget(
            name: "FuzzPcapng",
            dependencies: [.product(name: "IPAuditCapture", package: "ipaudit")]),
        .executableTarget(
            name: "FuzzAddressParser",
            dependencies: [.product(name: "IPCore", package: "ipaudit")]),
        .executableTarget(
            name: "FuzzInventory",
            dependencies: [.product(name: "IPAuditKit", package: "ipaudit")]),
        .executableTarget(
            name: "FuzzPackedRow",
            dependencies: [.product(name: "IPAuditKit", package: "ipaudit"), .product(name: "PostgresPackedRows", package: "ipaudit")]),
    ]
)
