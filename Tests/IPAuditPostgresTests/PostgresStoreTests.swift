import Foundation
import IPAuditKit
import IPAuditStorage
import IPCore
import Testing
@testable import IPAuditPostgres

/// The PostgreSQL store behaves like the SQLite one through the same protocols.
@Suite(.requires(.postgres)) struct PostgresStoreTests {
    func sqlite() throws -> (LocalStore, @Sendable () -> Void) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-pgparity-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return (try LocalStore(path: dir.appendingPathComponent("s.db").path), { try? FileManager.default.removeItem(at: dir) })
    }

    static func plan(regions: String, zones: String = "2", racks: Int = 2) -> Plan {
        var plan = Plan()
        plan.regions = QuickTopology.regions(QuickTopology.Names(regions)!, zones: QuickTopology.Names(zones)!, racks: racks)
        return plan
    }

    static let ula = try! IPPrefix("fd12:3456:789a::/48")

    static func allocate(_ plan: Plan, in store: any AllocationStoring) throws -> AllocationOutcome {
        try AllocationSession.run(Allocator(plan: plan, makeULA: { ula }), store: store, dryRun: false)
    }

    @Test func migrationsAreRecordedOnceInOrder() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let first = try PostgresStore(url: db.url)
        let expected = PostgresSchema.migrations.map(\.version)
        #expect(try first.appliedMigrations() == expected)
        // Reopening (and eight processes' worth of concurrent opens) applies nothing twice.
        let opened = ConcurrentRuns.run(8) { _ in try PostgresStore(url: db.url).appliedMigrations() }
        for result in opened { #expect(try result.get() == expected) }
    }

    @Test func onlyMissingMigrationsAreApplied() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let store = try PostgresStore(url: db.url)
        try store.saveObservations([Observation(address: "10.0.0.1", mac: "02:00:00:00:00:01", domain: "a", firstSeen: 1, lastSeen: 2, frames: 1)])
        try store.replaceInventory(source: "s", with: [InventoryRecord(address: try IPAddress("10.0.0.1"), name: "h", source: "s")])
        // Make it look like a database from before the observation table existed.
        try store.transaction(idempotent: true) { s in
            try s.execute("DROP TABLE observation")
            try s.execute("DELETE FROM schema_migrations WHERE version = 'observation-v1'")
        }
        let reopened = try PostgresStore(url: db.url)
        #expect(try reopened.appliedMigrations().last == "observation-v1")
        #expect(try reopened.observations().isEmpty)
        // The other tables were left alone.
        #expect(try reopened.loadInventory().map(\.name) == ["h"])
    }

    @Test func allocationRunsMatchSQLite() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let (local, cleanup) = try sqlite()
        defer { cleanup() }
        let remote = try PostgresStore(url: db.url)
        // Same runs, same order, on both engines: the same blocks, the same quarantine.
        for store in [local, remote] as [any IPAuditStore] {
            _ = try Self.allocate(Self.plan(regions: "east,west"), in: store)
            _ = try Self.allocate(Self.plan(regions: "east,west,north", zones: "3"), in: store)
            _ = try AllocationRelease.release("west", in: store)
        }
        let a = try local.allocationState(), b = try remote.allocationState()
        #expect(!a.allocations.isEmpty)
        #expect(a.allocations == b.allocations)
        #expect(a.quarantined == b.quarantined)
        #expect(!b.quarantined.isEmpty)
        #expect(a.settings == b.settings)
        // Released blocks stay out of circulation on PostgreSQL too.
        let again = try Self.allocate(Self.plan(regions: "east,north,south"), in: remote)
        let quarantined = Set(b.quarantined.map(\.prefix))
        #expect(again.added.allSatisfy { !quarantined.contains($0.prefix) })
    }

    @Test func overlapTriggerRejectsSameKindAndRollsBackTheRun() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let store = try PostgresStore(url: db.url)
        func block(_ path: String, _ kind: String, _ cidr: String) throws -> StoredAllocation {
            StoredAllocation(path: path, kind: kind, prefix: try IPPrefix(cidr), region: "r")
        }
        try store.updateAllocations { _ in
            var c = AllocationChanges(); c.added = [try block("r/z1", "zone", "10.0.0.0/16")]; return (c, ())
        }
        for cidr in ["10.0.4.0/22", "10.0.0.0/15"] {
            #expect(throws: InputError.self) {
                try store.updateAllocations { _ in
                    var c = AllocationChanges()
                    c.added = [try block("r/ok", "zone", "10.9.0.0/16"), try block("r/z2", "zone", cidr)]
                    return (c, ())
                }
            }
        }
        #expect(try store.allocationState().allocations.map(\.path) == ["r/z1"])
        try store.updateAllocations { _ in
            var c = AllocationChanges(); c.added = [try block("r/z1/k", "rack", "10.0.4.0/22")]; return (c, ())
        }
        #expect(try store.allocationState().allocations.count == 2)
    }

    @Test func errorThrownByTheRunPassesThroughAndWritesNothing() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let store = try PostgresStore(url: db.url)
        struct Boom: Error {}
        #expect(throws: Boom.self) {
            try store.updateAllocations { _ -> (AllocationChanges, Void) in throw Boom() }
        }
        // The transaction was rolled back and the connection is still good.
        _ = try Self.allocate(Self.plan(regions: "east"), in: store)
        #expect(try store.allocationState().allocations.contains { $0.path == "east" })
    }

    @Test func importReplacesASourceAtomically() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let store = try PostgresStore(url: db.url)
        func host(_ name: String, _ address: String, source: String) throws -> InventoryRecord {
            InventoryRecord(address: try IPAddress(address), name: name, role: .agent, zone: "z1", vlan: 12,
                            labels: ["rack": "r1"], source: source, file: "\(source).csv", line: 2)
        }
        try store.replaceInventory([
            (source: "mesos", records: [try host("a1", "10.0.0.1", source: "mesos"), try host("a2", "10.0.0.2", source: "mesos")]),
            (source: "netbox", records: [try host("n1", "2001:db8::1", source: "netbox")]),
        ])
        #expect(try store.inventorySources().map(\.source) == ["mesos", "netbox"])
        #expect(try store.inventorySources().map(\.count) == [2, 1])
        let loaded = try store.loadInventory()
        #expect(loaded.map(\.name) == ["a1", "a2", "n1"])
        #expect(loaded[0] == (try host("a1", "10.0.0.1", source: "mesos")))

        // A batch whose second source breaks a constraint (neither address nor prefix)
        // must leave the first source's old rows too.
        let broken = InventoryRecord(name: "broken", source: "netbox")
        #expect(throws: InputError.self) {
            try store.replaceInventory([(source: "mesos", records: [try host("a9", "10.0.0.9", source: "mesos")]),
                                        (source: "netbox", records: [broken])])
        }
        #expect(try store.loadInventory().map(\.name) == ["a1", "a2", "n1"])

        try store.replaceInventory(source: "mesos", with: [try host("a3", "10.0.0.3", source: "mesos")])
        #expect(Set(try store.loadInventory().map(\.name)) == ["n1", "a3"])
    }

    @Test func observationsMergeAndOrderLikeSQLite() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let (local, cleanup) = try sqlite()
        defer { cleanup() }
        let remote = try PostgresStore(url: db.url)
        let pushes: [[Observation]] = [
            [Observation(address: "10.0.0.2", mac: "02:00:00:00:00:02", domain: "b/eth0", firstSeen: 100, lastSeen: 200, frames: 3),
             Observation(address: "10.0.0.10", mac: "02:00:00:00:00:0a", domain: "a/eth0", firstSeen: 50, lastSeen: 60, frames: 1),
             Observation(address: "2001:db8::1", mac: "02:00:00:00:00:01", domain: "a/eth0/vlan:7", firstSeen: 10, lastSeen: 20, frames: 2)],
            // The same binding again (earlier first, later last) and a repeat inside one push.
            [Observation(address: "10.0.0.2", mac: "02:00:00:00:00:02", domain: "b/eth0", firstSeen: 90, lastSeen: 150, frames: 4),
             Observation(address: "10.0.0.2", mac: "02:00:00:00:00:02", domain: "b/eth0", firstSeen: 95, lastSeen: 260, frames: 1)],
        ]
        for push in pushes {
            try local.saveObservations(push)
            try remote.saveObservations(push)
        }
        let expected = try local.observations()
        #expect(try remote.observations() == expected)
        let merged = try #require(expected.first { $0.address.description == "10.0.0.2" })
        #expect(merged.firstSeen == 90 && merged.lastSeen == 260 && merged.frames == 8)
    }

    @Test func auditFindsCrossAgentDuplicateAndUnknownAddress() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        // Two agents push through their own connections; the auditor reads a third.
        let agent1 = try PostgresStore(url: db.url), agent2 = try PostgresStore(url: db.url)
        try agent1.saveObservations([
            Observation(address: "10.1.0.5", mac: "02:aa:00:00:00:01", domain: "agent-1/eth0", firstSeen: 1, lastSeen: 2, frames: 5),
        ])
        try agent2.saveObservations([
            Observation(address: "10.1.0.5", mac: "02:bb:00:00:00:02", domain: "agent-2/eth0", firstSeen: 1, lastSeen: 3, frames: 7),
            Observation(address: "10.1.0.99", mac: "02:bb:00:00:00:03", domain: "agent-2/eth0", firstSeen: 1, lastSeen: 3, frames: 1),
        ])
        let auditor = try PostgresStore(url: db.url)
        try auditor.replaceInventory(source: "mesos", with: [
            InventoryRecord(address: try IPAddress("10.1.0.5"), name: "agent-1", role: .agent, source: "mesos"),
        ])
        let report = Auditor.audit(AuditInput(inventory: Inventory(try auditor.loadInventory()),
                                              observations: try auditor.observations()))
        let duplicate = try #require(report.findings.first { $0.rule == Rule.duplicateAddress && $0.address == "10.1.0.5" })
        #expect(duplicate.entities == ["agent-1/eth0", "agent-2/eth0"])
        #expect(report.findings.contains { $0.rule == Rule.unknownAddress && $0.address == "10.1.0.99" })
        #expect(!report.findings.contains { $0.rule == Rule.unknownAddress && $0.address == "10.1.0.5" })
    }
}
