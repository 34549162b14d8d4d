import IPAuditKit
import IPCore
import NIOConcurrencyHelpers
import PostgresNIO
import PostgresPackedRows

/// `show` and `history` on PostgreSQL, each one read-only transaction. Addresses inside a
/// prefix are found with the server's own `inet` containment, so IPv4 and IPv6 read alike.
extension PostgresStore: StoreQuerying {
    static let readOnly = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"

    public func inventoryRecords(naming address: IPAddress) throws -> [InventoryRecord] {
        let text = address.description
        return try transaction(idempotent: true, begin: Self.readOnly) { s in
            try records(s, "WHERE address = $1", text)
                + records(s, "WHERE prefix IS NOT NULL AND prefix::cidr >>= $1::inet", text)
        }
    }

    public func inventoryPrefixes(overlapping prefix: IPPrefix) throws -> [InventoryRecord] {
        try transaction(idempotent: true, begin: Self.readOnly) { s in
            try records(s, "WHERE prefix IS NOT NULL AND prefix::cidr && $1::cidr", prefix.description)
        }
    }

    public func observations(address: String) throws -> [Observation] {
        try transaction(idempotent: true, begin: Self.readOnly) { s in try observationRows(s, "address", address) }
    }

    public func latestSighting() throws -> Double? {
        try transaction(idempotent: true, begin: Self.readOnly) { s in
            try s.query("SELECT max(last_seen) FROM observation").first?.decode(Double?.self) ?? nil
        }
    }

    public func observations(mac: String) throws -> [Observation] {
        try transaction(idempotent: true, begin: Self.readOnly) { s in try observationRows(s, "mac", mac) }
    }

    public func addresses(inside prefix: IPPrefix, after: IPAddress?, limit: Int) throws -> [IPAddress] {
        // Only rows of the prefix's family are cast: a row of the other family never matches.
        let family = prefix.family == 4 ? "address NOT LIKE '%:%'" : "address LIKE '%:%'"
        let lower = after.map { $0.description } ?? prefix.first.description
        let strict = after != nil
        let rows = try transaction(idempotent: true, begin: Self.readOnly) { s in
            try s.query("""
                SELECT a FROM (
                    SELECT address AS a FROM observation WHERE \(unescaped: family) AND address::inet <<= \(prefix.description)::cidr
                    UNION
                    SELECT address FROM inventory_record WHERE address IS NOT NULL AND \(unescaped: family)
                        AND address::inet <<= \(prefix.description)::cidr
                ) x
                WHERE CASE WHEN \(strict) THEN a::inet > \(lower)::inet ELSE a::inet >= \(lower)::inet END
                ORDER BY a::inet LIMIT \(limit)
                """)
        }
        return try rows.map { row in
            let text = try row.decode(String.self)
            do { return try IPAddress(text) } catch {
                throw InputError(file: location.description, path: "observation", "stored row is corrupt: '\(text)' is not an address")
            }
        }
    }

    public func wireEvents(_ filter: WireEventFilter) throws -> [WireEvent] {
        let rows = try transaction(idempotent: true, begin: Self.readOnly) { s in
            try s.query("""
                SELECT time, kind, domain, address, mac, previous_mac FROM wire_event
                WHERE (\(filter.address)::text IS NULL OR address = \(filter.address))
                  AND (\(filter.mac)::text IS NULL OR mac = \(filter.mac))
                  AND (\(filter.since)::float8 IS NULL OR time >= \(filter.since))
                ORDER BY time, id
                """)
        }
        return try rows.map { row in
            let (time, kindText, domain, address, mac, previous) = try row.decode((Double, String, String, String, String, String?).self)
            guard let kind = WireEvent.Kind(rawValue: kindText) else {
                throw InputError(file: location.description, path: "wire_event", "stored row is corrupt: unknown kind '\(kindText)'")
            }
            return WireEvent(time: time, kind: kind, domain: domain, address: address, mac: mac, previousMAC: previous)
        }
    }

    private func records(_ s: PostgresSession, _ condition: String, _ argument: String) throws -> [InventoryRecord] {
        let collected = NIOLockedValueBox(Inventory())
        let location = location.description
        var binds = PostgresBindings()
        binds.append(argument)
        let query = PostgresQuery(unsafeSQL: "SELECT \(PackedInventoryRow.layout.sql) FROM inventory_record \(condition) ORDER BY id",
                                  binds: binds)
        try s.forEachRow(query) { row in try collected.withLockedValue { try Self.append(row, to: &$0, location: location) } }
        return collected.withLockedValue { $0.records }
    }

    private func observationRows(_ s: PostgresSession, _ column: String, _ value: String) throws -> [Observation] {
        var binds = PostgresBindings()
        binds.append(value)
        let query = PostgresQuery(unsafeSQL: """
            SELECT \(Self.observationLayout.sql) FROM observation WHERE \(column) = $1 ORDER BY domain, first_seen, mac
            """, binds: binds)
        return try s.query(query).map { try Self.observation($0, location: location.description) }
    }
}

/// Retention on PostgreSQL: each batch one transaction of at most `limit` rows per table.
extension PostgresStore: StoreRetaining {
    public func pruneBatch(before: Double, limit: Int) throws -> PruneCount {
        try transaction(idempotent: true) { s in
            let observations = try s.query("""
                WITH gone AS (DELETE FROM observation WHERE ctid IN
                    (SELECT ctid FROM observation WHERE last_seen < \(before) LIMIT \(limit)) RETURNING 1)
                SELECT count(*) FROM gone
                """).first?.decode(Int.self) ?? 0
            let events = try s.query("""
                WITH gone AS (DELETE FROM wire_event WHERE id IN
                    (SELECT id FROM wire_event WHERE time < \(before) ORDER BY time LIMIT \(limit)) RETURNING 1)
                SELECT count(*) FROM gone
                """).first?.decode(Int.self) ?? 0
            try Self.trimCoverage(s, before: before)
            return PruneCount(observations: observations, events: events)
        }
    }

    public func retention() throws -> Double? {
        try transaction(idempotent: true, begin: Self.readOnly) { s in
            try s.query("SELECT value FROM store_setting WHERE key = \(StoreSettingKey.retentionSeconds)")
                .first.flatMap { Double(try $0.decode(String.self)) }
        }
    }

    public func setRetention(_ seconds: Double?) throws {
        try transaction(idempotent: true) { s in
            if let seconds {
                try s.query("""
                    INSERT INTO store_setting (key, value) VALUES (\(StoreSettingKey.retentionSeconds), \(String(seconds)))
                    ON CONFLICT (key) DO UPDATE SET value = excluded.value
                    """)
            } else {
                try s.query("DELETE FROM store_setting WHERE key = \(StoreSettingKey.retentionSeconds)")
            }
        }
    }
}
