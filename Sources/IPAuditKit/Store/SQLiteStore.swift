import Foundation
import GRDB

/// The embedded store: one SQLite file (WAL mode) opened through GRDB.
///
/// Each domain (allocations, inventory, scan observations) owns its schema in its own
/// file as a list of named migrations; this type only opens the file and runs them.
/// Writers take SQLite's write lock at the start of their transaction (`IMMEDIATE`),
/// so concurrent processes serialize instead of interleaving read-then-write.
public final class SQLiteStore: @unchecked Sendable {
    public let path: String
    public let dbQueue: DatabaseQueue

    /// Every migration, in registration order. Append new ones at the end of a domain's list.
    static var migrations: [(String, @Sendable (Database) throws -> Void)] {
        AllocationSchema.migrations + InventorySchema.migrations + ObservationSchema.migrations
    }

    public init(path: String) throws {
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(60)
        do {
            dbQueue = try DatabaseQueue(path: path, configuration: config)
            try dbQueue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA journal_mode = WAL")
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            try Self.migrate(dbQueue)
        } catch let error as DatabaseError {
            throw InputError(file: path, "cannot open store: \(error.message ?? error.description)")
        }
    }

    /// Brings the schema up to date. Processes that create one new store together race:
    /// each decides what to run before taking the write lock, so the loser meets "already
    /// exists". A migration commits together with its record, so running the migrator again
    /// sees the winner's work and goes on from there.
    static func migrate(_ dbQueue: DatabaseQueue) throws {
        var migrator = DatabaseMigrator()
        for (name, body) in migrations { migrator.registerMigration(name, migrate: body) }
        var attempt = 0
        while true {
            do {
                try migrator.migrate(dbQueue)
                return
            } catch let error as DatabaseError where attempt < 10 && (error.message ?? "").contains("already exists") {
                attempt += 1
                usleep(UInt32(20_000 * attempt))
            }
        }
    }

    /// Runs `body` in one IMMEDIATE transaction: all of it lands, or none of it.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        var result: T?
        try dbQueue.inTransaction(.immediate) { db in
            result = try body(db)
            return .commit
        }
        return result!
    }

    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        try dbQueue.read(body)
    }
}
