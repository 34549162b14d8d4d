import Foundation
import GRDB
import IPCore

/// Where imported inventories are kept: the SQLite file, or PostgreSQL in fleet mode.
public protocol InventoryStoring: Sendable {
    /// Replaces every row of each named source with its records, all in one transaction:
    /// readers see the old rows or the new, never a mix, and a failure leaves the old rows.
    func replaceInventory(_ sources: [(source: String, records: [InventoryRecord])]) throws
    /// Every stored record, in import order.
    func loadInventory() throws -> [InventoryRecord]
    /// Source names with their row counts.
    func inventorySources() throws -> [(source: String, count: Int)]
}

extension InventoryStoring {
    public func replaceInventory(source: String, with records: [InventoryRecord]) throws {
        try replaceInventory([(source: source, records: records)])
    }
}

extension SQLiteStore: InventoryStoring {
    public func replaceInventory(_ sources: [(source: String, records: [InventoryRecord])]) throws {
        try write { db in
            for (source, _) in sources {
                try db.execute(sql: "DELETE FROM inventory_record WHERE source = ?", arguments: [source])
            }
            let insert = try db.cachedStatement(sql: """
                INSERT INTO inventory_record (source, address, prefix, mapped_ipv4, name, role, region, zone, rack,
                                              mac, network, vlan, host, live, labels, file, line, path)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            for (source, records) in sources {
              for r in records {
                let labels = String(decoding: try encoder.encode(r.labels), as: UTF8.self)
                let values: [(any DatabaseValueConvertible)?] = [
                    source, r.address?.description, r.prefix?.description, r.mappedIPv4, r.name, r.role.description,
                    r.region, r.zone, r.rack, r.mac, r.network, r.vlan, r.host, r.live, labels, r.file, r.line, r.path,
                ]
                try insert.execute(arguments: StatementArguments(values))
              }
            }
        }
    }

    public func loadInventory() throws -> [InventoryRecord] {
        try read { db in
            var records: [InventoryRecord] = []
            try forEachRecord(db) { records.append($0) }
            return records
        }
    }

    /// The stored inventory straight into `Inventory`'s columns, without a record array.
    func readInventory(_ db: Database) throws -> Inventory {
        var inventory = Inventory()
        try forEachRecord(db) { inventory.append($0) }
        return inventory
    }

    /// Every stored record in import order, read through a cursor by column index: a
    /// million rows never sit in memory as GRDB rows, and no column is looked up by name.
    func forEachRecord(_ db: Database, _ body: (InventoryRecord) -> Void) throws {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT id, source, address, prefix, mapped_ipv4, name, role, region, zone, rack, mac, network, vlan, host,
                   live, labels, file, line, path
            FROM inventory_record ORDER BY id
            """)
        while let row = try rows.next() {
            let roleText: String = row[6]
            let addressText: String? = row[2]
            let prefixText: String? = row[3]
            let vlan: Int? = row[12], line: Int? = row[17]
            do {
                // The same checks as the PostgreSQL reader: a row another tool wrote must not
                // trap a conversion later or lose its labels silently.
                guard let labels = InventoryRecord.storedLabels(row[15]) else {
                    throw InputError(field: "labels", "not a JSON object of strings")
                }
                if let bad = InventoryRecord.storedRangeProblem(vlan: vlan, line: line) {
                    throw InputError(field: bad.field, bad.problem)
                }
                body(InventoryRecord(
                    address: try addressText.map { try IPAddress($0) }, prefix: try prefixText.map { try IPPrefix($0) },
                    mappedIPv4: row[4], name: row[5], role: InventoryRole(text: roleText) ?? .other,
                    region: row[7], zone: row[8], rack: row[9], mac: row[10], network: row[11], vlan: vlan,
                    host: row[13], live: row[14], labels: labels, source: row[1], file: row[16], line: line, path: row[18]))
            } catch {
                let id: Int64 = row[0]
                throw InputError(file: path, path: "inventory_record[id=\(id)]", "stored row is corrupt: \(error)")
            }
        }
    }

    public func inventorySources() throws -> [(source: String, count: Int)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT source, count(*) AS n FROM inventory_record GROUP BY source ORDER BY source")
                .map { (source: $0["source"], count: $0["n"]) }
        }
    }
}

extension InventoryRecord {
    /// The stored `labels` column: a JSON object of strings, nil when it is not one. Most rows
    /// hold `{}`, which skips the decoder.
    public static func storedLabels(_ text: String) -> [String: String]? {
        if text == "{}" { return [:] }
        return try? JSONDecoder().decode([String: String].self, from: Data(text.utf8))
    }

    /// Why a stored `vlan` or `line` cannot be kept (the columns hold more than an inventory
    /// row does: a VLAN id, a line number of a file), else nil.
    public static func storedRangeProblem(vlan: Int?, line: Int?) -> (field: String, problem: String)? {
        if let vlan, !(0...4095).contains(vlan) { return ("vlan", "\(vlan) is out of 0...4095") }
        if let line, !(1...Int(UInt32.max)).contains(line) { return ("line", "\(line) is out of range") }
        return nil
    }
}
