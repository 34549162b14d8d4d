import IPAuditKit
import IPCore
import Foundation
import GRDB
import GRDBSQLite
import CSQLiteShim

/// The embedded store: one SQLite file (WAL mode) opened through GRDB.
///
/// Each domain (allocations, inventory, scan observations) owns its schema in its own
/// file as a list of named migrations; this type only opens the file and runs them.
/// Writers take SQLite's write lock at the start of their transaction (`IMMEDIATE`),
/// so concurrent processes serialize instead of interleaving read-then-write.
public final class SQLiteStore: @unchecked Sendable {
    /// How a command uses the store. Reading commands never create, migrate or write, so they
    /// work on a store in a read-only directory or file.
    public enum Access: Sendable { case readWrite, readOnly }

    public let path: String
    public let dbQueue: DatabaseQueue
    static let busySeconds = 60

    /// Every migration, in registration order. Append new ones at the end of a domain's list.
    static var migrations: [(String, @Sendable (Database) throws -> Void)] {
        AllocationSchema.migrations + InventorySchema.migrations + ObservationSchema.migrations
            + WireVerdictSchema.migrations + WireEventSchema.migrations
            + WireCoverageSchema.migrations
    }

    /// SQLite's multi-thread mode, set once before the process's first connection: a connection
    /// then takes no mutex of its own, which GRDB makes redundant (each connection is used by one
    /// thread at a time, on its queue). Each `sqlite3_column_*` and `sqlite3_bind_*` call took and
    /// released that mutex: 18 million pairs in a million-row import or audit read, about 15% of
    /// SQLite's share. False when SQLite was already initialized (serialized mode stays; correct,
    /// only slower).
    static let multiThreaded = ipaudit_sqlite_multithread() == SQLITE_OK

    /// The schema this build writes: the number of migrations, kept in `PRAGMA user_version`.
    public static var schemaVersion: Int { migrations.count }

    public init(path: String, access: Access = .readWrite) throws {
        // SQLite opens a private temporary database for "" (and memory for ":memory:"):
        // a run would report success and keep nothing.
        guard !path.isEmpty, path != ":memory:", !path.hasPrefix("file:") else {
            throw StoreError(store: path.isEmpty ? "''" : path, reason: "not a store file path")
        }
        self.path = path
        _ = Self.multiThreaded
        var config = Configuration()
        config.busyMode = .timeout(TimeInterval(Self.busySeconds))
        config.readonly = access == .readOnly
        // Reads map the file instead of copying each page through read(2): a million-row
        // inventory is read in one pass by every audit.
        config.prepareDatabase { db in try db.execute(sql: "PRAGMA mmap_size = 1073741824") }
        let file = try Self.safeLocation(path, create: access == .readWrite)
        do {
            dbQueue = try DatabaseQueue(path: access == .readOnly ? Self.readOnlyLocation(file) : file, configuration: config)
            try Self.checkVersion(dbQueue, path: path)
            if access == .readWrite {
                try Self.setUp(dbQueue)
            } else {
                try Self.checkReadable(dbQueue, path: path)
            }
        } catch let error as DatabaseError {
            throw StoreError(error, store: path, busySeconds: Self.busySeconds)
        }
    }

    /// SQLite follows a symbolic link at the store's name itself, so the kernel's protection
    /// against links planted in /tmp never applies: the name is resolved here, refusing a link or
    /// file another user planted, the file created (as this user's own) when a writer finds none,
    /// and SQLite given the resolved name. SQLite refuses links at its `-wal`, `-shm` and
    /// `-journal` names with a bare "cannot open"; they are checked first to say why.
    static func safeLocation(_ path: String, create: Bool) throws -> String {
        do {
            let file = try SafeFile.prepare(path, create: create)
            for suffix in ["-wal", "-shm", "-journal"] { try SafeFile.checkCompanion(file + suffix) }
            return file
        } catch let error as SafeFileError where error.errno != nil {
            return path  // a missing directory, no permission: SQLite's open fails alike and says so
        } catch let error as SafeFileError {
            throw StoreError(store: path, reason: error.path == path ? error.reason : "\(error.path): \(error.reason)")
        }
    }

