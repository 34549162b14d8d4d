import Foundation
import GRDB
import GRDBSQLite
import Testing
@testable import IPAuditKit
@testable import IPAuditStorage
import IPCore

/// The audit's read of the stored inventory: cells found from the row's first one
/// (`ResultRowLayout`, checked against SQLite's own answer) and text read in place.
@Suite("Inventory read path")
struct InventoryReadPathTests {
    @Test("The inventory SELECT's row layout is verified, so the tests run the path the audit takes")
    func layoutIsVerified() throws {
        let (store, dir) = try TemporaryStore.sqlite()
        defer { try? FileManager.default.removeItem(at: dir) }
        try store.replaceInventory(source: "s", with: [InventoryRecord(address: try IPAddress("10.0.0.1"), name: "a")])
        let strides = try store.read { db -> [Int?] in
            var out: [Int?] = []
            for sql in ["SELECT id, \(InventoryRowCodec.columnList) FROM inventory_record", "SELECT id FROM inventory_record"] {
                let statement = try db.makeStatement(sql: sql)
                defer { sqlite3_reset(statement.sqliteStatement) }
                #expect(sqlite3_step(statement.sqliteStatement) == SQLITE_ROW)
                out.append(ResultRowLayout.verified(statement.sqliteStatement)?.stride)
            }
            return out
        }
        #expect(strides[0].map { $0 > 0 } == true)
        #expect(strides[1] == nil)   // one column: nothing to lay out
    }

    @Test("An empty, a unicode and a long text read in place come back whole; NULL stays NULL")
    func textsReadInPlace() throws {
        let (store, dir) = try TemporaryStore.sqlite()
        defer { try? FileManager.default.removeItem(at: dir) }
        let long = String(repeating: "r", count: 5000)   // spills onto an overflow page
        let records = [
            InventoryRecord(address: try IPAddress("10.0.0.1"), name: "", zone: "zoné-ü", rack: long, source: "s"),
            InventoryRecord(address: try IPAddress("10.0.0.2"), name: "b", region: nil, labels: ["k": "v"], source: "s"),
        ]
        try store.replaceInventory(source: "s", with: records)
        let loaded = try store.loadInventory()
        #expect(loaded == records)
        // An empty name is stored as '' and read back as '' (SQLite gives an empty text no pointer).
        #expect(loaded.first?.name == "" && loaded.last?.region == nil)
    }
}
