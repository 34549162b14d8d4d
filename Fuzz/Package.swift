// swift-tools-version:6.0
// Fuzz targets, kept out of the main package so its build never links a libFuzzer entry point.
// Build: see run.sh (--sanitize fuzzer plus -Xswiftc -sanitize-coverage=… so the ipaudit modules are instrumented)
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
