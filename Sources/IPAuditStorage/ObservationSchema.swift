import IPAuditKit
import IPCore
import GRDB

/// Tables for `scan --store`: owned by the capture feature.
///
/// One row per (L2 domain, address, MAC): what the wire showed, merged across runs so
/// `audit` can join it with the inventory. Addresses are canonical text (RFC 5952 for IPv6)
/// so the join is a plain string comparison.
enum ObservationSchema {
    static let migrations: [(String, @Sendable (Database) throws -> Void)] = [
        ("observation-v1", { db in
            try db.execute(sql: """
                CREATE TABLE observation (
                    domain     TEXT    NOT NULL,
                    address    TEXT    NOT NULL,
                    mac        TEXT    NOT NULL,
                    first_seen REAL    NOT NULL,
                    last_seen  REAL    NOT NULL,
                    frames     INTEGER NOT NULL CHECK (frames >= 0),
                    PRIMARY KEY (domain, address, mac)
                ) WITHOUT ROWID
                """)
            try db.execute(sql: "CREATE INDEX observation_by_address ON observation(address)")
        }),
    ]
}