    /// A WAL database is read through its `-shm` file, which a reader must be able to create.
    /// Where it cannot (a read-only directory), the file is opened as immutable (no `-shm`
    /// needed, no locking) only when nobody can be writing it: the file itself has no write
    /// bits and no `-wal` file is pending. Otherwise the plain path, an ordinary read-only
    /// open whose failure is reported. (URI names need SQLite built with SQLITE_USE_URI, as
    /// Debian's is; elsewhere the plain path is used.)
    static func readOnlyLocation(_ path: String) -> String {
        let directory = (path as NSString).deletingLastPathComponent
        let writableDirectory = access(directory.isEmpty ? "." : directory, W_OK) == 0
        var st = stat()
        guard !writableDirectory, stat(path, &st) == 0, st.st_mode & 0o222 == 0,
              access(path + "-wal", F_OK) != 0, sqlite3_compileoption_used("USE_URI") == 1 else { return path }
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        let escaped = absolute.replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "?", with: "%3f")
            .replacingOccurrences(of: "#", with: "%23")
        return "file:" + escaped + "?immutable=1"
    }

    /// Refuses a store written by a newer ipaudit before anything reads or migrates it.
    static func checkVersion(_ dbQueue: DatabaseQueue, path: String) throws {
        let version = try dbQueue.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 }
        let known = Set(migrations.map(\.0))
        let unknown = try appliedMigrations(dbQueue).contains { !known.contains($0) }
        if version > schemaVersion || unknown {
            throw StoreError(store: path, reason: "written by a newer ipaudit (schema \(max(version, schemaVersion + 1))), "
                             + "this is schema \(schemaVersion); use the newer ipaudit")
        }
    }

    /// A read-only open cannot migrate: an older store must be opened once by a writing command.
    static func checkReadable(_ dbQueue: DatabaseQueue, path: String) throws {
        let applied = try appliedMigrations(dbQueue)
        let pending = migrations.contains { !applied.contains($0.0) }
        if pending {
            throw StoreError(store: path, reason: "written by an older ipaudit and opened read-only; "
                             + "run a writing command (import, allocate) once to upgrade it")
        }
    }

    /// Puts the store in WAL mode and brings its schema up to date. Writers that create or
    /// upgrade one store together race, and SQLite answers some of them at once rather than
    /// through the busy timeout:
    /// - switching a new file to WAL needs the exclusive lock; two connections that both hold
    ///   the shared one would deadlock, so one is told "database is locked" immediately;
    /// - each migrator decides what to run before it takes the write lock, so the loser's
    ///   migration meets the winner's work ("already exists", or its record already written).
    /// A migration commits together with its record, so a failed attempt left nothing behind.
    /// Both are retried, with a growing pause, until the busy timeout; an error while no other
    /// writer made progress and the store is not locked is the store's own, and is reported.
    static func setUp(_ dbQueue: DatabaseQueue) throws {
        var migrator = DatabaseMigrator()
        for (name, body) in migrations { migrator.registerMigration(name, migrate: body) }
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(busySeconds) * 1_000_000_000
        var attempt = 0
        while true {
            let appliedBefore = try appliedMigrations(dbQueue)
            do {
                try dbQueue.writeWithoutTransaction { db in
                    try db.execute(sql: "PRAGMA journal_mode = WAL")
                    try db.execute(sql: "PRAGMA synchronous = NORMAL")
                }
                try migrator.migrate(dbQueue)
                try dbQueue.writeWithoutTransaction { db in
                    if try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0 < schemaVersion {
                        try db.execute(sql: "PRAGMA user_version = \(schemaVersion)")
                    }
                }
                return
            } catch let error as DatabaseError where DispatchTime.now().uptimeNanoseconds < deadline {
                let locked = error.resultCode == .SQLITE_BUSY || error.resultCode == .SQLITE_LOCKED
                guard try locked || appliedMigrations(dbQueue).count > appliedBefore.count else { throw error }
                attempt += 1
                usleep(UInt32(min(5_000 * attempt, 100_000)))
            }
        }
    }

    static func appliedMigrations(_ dbQueue: DatabaseQueue) throws -> Set<String> {
        try dbQueue.read { db in
            guard try db.tableExists("grdb_migrations") else { return [] }
            return Set(try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations"))
        }
    }

    /// Runs `body` in one IMMEDIATE transaction: all of it lands, or none of it.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        var result: T?
        do {
            try dbQueue.inTransaction(.immediate) { db in
                result = try body(db)
                return .commit
            }
        } catch let error as DatabaseError {
            throw StoreError(error, store: path, busySeconds: Self.busySeconds)
        }
        return result!
    }

    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try dbQueue.read(body)
        } catch let error as DatabaseError {
            throw StoreError(error, store: path, busySeconds: Self.busySeconds)
        }
    }
}
