import Foundation
import GRDB
import IPAuditKit
import IPCore

extension SQLiteStore: InventoryStoring {
    public func replaceInventory(_ sources: [(source: String, records: [InventoryRecord])]) throws {
        try write { db in
            for (source, _) in sources {
                try db.execute(sql: "DELETE FROM inventory_record WHERE source = ?", arguments: [source])
            }
            let columns = InventoryRowCodec.columns
            let insert = try db.cachedStatement(sql: """
                INSERT INTO inventory_record (\(InventoryRowCodec.columnList))
                VALUES (\(Array(repeating: "?", count: columns.count).joined(separator: ", ")))
                """)
            for (source, records) in sources {
                for r in records {
                    let values = try InventoryRowCodec.values(source: source, r).map(Self.databaseValue)
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
    /// Each cell is checked against its column (see `InventoryRowCodec`): a row another tool
    /// wrote fails with its id and column instead of trapping or reading 'abc' as 0.
    /// `condition` (with `arguments`) narrows the rows, for `show`.
    func forEachRecord(_ db: Database, where condition: String? = nil, arguments: [String] = [],
                       _ body: (InventoryRecord) -> Void) throws {
        let filter = condition.map { " WHERE \($0)" } ?? ""
        let rows = try Row.fetchCursor(db, sql: "SELECT id, \(InventoryRowCodec.columnList) FROM inventory_record\(filter) ORDER BY id",
                                       arguments: StatementArguments(arguments))
        var cells: [InventoryRowCodec.Value] = []
        while let row = try rows.next() {
            let id: DatabaseValue = row[0]
            do {
                cells.removeAll(keepingCapacity: true)
                for index in InventoryRowCodec.columns.indices {
                    cells.append(try InventoryRowCodec.check(try Self.cell(row[index + 1], column: index), column: index))
                }
                body(try InventoryRowCodec.record(cells))
            } catch {
                // Worded as the PostgreSQL reader words it: one message for one fault on either engine.
                throw InputError(file: path, path: "inventory_record[id=\(id)]", "stored row is corrupt: \(error)")
            }
        }
    }

    /// SQLite's storage class of a cell, mapped without conversion: 'abc' in an INTEGER
    /// column stays text (and fails the column check), 1 in a flag column becomes true.
    static func cell(_ value: DatabaseValue, column index: Int) throws -> InventoryRowCodec.Value {
        switch value.storage {
        case .null: return .null
        case .string(let s): return .text(s)
        case .int64(let n):
            if InventoryRowCodec.columns[index].kind == .flag {
                guard n == 0 || n == 1 else {
                    throw InventoryRowCodec.Mismatch(column: InventoryRowCodec.columns[index].name, problem: "\(n) is not 0 or 1")
                }
                return .flag(n == 1)
            }
            return .integer(Int(n))
        case .double(let d):
            throw InventoryRowCodec.Mismatch(column: InventoryRowCodec.columns[index].name, problem: "holds the real number \(d)")
        case .blob:
            throw InventoryRowCodec.Mismatch(column: InventoryRowCodec.columns[index].name, problem: "holds a blob")
        }
    }

    static func databaseValue(_ value: InventoryRowCodec.Value) -> DatabaseValue {
        switch value {
        case .text(let s): s.databaseValue
        case .integer(let n): n.databaseValue
        case .flag(let b): b.databaseValue
        case .null: .null
        }
    }

    public func inventorySources() throws -> [(source: String, count: Int)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT source, count(*) AS n FROM inventory_record GROUP BY source ORDER BY source")
                .map { (source: $0["source"], count: $0["n"]) }
        }
    }
}
