import Foundation
import IPAuditKit
import IPAuditStorage

/// Opens the store named by `--store` / `IPAUDIT_STORE`: a `postgres://` or
/// `postgresql://` URL selects the shared PostgreSQL store, anything else is a SQLite path.
public enum StoreLocator {
    /// True when `location` names a PostgreSQL server rather than a file.
    public static func isRemote(_ location: String) -> Bool {
        let lower = location.lowercased()
        return lower.hasPrefix("postgres://") || lower.hasPrefix("postgresql://")
    }

    /// `location` as pages and messages may show it: a server's URL without its password (or
    /// anything after the database), a file path as given.
    public static func displayName(_ location: String) -> String {
        guard isRemote(location) else { return location }
        if let parsed = try? PostgresLocation(url: location, environment: [:]) { return parsed.description }
        // Unusable (opening it fails anyway): nothing of it that might hold a password.
        let redacted = PostgresLocation.redacted(location)
        return String(redacted[..<(redacted.firstIndex(where: { $0 == "?" || $0 == "#" }) ?? redacted.endIndex)])
    }

    /// Whether there is a store to read. A file must exist; a server is assumed to, and
    /// `open` says clearly if it does not answer.
    public static func exists(_ location: String) -> Bool {
        isRemote(location) || FileManager.default.fileExists(atPath: location)
    }

    /// `beforeCommit` is the allocation test hook (runs with changes written, not committed).
    /// `.readOnly` is for commands that only read (audit, free, showing a plan): they never
    /// create, migrate or write, so a store in a read-only place still serves them (and a
    /// PostgreSQL database without the schema is refused, not given one).
    public static func open(_ location: String, access: SQLiteStore.Access = .readWrite,
                            beforeCommit: (@Sendable () -> Void)? = nil) throws -> any IPAuditStore {
        if isRemote(location) {
            return try PostgresStore(url: location, readOnly: access == .readOnly, beforeCommit: beforeCommit)
        }
        return try LocalStore(path: location, access: access, beforeCommit: beforeCommit)
    }
}
