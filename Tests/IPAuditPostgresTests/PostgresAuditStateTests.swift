import Foundation
import IPAuditKit
import IPAuditStorage
import IPCore
import Testing
@testable import IPAuditPostgres

/// The audit's bulk read (packed rows, two connections on one snapshot) gives exactly what
/// SQLite gives, and refuses stored rows it cannot read with the row and column named.
@Suite(.requires(.postgres)) struct PostgresAuditStateTests {
    static func records() throws -> [InventoryRecord] {
        [
            InventoryRecord(address: try IPAddress("10.0.0.1"), name: "agent-1.zone-a.example.internal", role: .agent,
                            region: "eu-west", zone: "zone-a", rack: "r1", mac: "02:00:00:00:00:01", vlan: 0,
                            labels: ["note": "tab\there, \"quoted\", ünïcode, {braces}"], source: "mesos",
                            file: "mesos.json", line: 7, path: "$.slaves[0].hostname"),
            InventoryRecord(address: try IPAddress("10.0.0.7"), mappedIPv4: true, name: "task,with,commas\nand a newline",
                            role: .app, zone: "zone-a", network: "dcos", vlan: 4095, host: "10.0.0.1", live: false,
                            source: "marathon"),
            InventoryRecord(prefix: try IPPrefix("10.0.0.0/24"), name: "zone-a underlay", role: .other, source: "netbox",
                            file: "netbox.csv", line: 2),
            InventoryRecord(address: try IPAddress("2001:db8::1"), name: "", role: .vip, source: "netbox"),
        ]
    }

    static let observations = [
        Observation(address: "10.0.0.1", mac: "02:00:00:00:00:01", domain: "agent-1/eth0", firstSeen: 1_700_000_000.123456,
                    lastSeen: 1_700_000_000.1, frames: 3),
        Observation(address: "10.0.0.1", mac: "02:00:00:00:00:99", domain: "agent-2/eth0/vlan:7", firstSeen: 0.1,
                    lastSeen: 1e-300, frames: Int(Int32.max) * 4),
        Observation(address: "2001:db8::99", mac: "02:00:00:00:00:02", domain: "agent-2/eth0", firstSeen: 5, lastSeen: 6, frames: 1),
    ]

    @Test func auditStateMatchesSQLite() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-auditstate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let local = try LocalStore(path: dir.appendingPathComponent("s.db").path)
        let remote = try PostgresStore(url: db.url)
        let grouped = Dictionary(grouping: try Self.records(), by: \.source).map { (source: $0.key, records: $0.value) }
        for store in [local, remote] as [any IPAuditStore] {
            try store.replaceInventory(grouped.sorted { $0.source < $1.source })
            try store.saveObservations(Self.observations)
        }
        let expected = try local.auditState(), got = try remote.auditState()
        #expect(got.inventory.records == expected.inventory.records)
        #expect(got.inventory.records.count == 4)
        #expect(Set(got.observations) == Set(Self.observations))
        #expect(got.observations.count == Self.observations.count)
        // The one-table reads agree with the bulk read.
        #expect(try remote.loadInventory() == got.inventory.records)
        #expect(Set(try remote.observations()) == Set(got.observations))

        let audit = { (state: StoredAuditState) in
            try FindingsRenderer.json(Auditor.audit(AuditInput(inventory: state.inventory, observations: state.observations)))
        }
        #expect(try audit(got) == audit(expected))
        #expect(try audit(got).contains("2001:db8::99"))  // unknown-address really ran
    }

    @Test func oneConnectionDatabaseStillAudits() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let owner = try PostgresStore(url: db.url)
        try owner.replaceInventory(source: "s", with: try Self.records())
        try owner.saveObservations(Self.observations)
        let expected = try owner.loadInventory()
        // A database that takes one connection: the helper connection is refused, the audit goes on.
        let name = try PostgresLocation(url: db.url).database
        try owner.transaction(idempotent: false) { s in try s.execute("ALTER DATABASE \(name) CONNECTION LIMIT 1") }
        owner.close()
        // The server counts the closed connection until its backend has exited: wait for that.
        var opened: PostgresStore?
        for _ in 0..<50 where opened == nil {
            opened = try? PostgresStore(url: db.url)
            if opened == nil { Thread.sleep(forTimeInterval: 0.1) }
        }
        let limited = try #require(opened, "the one connection never became free")
        let state = try limited.auditState()
        #expect(state.inventory.records == expected)
        #expect(Set(state.observations) == Set(Self.observations))
        // And the limit is real: a second store cannot connect meanwhile.
        #expect(throws: InputError.self) { _ = try PostgresStore(url: db.url) }
        limited.close()
    }

    /// Writes one row behind the store's back, as a broken tool or a hand edit would.
    static func insertRaw(_ store: PostgresStore, _ sql: String) throws {
        try store.transaction(idempotent: false) { s in try s.execute(sql) }
    }

    @Test("Both engines refuse the same damaged row with the same words (one row codec)", arguments: [
        ("'not-an-ip'", "NULL", "'{}'", "NULL"),
        ("NULL", "'10.0.0.1/24'", "'{}'", "NULL"),
        ("'10.0.0.1'", "NULL", "'[1, 2]'", "NULL"),
        ("'10.0.0.1'", "NULL", "'{}'", "5000"),
        ("'10.0.0.1'", "'10.0.0.0/24'", "'{}'", "NULL"),
    ])
    func damagedRowsReadAlike(address: String, prefix: String, labels: String, vlan: String) throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-parity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let sqlite = try SQLiteStore(path: dir.appendingPathComponent("s.db").path)
        let remote = try PostgresStore(url: db.url)
        let insert = """
            INSERT INTO inventory_record (source, address, prefix, name, role, labels, vlan)
            VALUES ('hand', \(address), \(prefix), 'broken', 'agent', \(labels), \(vlan))
            """
        // The CHECK constraint keeps both-or-neither rows out of both engines alike.
        let constrained = address != "NULL" && prefix != "NULL"
        do {
            try sqlite.write { db in try db.execute(sql: insert) }
            try Self.insertRaw(remote, insert)
            #expect(!constrained)
        } catch {
            #expect(constrained, "\(error)")
            return
        }
        func problem(_ read: () throws -> Void) -> String? {
            do { try read(); return nil } catch { return "\(error)".components(separatedBy: "stored row is corrupt: ").last }
        }
        let local = problem { _ = try sqlite.loadInventory() }
        let fleet = problem { _ = try remote.loadInventory() }
        #expect(local != nil)
        #expect(local == fleet)
        #expect(problem { _ = try remote.auditState() } == local)
    }

    @Test(arguments: [
        ("address", "'not-an-ip'", "NULL", "'{}'", "NULL"),
        ("prefix", "NULL", "'10.0.0.1/24'", "'{}'", "NULL"),
        ("labels", "'10.0.0.1'", "NULL", "'[1, 2]'", "NULL"),
        ("vlan", "'10.0.0.1'", "NULL", "'{}'", "5000"),
    ])
    func corruptRowIsRefusedNamingRowAndColumn(column: String, address: String, prefix: String, labels: String,
                                               vlan: String) throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let store = try PostgresStore(url: db.url)
        try store.replaceInventory(source: "good", with: [try Self.records()[0]])
        try Self.insertRaw(store, """
            INSERT INTO inventory_record (source, address, prefix, name, role, labels, vlan)
            VALUES ('hand', \(address), \(prefix), 'broken', 'agent', \(labels), \(vlan))
            """)
        for read in [{ _ = try store.loadInventory() }, { _ = try store.auditState() }] {
            let error = try #require(throws: InputError.self) { try read() }
            #expect(error.description.contains("inventory_record[id=2]"), "\(error)")
            #expect(error.description.contains("column \(column)"), "\(error)")
            #expect(error.description.contains("stored row is corrupt"), "\(error)")
        }
    }
}
