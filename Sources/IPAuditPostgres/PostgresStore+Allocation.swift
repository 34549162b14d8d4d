import IPAuditKit
import IPCore
import PostgresNIO

/// `AllocationStoring` on PostgreSQL. Every allocator on every host takes the same
/// transaction-scoped advisory lock before reading: like SQLite's IMMEDIATE transaction,
/// writers queue instead of computing from one snapshot, so no two hand out one block.
/// The lock is dropped at COMMIT or ROLLBACK, including when the server drops a dead client.
extension PostgresStore: AllocationStoring {
    public func allocationState() throws -> AllocationState {
        try transaction(idempotent: true, begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { s in
            try Self.readState(s, store: location.description)
        }
    }

    public func updateAllocations<T>(_ body: (AllocationState) throws -> (AllocationChanges, T)) throws -> T {
        // Running it again after a lost connection is safe: it re-reads the state, and the
        // allocator is additive, so blocks a lost COMMIT did save are not handed out twice.
        try transaction(idempotent: true) { s in
            try Self.takeAllocationLock(s)
            let (changes, result) = try body(try Self.readState(s, store: location.description))
            try Self.apply(changes, s)
            beforeCommit?()
            return result
        }
    }

    static func readState(_ s: PostgresSession, store: String) throws -> AllocationState {
        var state = AllocationState()
        state.allocations = try blocks(s, "SELECT path, kind, prefix, region, zone, rack, role, agent FROM allocation ORDER BY id")
        state.quarantined = try blocks(s, "SELECT path, kind, prefix, region, zone, rack, role, agent FROM allocation_released ORDER BY id")
        for row in try s.query("SELECT key, value FROM allocation_meta") {
            let (key, value) = try row.decode((String, String).self)
            state.settings[key] = value
        }
        try AllocationSettings.validate(state.settings, store: store)
        return state
    }

    static func blocks(_ s: PostgresSession, _ sql: String) throws -> [StoredAllocation] {
        try s.query(PostgresQuery(unsafeSQL: sql)).map { row in
            let (path, kind, text, region, zone, rack, role, agent) =
                try row.decode((String, String, String, String, String?, String?, String?, String?).self)
            guard let prefix = try? IPPrefix(text) else {
                throw InputError(path: "allocation", field: "prefix", "store holds an invalid prefix '\(text)'")
            }
            return StoredAllocation(path: path, kind: kind, prefix: prefix, region: region, zone: zone, rack: rack,
                                    role: role, agent: agent)
        }
    }

    static func apply(_ changes: AllocationChanges, _ s: PostgresSession) throws {
        for a in changes.released {
            try s.query("DELETE FROM allocation WHERE path = \(a.path) AND family = \(a.family)")
            try s.query("""
                INSERT INTO allocation_released (path, kind, family, prefix, region, zone, rack, role, agent)
                VALUES (\(a.path), \(a.kind), \(a.family), \(a.prefix.description), \(a.region), \(a.zone), \(a.rack), \(a.role), \(a.agent))
                """)
        }
        for a in changes.reused {
            try s.query("DELETE FROM allocation_released WHERE family = \(a.family) AND prefix = \(a.prefix.description)")
        }
        for a in changes.added {
            try s.query("""
                INSERT INTO allocation (path, kind, family, prefix, block, region, zone, rack, role, agent)
                VALUES (\(a.path), \(a.kind), \(a.family), \(a.prefix.description), \(a.prefix.description)::cidr,
                        \(a.region), \(a.zone), \(a.rack), \(a.role), \(a.agent))
                """)
        }
        for (key, value) in changes.settings.sorted(by: { $0.key < $1.key }) {
            try s.query("""
                INSERT INTO allocation_meta (key, value) VALUES (\(key), \(value))
                ON CONFLICT (key) DO UPDATE SET value = excluded.value
                """)
        }
    }
}
