import IPAuditKit
import IPCore
import GRDB

/// Tables for `import` / `audit`: owned by the inventory feature.
///
/// One row per imported record, keyed by the source it came from: re-importing a source
/// deletes its rows and inserts the new ones in one transaction. Addresses are canonical
/// text (IPv4-mapped already unmapped); labels are a JSON object.
enum InventorySchema {
    static let migrations: [(String, @Sendable (Database) throws -> Void)] = [
        ("inventory-v1", { db in
            try db.execute(sql: """
                CREATE TABLE inventory_record (
                    id          INTEGER PRIMARY KEY,
                    source      TEXT    NOT NULL,
                    address     TEXT,
                    prefix      TEXT,
                    mapped_ipv4 INTEGER NOT NULL DEFAULT 0,
                    name        TEXT    NOT NULL,
                    role        TEXT    NOT NULL,
                    region      TEXT,
                    zone        TEXT,
                    rack        TEXT,
                    mac         TEXT,
                    network     TEXT,
                    vlan        INTEGER,
                    host        TEXT,
                    live        INTEGER NOT NULL DEFAULT 1,
                    labels      TEXT    NOT NULL DEFAULT '{}',
                    file        TEXT,
                    line        INTEGER,
                    path        TEXT,
                    CHECK ((address IS NULL) <> (prefix IS NULL))
                )
                """)
            try db.execute(sql: "CREATE INDEX inventory_record_by_source ON inventory_record(source)")
            try db.execute(sql: "CREATE INDEX inventory_record_by_address ON inventory_record(address)")
        }),
    ]
}
