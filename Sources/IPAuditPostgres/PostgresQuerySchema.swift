/// The statements of the query feature's migrations (listed in `PostgresSchema`).
enum PostgresQuerySchema {
    static let wireEvents = [
        """
        CREATE TABLE wire_event (
            id           BIGSERIAL PRIMARY KEY,
            time         DOUBLE PRECISION NOT NULL,
            kind         TEXT NOT NULL,
            domain       TEXT COLLATE "C" NOT NULL,
            address      TEXT COLLATE "C" NOT NULL,
            mac          TEXT COLLATE "C" NOT NULL,
            previous_mac TEXT COLLATE "C"
        )
        """,
        "CREATE INDEX wire_event_by_time ON wire_event (time)",
        "CREATE INDEX wire_event_by_address ON wire_event (address, time)",
        "CREATE INDEX wire_event_by_mac ON wire_event (mac, time)",
        """
        CREATE TABLE store_setting (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        )
        """,
    ]

    static let queryIndexes = [
        "CREATE INDEX inventory_record_prefixes ON inventory_record (prefix) WHERE prefix IS NOT NULL",
        "CREATE INDEX observation_by_mac ON observation (mac)",
    ]
}
