import Foundation
import IPAuditKit
import IPCore
import NIOConcurrencyHelpers
import PostgresNIO

/// `InventoryStoring` on PostgreSQL: a re-import deletes the source's rows and inserts the
/// new ones in one transaction, holding an advisory lock per source so two concurrent
/// imports of one source cannot both keep their rows.
extension PostgresStore: InventoryStoring {
    /// Rows per INSERT: 18 parameters each stays far below the protocol's 65,535.
    static let inventoryBatch = 1_000

    public func replaceInventory(_ sources: [(source: String, records: [InventoryRecord])]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoded once, outside the retry loop.
        var batches: [PostgresQuery] = []
        for (source, records) in sources {
            var start = 0
            while start < records.count {
                let chunk = records[start..<min(start + Self.inventoryBatch, records.count)]
                batches.append(try Self.insert(source: source, chunk, encoder: encoder))
                start += Self.inventoryBatch
            }
        }
        // Sorted, so two imports naming the same sources lock them in one order.
        let names = Set(sources.map(\.source)).sorted()
        try transaction(idempotent: true) { s in
            for name in names {
                try s.query("SELECT pg_advisory_xact_lock(hashtextextended(\("inventory:" + name), 0))")
                try s.query("DELETE FROM inventory_record WHERE source = \(name)")
            }
            for batch in batches { try s.query(batch) }
        }
    }

    static func insert(source: String, _ records: ArraySlice<InventoryRecord>, encoder: JSONEncoder) throws -> PostgresQuery {
        var sql = """
            INSERT INTO inventory_record (source, address, prefix, mapped_ipv4, name, role, region, zone, rack,
                                          mac, network, vlan, host, live, labels, file, line, path) VALUES
            """
        var binds = PostgresBindings(capacity: records.count * 18)
        for (i, r) in records.enumerated() {
            let base = i * 18
            sql += (i == 0 ? " (" : ", (") + (1...18).map { "$\(base + $0)" }.joined(separator: ", ") + ")"
            binds.append(source)
            binds.append(r.address?.description)
            binds.append(r.prefix?.description)
            binds.append(r.mappedIPv4)
            binds.append(r.name)
            binds.append(r.role.description)
            binds.append(r.region)
            binds.append(r.zone)
            binds.append(r.rack)
            binds.append(r.mac)
            binds.append(r.network)
            binds.append(r.vlan)
            binds.append(r.host)
            binds.append(r.live)
            binds.append(String(decoding: try encoder.encode(r.labels), as: UTF8.self))
            binds.append(r.file)
            binds.append(r.line)
            binds.append(r.path)
        }
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    public func loadInventory() throws -> [InventoryRecord] {
        let location = self.location.description
        return try transaction(idempotent: true, begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { s in
            // Streamed and decoded row by row: a fleet's inventory runs to a million rows.
            let collected = NIOLockedValueBox([InventoryRecord]())
            try s.forEachRow("""
                SELECT id, source, address, prefix, mapped_ipv4, name, role, region, zone, rack, mac, network, vlan,
                       host, live, labels, file, line, path
                FROM inventory_record ORDER BY id
                """) { row in
                let record = try Self.record(row, location: location)
                collected.withLockedValue { $0.append(record) }
            }
            return collected.withLockedValue { $0 }
        }
    }

    static func record(_ row: PostgresRow, location: String) throws -> InventoryRecord {
        let (id, source, address, prefix, mapped, name, role, region, zone, rack, mac, network, vlan,
             host, live, labelsText, file, line, path) =
            try row.decode((Int, String, String?, String?, Bool, String, String, String?, String?, String?,
                            String?, String?, Int?, String?, Bool, String, String?, Int?, String?).self)
        do {
            // Most rows have no extra labels: skip the JSON decoder for those.
            let labels = labelsText == "{}" ? [:]
                : (try? JSONDecoder().decode([String: String].self, from: Data(labelsText.utf8))) ?? [:]
            return InventoryRecord(
                address: try address.map { try IPAddress($0) }, prefix: try prefix.map { try IPPrefix($0) },
                mappedIPv4: mapped, name: name, role: InventoryRole(text: role) ?? .other, region: region,
                zone: zone, rack: rack, mac: mac, network: network, vlan: vlan, host: host, live: live,
                labels: labels, source: source, file: file, line: line, path: path)
        } catch {
            throw InputError(file: location, path: "inventory_record[id=\(id)]", "stored row is corrupt: \(error)")
        }
    }

    public func inventorySources() throws -> [(source: String, count: Int)] {
        try transaction(idempotent: true) { s in
            try s.query("SELECT source, count(*) FROM inventory_record GROUP BY source ORDER BY source COLLATE \"C\"").map { row in
                let (source, count) = try row.decode((String, Int).self)
                return (source: source, count: count)
            }
        }
    }
}
