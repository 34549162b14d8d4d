import Foundation
import GRDB
import GRDBSQLite
import IPAuditKit
import IPCore

extension SQLiteStore: InventoryStoring {
    public func replaceInventory(_ sources: [(source: String, records: [InventoryRecord])]) throws {
        try replaceInventory(sources: sources.map { (source: $0.source, inventory: try Inventory(storing: $0.records)) })
    }

    /// One transaction: the sources' old rows go, the new ones are inserted through one
    /// prepared statement (see `SQLiteInventoryInsert`). A load bigger than what stays
    /// drops the table's indexes first and builds them again after the rows, in the same
    /// transaction: one sort per index instead of a B-tree insert per row, and a reader or a
    /// failed import still sees the old rows with their indexes.
    public func replaceInventory(sources: [(source: String, inventory: Inventory)]) throws {
        try dbQueue.writeWithoutTransaction { db in
            // For this connection only: room for the index sorts in memory instead of temp files.
            try db.execute(sql: "PRAGMA cache_size = -65536")
            try db.execute(sql: "PRAGMA temp_store = MEMORY")
        }
        let adding = sources.reduce(0) { $0 + $1.inventory.count }
        try withBulkJournal(adding >= Self.bulkRows) {
            try insertInventory(sources: sources, adding: adding)
        }
    }

    /// Loads of at least this many rows drop and rebuild the indexes, and may use the rollback journal.
    static let bulkRows = 10_000

    private func insertInventory(sources: [(source: String, inventory: Inventory)], adding: Int) throws {
        try write { db in
            for (source, _) in sources {
                try db.execute(sql: "DELETE FROM inventory_record WHERE source = ?", arguments: [source])
            }
            let kept = try Int.fetchOne(db, sql: "SELECT count(*) FROM inventory_record") ?? 0
            let indexes = adding >= Self.bulkRows && adding > kept ? try Row.fetchAll(db, sql: """
                SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'inventory_record' AND sql IS NOT NULL
                """).map { (name: $0["name"] as String, sql: $0["sql"] as String) } : []
            for index in indexes { try db.execute(sql: "DROP INDEX \(index.name.quotedDatabaseIdentifier)") }
            let statement = try db.makeStatement(sql: """
                INSERT INTO inventory_record (\(InventoryRowCodec.columnList))
                VALUES (\(Array(repeating: "?", count: InventoryRowCodec.columns.count).joined(separator: ", ")))
                """)
            var insert = SQLiteInventoryInsert(statement.sqliteStatement)
            // No binding may point at the caller's bytes once the rows are written (or failed).
            defer { sqlite3_clear_bindings(statement.sqliteStatement) }
            for (source, inventory) in sources { try inventory.encodeRows(source: source, into: &insert) }
            for index in indexes { try db.execute(sql: index.sql) }
        }
    }

    public func loadInventory() throws -> [InventoryRecord] {
        try read { db in try readInventory(db).records }
    }

    /// The stored inventory straight into `Inventory`'s columns, in import order, through a
    /// raw statement (see `SQLiteInventoryCells`): a million rows never sit in memory as GRDB
    /// rows or records, a row's cells are found from its first (`ResultRowLayout`) and text is
    /// read in place. A row another tool wrote wrong fails with its id and column instead of
    /// trapping or reading 'abc' as 0.
    /// `condition` (with `arguments`) narrows the rows, for `show`.
    func readInventory(_ db: Database, where condition: String? = nil, arguments: [String] = []) throws -> Inventory {
        var inventory = Inventory()
        let filter = condition.map { " WHERE \($0)" } ?? ""
        if condition == nil {
            // count(*) counts the smallest index page by page (milliseconds for a million rows).
            inventory.reserveCapacity(rows: try Int.fetchOne(db, sql: "SELECT count(*) FROM inventory_record") ?? 0)
        }
        let utf8 = try String.fetchOne(db, sql: "PRAGMA encoding") == "UTF-8"
        let statement = try db.makeStatement(sql: "SELECT id, \(InventoryRowCodec.columnList) FROM inventory_record\(filter) ORDER BY id")
        try statement.setArguments(StatementArguments(arguments))
        let raw = statement.sqliteStatement
        defer { sqlite3_reset(raw) }
        // Unprotected values (see `SQLiteInventoryCells.value`) are safe with the connection's
        // mutex held; a no-op (NULL mutex) in the multi-thread mode the store sets.
        let mutex = sqlite3_db_mutex(db.sqliteConnection)
        sqlite3_mutex_enter(mutex)
        defer { sqlite3_mutex_leave(mutex) }
        var layout: ResultRowLayout?, first = true
        while true {
            let code = sqlite3_step(raw)
            if code == SQLITE_DONE { break }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            if first {
                layout = ResultRowLayout.verified(raw)
                first = false
            }
            var cells = SQLiteInventoryCells(raw, layout: layout, utf8: utf8)
            do {
                try InventoryRowCodec.decode(&cells, into: &inventory)
            } catch {
                // Worded as the PostgreSQL reader words it: one message for one fault on either engine.
                throw InputError(file: path, path: "inventory_record[id=\(sqlite3_column_int64(raw, 0))]", "stored row is corrupt: \(error)")
            }
        }
        return inventory
    }

    public func inventorySources() throws -> [(source: String, count: Int)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT source, count(*) AS n FROM inventory_record GROUP BY source ORDER BY source")
                .map { (source: $0["source"], count: $0["n"]) }
        }
    }
}
