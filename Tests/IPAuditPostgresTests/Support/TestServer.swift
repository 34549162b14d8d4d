import Foundation
import IPAuditKit
import PostgresNIO
@testable import IPAuditPostgres

/// The PostgreSQL server the suite runs against: `$IPAUDIT_TEST_PG` (a URL whose role may
/// create databases) or, when unset, a throwaway server started by scripts/postgres/start.sh.
/// Each test gets a database of its own, so tests run in parallel without seeing each other.
enum TestServer {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    private static let started: Result<String, any Error> = Result {
        if let url = ProcessInfo.processInfo.environment["IPAUDIT_TEST_PG"], !url.isEmpty { return url }
        return try startScript(environment: [:])
    }

    static func baseURL() throws -> String { try started.get() }

    /// Runs start.sh (with PGPORT/PGROOT overrides) and returns the URL it prints.
    static func startScript(environment: [String: String]) throws -> String {
        let (status, output) = try script("start.sh", environment: environment)
        guard status == 0, let url = output.split(separator: "\n").last.map(String.init), url.hasPrefix("postgres://") else {
            throw TestServerError("scripts/postgres/start.sh failed (\(status)): \(output)")
        }
        return url
    }

    static func script(_ name: String, _ arguments: [String] = [], environment: [String: String]) throws -> (Int32, String) {
        // Output goes to a file, not a pipe: the server the script starts lives on, and
        // reading a pipe to its end would wait for it.
        let log = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-pg-script-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }
        let handle = try FileHandle(forWritingTo: log)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [repositoryRoot.appendingPathComponent("scripts/postgres/\(name)").path] + arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        return (process.terminationStatus, (try? String(contentsOf: log, encoding: .utf8)) ?? "")
    }

    /// A new, empty database on `base`'s server; `drop` removes it (closing its connections).
    static func freshDatabase(on base: String? = nil) throws -> (url: String, drop: @Sendable () -> Void) {
        let baseURL = try base ?? baseURL()
        let admin = try PostgresLocation(url: baseURL)
        let name = "ipaudit_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        let session = try PostgresSession.connect(admin)
        defer { session.close() }
        try session.execute("CREATE DATABASE \(name)")
        let url = "postgres://\(admin.user):\(admin.password ?? "")@\(admin.host):\(admin.port)/\(name)"
        return (url, {
            guard let s = try? PostgresSession.connect(admin) else { return }
            try? s.execute("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            s.close()
        })
    }
}

struct TestServerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
