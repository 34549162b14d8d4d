import Foundation
import IPAuditKit
import PostgresNIO

/// The shared store of fleet mode: allocations, inventories and scan observations in one
/// PostgreSQL database, behind the same protocols as the SQLite file.
///
/// One store is one connection, used by one operation at a time (a lock serializes them).
/// Every operation is one transaction. When the connection breaks (server restart, network)
/// the store reconnects and runs the transaction again, for at most `retryWindow` seconds,
/// but only when running it again cannot double anything: reads, allocations and inventory
/// replacement always; an observation merge only if its COMMIT was never sent. Otherwise,
/// and for a wrong password or a closed port at open, it fails with an `InputError` naming
/// the server (exit 2). The server rolls back whatever a broken connection left open, so no
/// allocation or import is ever half-written.
public final class PostgresStore: @unchecked Sendable {
    public let location: PostgresLocation
    /// Test hook, as on SQLite: runs inside an allocation with its changes written, before COMMIT.
    let beforeCommit: (@Sendable () -> Void)?
    /// How long a lost connection is retried before giving up.
    public var retryWindow: Double = 10

    private let lock = NSLock()
    private var session: PostgresSession?

    /// Advisory-lock namespace ("ipau"), then one key per purpose.
    static let lockSpace: Int32 = 0x6970_6175
    static let migrationLock: Int32 = 1
    static let allocationLock: Int32 = 2

    public convenience init(url: String, readOnly: Bool = false, beforeCommit: (@Sendable () -> Void)? = nil) throws {
        try self.init(location: PostgresLocation(url: url), readOnly: readOnly, beforeCommit: beforeCommit)
    }

    /// Connects (once, within the connect timeout: a fresh command against a down server
    /// should fail fast) and brings the schema up to date. `readOnly` (show, history, audit):
    /// never creates or migrates; a database without this build's schema is refused.
    public init(location: PostgresLocation, readOnly: Bool = false, beforeCommit: (@Sendable () -> Void)? = nil) throws {
        self.location = location
        self.beforeCommit = beforeCommit
        do {
            session = try PostgresSession.connect(location)
        } catch {
            throw publicError(PostgresFailure.from(error, connecting: true))
        }
        if readOnly { try checkReadable() } else { try migrate() }
    }

    deinit { session?.close() }

    /// Closes the connection; the next operation reconnects.
    public func close() {
        lock.withLock {
            session?.close()
            session = nil
        }
    }

    /// Runs `body` in one transaction (see the type's comment for the retry rules).
    /// Errors thrown by `body` itself roll back and pass through unchanged.
    /// `waitForServer: false` gives up at once when the server cannot be reached at the start
    /// (a watch's periodic flush; the next one tries again) instead of retrying for the window.
    func transaction<T>(idempotent: Bool, begin: String = "BEGIN", waitForServer: Bool = true,
                        _ body: (PostgresSession) throws -> T) throws -> T {
        try lock.withLock {
            let started = Date()
            var attempt = 0
            // Set once a COMMIT went out and its answer never came back.
            var outcomeUnknown = false
            while true {
                attempt += 1
                var commitSent = false
                do {
                    let current = try connectedSession()
                    try current.execute(begin)
                    let value: T
                    do {
                        value = try body(current)
                    } catch let error where !(error is PostgresFailure) {
                        try? current.execute("ROLLBACK")
                        // A retry after a lost COMMIT answer reads what that COMMIT may have
                        // written: its refusal ("no allocation at path") may be our own success.
                        if outcomeUnknown { throw CommitOutcomeUnknown(store: location.description, error: error) }
                        throw error
                    }
                    if current.isClosed {
                        throw PostgresFailure(kind: .connectionLost, message: "the server closed the connection before COMMIT")
                    }
                    commitSent = true
                    try current.execute("COMMIT")
                    return value
                } catch let failure as PostgresFailure {
                    settle(after: failure)
                    if commitSent && failure.kind != .server { outcomeUnknown = true }
                    // A failed reconnect is retried too: the store connected at open, so the
                    // server went away since (a restart) and may be back within the window.
                    let transient = failure.isRetryable || (failure.kind == .connect && (waitForServer || attempt > 1))
                    let waited = Date().timeIntervalSince(started)
                    guard transient, idempotent || !commitSent, waited < retryWindow else {
                        throw publicError(failure, retried: attempt > 1, outcomeUnknown: outcomeUnknown)
                    }
                    Thread.sleep(forTimeInterval: min(0.1 * Double(1 << min(attempt, 4)), retryWindow - waited))
                }
            }
        }
    }

    private func connectedSession() throws -> PostgresSession {
        if let session, !session.isClosed { return session }
        session = nil
        let fresh = try PostgresSession.connect(location)
        session = fresh
        return fresh
    }

    /// After a failure: a live connection gets its aborted transaction rolled back; a
    /// broken or timed-out one is dropped so the next attempt reconnects.
    private func settle(after failure: PostgresFailure) {
        guard let current = session else { return }
        if failure.kind == .server || failure.kind == .conflict, !current.isClosed,
           (try? current.execute("ROLLBACK")) != nil {
            return
        }
        current.close()
        session = nil
    }

    private func publicError(_ failure: PostgresFailure, retried: Bool = false, outcomeUnknown: Bool = false) -> InputError {
        let what: String
        if outcomeUnknown {
            what = "connection lost while committing; the change may or may not have been saved (run it again to check): \(failure.message)"
        } else if retried && (failure.kind == .connect || failure.kind == .connectionLost) {
            what = "connection lost and not back within \(PostgresSession.format(retryWindow)) s; nothing was written: \(failure.message)"
        } else {
            switch failure.kind {
            case .connect: what = "cannot connect: \(failure.message)"
            case .timedOut: what = "timed out, nothing was written: \(failure.message)"
            case .connectionLost: what = "connection lost, nothing was written: \(failure.message)"
            case .conflict: what = "conflicting writers kept aborting this transaction, nothing was written: \(failure.message)"
            case .server: what = failure.message
            }
        }
        return InputError(file: location.description, what)
    }

    /// Applies the migrations this database lacks, under an advisory lock so processes
    /// opening a fresh database together do it once; each set lands with its record or not at all.
    private func migrate() throws {
        try transaction(idempotent: true) { s in
            try s.execute("SELECT pg_advisory_xact_lock(\(Self.lockSpace), \(Self.migrationLock))")
            try s.execute("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    TEXT PRIMARY KEY,
                    applied_at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
                )
                """)
            let applied = Set(try s.query("SELECT version FROM schema_migrations").map { try $0.decode(String.self) })
            // A newer ipaudit's tables may mean something this build does not know: refuse by name.
            let known = Set(PostgresSchema.migrations.map(\.version))
            let unknown = applied.subtracting(known).sorted()
            if !unknown.isEmpty {
                throw StoreError(store: location.description, reason: "written by a newer ipaudit (schema \(applied.count), "
                                 + "migrations \(unknown.joined(separator: ", "))), this is schema \(known.count); use the newer ipaudit")
            }
            for migration in PostgresSchema.migrations where !applied.contains(migration.version) {
                for statement in migration.statements { try s.execute(statement) }
                try s.query("INSERT INTO schema_migrations (version) VALUES (\(migration.version))")
            }
        }
    }

    /// Versions recorded in `schema_migrations`, in the order they were applied.
    public func appliedMigrations() throws -> [String] {
        try transaction(idempotent: true) { s in
            try s.query("SELECT version FROM schema_migrations ORDER BY applied_at, version").map { try $0.decode(String.self) }
        }
    }
}
