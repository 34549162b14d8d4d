import GRDB
import IPAuditKit
import IPCore

/// `show` and `history` on the SQLite file: each answer is a handful of index lookups
/// (`inventory_record_by_address`, `observation_by_address`, the `wire_event` indexes).
extension SQLiteStore: StoreQuerying {
    public func inventoryRecords(naming address: IPAddress) throws -> [InventoryRecord] {
        try read { db in
            var out = try records(db, where: "address = ?", [address.description])
            out += try records(db, where: Self.prefixRows, []).filter { $0.prefix?.contains(address) ?? false }
            return out
        }
    }

    public func inventoryPrefixes(overlapping prefix: IPPrefix) throws -> [InventoryRecord] {
        try read { db in
            try records(db, where: Self.prefixRows, []).filter { $0.prefix?.overlaps(prefix) ?? false }
        }
    }

    public func observations(address: String) throws -> [Observation] {
        try read { db in try observationRows(db, where: "address = ?", [address]) }
    }

    public func latestSighting() throws -> Double? {
        try read { db in try Double.fetchOne(db, sql: "SELECT max(last_seen) FROM observation") }
    }

    public func observations(mac: String) throws -> [Observation] {
        // Through observation_by_mac (query-index-v1).
        try read { db in try observationRows(db, where: "mac = ?", [mac]) }
    }

    public func addresses(inside prefix: IPPrefix, after: IPAddress?, limit: Int) throws -> [IPAddress] {
        try read { db in
            func keep(_ texts: [String]) -> [IPAddress] {
                texts.compactMap { try? IPAddress($0) }.filter { address in prefix.contains(address) && (after.map { $0 < address } ?? true) }
            }
            var found = Set<IPAddress>()
            if case .v4 = prefix {
                // Block by block in address order; a full page ends the walk at the block's end.
                for block in IPv4TextBlocks.blocks(covering: prefix, after: after) {
                    for table in ["observation", "inventory_record"] {
                        let texts = try String.fetchAll(db, sql: "SELECT DISTINCT address FROM \(table) WHERE address >= ? AND address < ?",
                                                        arguments: [block.low, block.high])
                        found.formUnion(keep(texts))
                    }
                    if found.count >= limit { break }
                }
            } else {
                for table in ["observation", "inventory_record"] {
                    found.formUnion(keep(try String.fetchAll(db, sql: "SELECT DISTINCT address FROM \(table) WHERE instr(address, ':') > 0")))
                }
            }
            return Array(found.sorted().prefix(limit))
        }
    }

    public func wireEvents(_ filter: WireEventFilter) throws -> [WireEvent] {
        var conditions: [String] = [], arguments: [(any DatabaseValueConvertible)?] = []
        if let address = filter.address { conditions.append("address = ?"); arguments.append(address) }
        if let mac = filter.mac { conditions.append("mac = ?"); arguments.append(mac) }
        if let since = filter.since { conditions.append("time >= ?"); arguments.append(since) }
        let clause = conditions.isEmpty ? "" : " WHERE " + conditions.joined(separator: " AND ")
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT time, kind, domain, address, mac, previous_mac FROM wire_event\(clause) ORDER BY time, id
                """, arguments: StatementArguments(arguments)).map { row in
                let kindText: String = row[1]
                guard let kind = WireEvent.Kind(rawValue: kindText) else {
                    throw InputError(file: path, path: "wire_event", "stored row is corrupt: unknown kind '\(kindText)'")
                }
                return WireEvent(time: row[0], kind: kind, domain: row[2], address: row[3], mac: row[4], previousMAC: row[5])
            }
        }
    }

    /// Subnet records, through the partial index `inventory_record_prefixes` (a plain
    /// `prefix IS NOT NULL` would walk the whole table in id order).
    static let prefixRows = "id IN (SELECT id FROM inventory_record WHERE prefix IS NOT NULL)"

    func records(_ db: Database, where condition: String, _ arguments: [String]) throws -> [InventoryRecord] {
        try readInventory(db, where: condition, arguments: arguments).records
    }

    func observationRows(_ db: Database, where condition: String, _ arguments: [String]) throws -> [Observation] {
        try Row.fetchAll(db, sql: """
            SELECT domain, address, mac, first_seen, last_seen, frames FROM observation WHERE \(condition)
            ORDER BY domain, first_seen, mac
            """, arguments: StatementArguments(arguments)).map(observation)
    }
}
