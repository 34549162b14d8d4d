import IPAuditKit
import Foundation
import GRDB
import IPCore

/// `AllocationStoring` on the embedded SQLite store. The update runs inside one IMMEDIATE
/// transaction, which takes SQLite's write lock before reading: concurrent processes queue
/// up (busy timeout) instead of computing from the same snapshot.
public struct SQLiteAllocationStore: AllocationStoring {
    public let store: SQLiteStore
    /// Test hook: runs after the changes are written and before the commit, so a test can
    /// kill the process mid-transaction.
    public var beforeCommit: (@Sendable () -> Void)?

    public init(store: SQLiteStore, beforeCommit: (@Sendable () -> Void)? = nil) {
        self.store = store
        self.beforeCommit = beforeCommit
    }

    /// Opens (creating if needed) the store at `path`.
    public static func open(path: String, access: SQLiteStore.Access = .readWrite,
                            beforeCommit: (@Sendable () -> Void)? = nil) throws -> SQLiteAllocationStore {
        SQLiteAllocationStore(store: try SQLiteStore(path: path, access: access), beforeCommit: beforeCommit)
    }

    public func allocationState() throws -> AllocationState {
        try store.read { db in try Self.readState(db, store: store.path) }
    }

    public func updateAllocations<T>(_ body: (AllocationState) throws -> (AllocationChanges, T)) throws -> T {
        try store.write { db in
            let (changes, result) = try body(try Self.readState(db, store: store.path))
            try Self.apply(changes, db)
            beforeCommit?()
            return result
        }
    }

    static func readState(_ db: Database, store: String) throws -> AllocationState {
        var state = AllocationState()
        state.allocations = try rows(db, "SELECT path, kind, prefix, region, zone, rack, role, agent FROM allocation ORDER BY id")
        state.quarantined = try rows(db, "SELECT path, kind, prefix, region, zone, rack, role, agent FROM allocation_released ORDER BY id")
        for row in try Row.fetchAll(db, sql: "SELECT key, value FROM allocation_meta") {
            state.settings[row["key"]] = row["value"]
        }
        try AllocationSettings.validate(state.settings, store: store)
        return state
    }

    static func rows(_ db: Database, _ sql: String) throws -> [StoredAllocation] {
        var out: [StoredAllocation] = []
        let cursor = try Row.fetchCursor(db, sql: sql)
        while let row = try cursor.next() {
            let text: String = row["prefix"]
            guard let prefix = try? IPPrefix(text) else {
                throw InputError(path: "allocation", field: "prefix", "store holds an invalid prefix '\(text)'")
            }
            out.append(StoredAllocation(path: row["path"], kind: row["kind"], prefix: prefix, region: row["region"],
                                        zone: row["zone"], rack: row["rack"], role: row["role"], agent: row["agent"]))
        }
        return out
    }

    static func apply(_ changes: AllocationChanges, _ db: Database) throws {
        // A big run touches every page of three indexes: with SQLite's default 2 MB page
        // cache the transaction spills to the WAL again and again (tens of thousands of
        // writes for 20,000 rows). A larger cache for this connection keeps it in memory
        // until the commit.
        if changes.added.count > 1000 { try db.execute(sql: "PRAGMA cache_size = -131072") }
        for a in changes.released {
            try db.execute(sql: "DELETE FROM allocation WHERE path = ? AND family = ?", arguments: [a.path, a.family])
            try db.execute(sql: """
                INSERT INTO allocation_released (path, kind, family, prefix, region, zone, rack, role, agent)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [a.path, a.kind, a.family, a.prefix.description, a.region, a.zone, a.rack, a.role, a.agent])
        }
        for a in changes.reused {
            try db.execute(sql: "DELETE FROM allocation_released WHERE family = ? AND prefix = ?",
                           arguments: [a.family, a.prefix.description])
        }
        let insert = try db.makeStatement(sql: """
            INSERT INTO allocation (path, kind, family, prefix, first, last, region, zone, rack, role, agent)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for a in changes.added {
            try insert.execute(arguments: [a.path, a.kind, a.family, a.prefix.description,
                                           blob(a.prefix.first), blob(a.prefix.last),
                                           a.region, a.zone, a.rack, a.role, a.agent])
        }
        for (key, value) in changes.settings {
            try db.execute(sql: "INSERT INTO allocation_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                           arguments: [key, value])
        }
    }

    /// 16 bytes big-endian, so SQLite's bytewise BLOB order is address order.
    static func blob(_ a: IPAddress) -> Data {
        var v = a.widened.bigEndian
        return withUnsafeBytes(of: &v) { Data($0) }
    }
}

extension SQLiteStore {
    /// Every live allocation, in the order they were made.
    public func allocations() throws -> [StoredAllocation] {
        try SQLiteAllocationStore(store: self).allocationState().allocations
    }
}
