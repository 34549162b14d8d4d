import Foundation

/// The checkout the tests were built from: fixtures, scripts and Python oracles live there.
public enum Repository {
    /// This file is Tests/IPAuditTestSupport/Repository.swift: three levels below the root.
    public static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A path inside the checkout ("scripts/live-scan-test.sh").
    public static func path(_ relative: String) -> String {
        root.appendingPathComponent(relative).path
    }

    /// A committed fixture ("inventory/cluster.csv", "pcap/arp-duplicate.pcap").
    public static func fixture(_ relative: String) -> String {
        root.appendingPathComponent("fixtures").appendingPathComponent(relative).path
    }
}

/// The executables built alongside the test bundle (debug or release, wherever the build put it).
public enum BuiltBinary {
    /// The `ipaudit` command: next to the test runner, or a few folders up from it when the
    /// runner sits inside `ipauditPackageTests.xctest/...`.
    public static let ipaudit: URL = {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("ipaudit")
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate.path) {
                return candidate
            }
            dir = dir.deletingLastPathComponent()
        }
        fatalError("ipaudit binary not found near \(CommandLine.arguments[0]): build it with `swift build --build-tests`")
    }()
}

/// Fresh folders under the system's temporary directory, removed by the caller when done.
public enum TemporaryDirectory {
    public static func make(prefix: String = "ipaudit-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
