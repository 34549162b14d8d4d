import IPAuditKit
import IPCore
import GRDB

/// Tables for `allocate`: owned by the allocation feature.
///
/// - `allocation`: live blocks, one row per (path, family). Addresses are also stored as
///   16-byte big-endian BLOBs (`first`, `last`) so SQLite can compare ranges bytewise.
/// - `allocation_released`: quarantined blocks; never handed out again unless asked.
/// - `allocation_meta`: key/value settings generated once (the ULA /48).
///
/// The trigger is the last line of defence against two writers handing out one block:
/// blocks of the same kind and family must be disjoint. Aligned blocks either nest or are
/// disjoint, so an overlap means a stored block starts inside the new one, or the stored
/// block starting last at or before the new one reaches into it: two index lookups.
enum AllocationSchema {
    static let migrations: [(String, @Sendable (Database) throws -> Void)] = [
        ("allocation.v1", { db in
            try db.execute(sql: """
                CREATE TABLE allocation (
                    id INTEGER PRIMARY KEY,
                    path TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('region', 'zone', 'rack', 'role', 'agent')),
                    family INTEGER NOT NULL CHECK (family IN (4, 6)),
                    prefix TEXT NOT NULL,
                    first BLOB NOT NULL,
                    last BLOB NOT NULL,
                    region TEXT NOT NULL,
                    zone TEXT,
                    rack TEXT,
                    role TEXT,
                    agent TEXT,
                    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
                    UNIQUE (path, family),
                    UNIQUE (family, prefix)
                );
                CREATE INDEX allocation_by_kind_start ON allocation (kind, family, first);
                CREATE TRIGGER allocation_no_overlap BEFORE INSERT ON allocation
                WHEN EXISTS (SELECT 1 FROM allocation
                             WHERE kind = NEW.kind AND family = NEW.family AND first BETWEEN NEW.first AND NEW.last)
                  OR COALESCE((SELECT last >= NEW.first FROM allocation
                               WHERE kind = NEW.kind AND family = NEW.family AND first <= NEW.first
                               ORDER BY first DESC LIMIT 1), 0)
                BEGIN
                    SELECT RAISE(ABORT, 'allocation overlaps an existing block of the same kind');
                END;
                CREATE TABLE allocation_released (
                    id INTEGER PRIMARY KEY,
                    path TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    family INTEGER NOT NULL,
                    prefix TEXT NOT NULL,
                    region TEXT NOT NULL,
                    zone TEXT,
                    rack TEXT,
                    role TEXT,
                    agent TEXT,
                    released_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
                );
                CREATE TABLE allocation_meta (
                    key TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                );
                """)
        }),
    ]
}
