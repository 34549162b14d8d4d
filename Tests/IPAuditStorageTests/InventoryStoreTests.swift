import Foundation
import Testing
@testable import IPAuditKit
import IPAuditStorage
import IPCore

@Suite("Inventory store")
struct InventoryStoreTests {
    func temporaryStore() throws -> (SQLiteStore, URL) {
        try TemporaryStore.sqlite(named: "store.db")
    }

    @Test("A stored row another tool wrote wrong is refused with its id and field, never a trap",
          arguments: [("labels", "'[1, 2]'", "NULL", "NULL"), ("vlan", "'{}'", "5000000000", "NULL"),
                      ("line", "'{}'", "NULL", "-1")])
    func corruptRows(field: String, labels: String, vlan: String, line: String) throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try store.write { db in
            try db.execute(sql: """
                INSERT INTO inventory_record (source, address, name, role, labels, vlan, line)
                VALUES ('hand', '10.0.0.1', 'broken', 'agent', \(labels), \(vlan), \(line))
                """)
        }
        for read in [{ _ = try store.loadInventory() }, { _ = try store.inventoryAndObservations() }] {
            let error = try #require(throws: InputError.self) { try read() }
            #expect(error.description.contains("inventory_record[id=1]"), "\(error)")
            #expect(error.description.contains(field), "\(error)")
        }
    }

    @Test("A cell of the wrong storage class is refused by column, not converted (SQLite has no column types)",
          arguments: [("vlan", "'abc'"), ("live", "2"), ("mapped_ipv4", "'yes'"), ("line", "1.5"), ("region", "x'00'")])
    func wrongStorageClass(column: String, value: String) throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try store.write { db in
            try db.execute(sql: """
                INSERT INTO inventory_record (source, address, name, role, \(column))
                VALUES ('hand', '10.0.0.1', 'x', 'agent', \(value))
                """)
        }
        for read in [{ _ = try store.loadInventory() }, { _ = try store.inventoryAndObservations() }] {
            let error = try #require(throws: InputError.self) { try read() }
            #expect(error.description.contains("inventory_record[id=1]"), "\(error)")
            #expect(error.description.contains("column \(column)"), "\(error)")
        }
    }

    @Test("Records round-trip through the store, labels and all")
    func roundTrip() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let records = try InventoryFixture.load("cluster.csv").records + InventoryFixture.load("netbox-prefixes.csv").records
        try store.replaceInventory(source: "cluster", with: records)
        let loaded = try store.loadInventory()
        var expected = records
        for i in expected.indices { expected[i].source = "cluster" }
        #expect(loaded == expected)
    }

    @Test("Re-importing a source replaces only its rows")
    func replace() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = InventoryRecord(address: try IPAddress("10.0.0.1"), name: "a", source: "one")
        let b = InventoryRecord(address: try IPAddress("10.0.0.2"), name: "b", source: "two")
        let c = InventoryRecord(address: try IPAddress("10.0.0.3"), name: "c", source: "one")
        try store.replaceInventory([(source: "one", records: [a]), (source: "two", records: [b])])
        try store.replaceInventory(source: "one", with: [c])
        #expect(try store.loadInventory().map(\.name).sorted() == ["b", "c"])
        #expect(try store.inventorySources().map(\.count) == [1, 1])
    }

    @Test("A failing replace leaves the old rows (one transaction)")
    func atomic() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = InventoryRecord(address: try IPAddress("10.0.0.1"), name: "a", source: "one")
        try store.replaceInventory(source: "one", with: [a])
        // A record with neither address nor prefix violates the table's CHECK constraint.
        let broken = InventoryRecord(name: "broken", source: "one")
        #expect(throws: (any Error).self) { try store.replaceInventory(source: "one", with: [a, broken]) }
        #expect(try store.loadInventory().map(\.name) == ["a"])
    }
}
