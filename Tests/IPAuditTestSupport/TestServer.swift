import Foundation
import IPAuditKit
@testable import IPAuditPostgres

/// The PostgreSQL server the suite runs against: `$IPAUDIT_TEST_PG` (a URL whose role may
/// create databases) or, when unset, a throwaway server started by scripts/postgres/start.sh.
/// Each test gets a database of its own, so tests run in parallel without seeing each other.
public enum TestServer {
    public static var repositoryRoot: URL { Repository.root }

    private static let started: Result<String, any Error> = Result {
        if let url = ProcessInfo.processInfo.environment["IPAUDIT_TEST_PG"], !url.isEmpty { return url }
        return try startScript(environment: [:])
    }

    public static func baseURL() throws -> String { try started.get() }

    /// Runs start.sh (with PGPORT/PGROOT overrides) and returns the URL it prints.
    public static func startScript(environment: [String: String]) throws -> String {
        let (status, output) = try script("start.sh", environment: environment)
        guard status == 0, let url = output.split(separator: "\n").last.map(String.init), url.hasPrefix("postgres://") else {
            throw TestServerError("scripts/postgres/start.sh failed (\(status)): \(output)")
        }
        return url
    }

    /// Runs scripts/postgres/NAME (its output to files: the server it starts lives on).
    public static func script(_ name: String, _ arguments: [String] = [], environment: [String: String]) throws -> (Int32, String) {
        let run = try ProcessRunner.run("/bin/bash", [Repository.path("scripts/postgres/\(name)")] + arguments,
                                        environment: environment)
        return (run.status, run.stderr + run.stdout)   // the URL stays the last line
    }

    /// A new, empty database on `base`'s server; `drop` removes it (closing its connections).
    public static func freshDatabase(on base: String? = nil) throws -> (url: String, drop: @Sendable () -> Void) {
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

public struct TestServerError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
