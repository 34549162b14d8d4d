import GRDB

/// Tables for `history` and retention: owned by the query feature.
///
/// - `wire_event`: arpwatch's log (new station, changed MAC, flip-flop, moved back), written in
///   the transaction that saves the observations raising them. Indexed by address, MAC and time
///   so `history` of one station and `prune` by age are index ranges.
/// - `store_setting`: key/value settings of the store as a whole (the retention the watcher applies).
enum WireEventSchema {
    static let migrations: [(String, @Sendable (Database) throws -> Void)] = [
        ("wire-event-v1", { db in
            try db.execute(sql: """
                CREATE TABLE wire_event (
                    id           INTEGER PRIMARY KEY,
                    time         REAL    NOT NULL,
                    kind         TEXT    NOT NULL,
                    domain       TEXT    NOT NULL,
                    address      TEXT    NOT NULL,
                    mac          TEXT    NOT NULL,
                    previous_mac TEXT
                );
                CREATE INDEX wire_event_by_time ON wire_event (time);
                CREATE INDEX wire_event_by_address ON wire_event (address, time);
                CREATE INDEX wire_event_by_mac ON wire_event (mac, time);
                CREATE TABLE store_setting (
                    key   TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                );
                """)
        }),
        // `show` asks for the subnets that hold an address and the addresses a MAC held: without
        // these both read whole tables. The prefix index is partial (few rows are prefixes), so
        // an import of host records does not maintain it.
        ("query-index-v1", { db in
            try db.execute(sql: """
                CREATE INDEX inventory_record_prefixes ON inventory_record (prefix) WHERE prefix IS NOT NULL;
                CREATE INDEX observation_by_mac ON observation (mac);
                """)
        }),
    ]
}
