import Foundation
import IPAuditKit
import IPAuditPostgres
import IPCore
import Testing

/// `probe --store postgres://…` reads the inventory and the allocated blocks through the store
/// protocols (`probeTargets`), the same as from SQLite, and none of the observations.
@Suite(.requires(.postgres)) struct ProbeTargetsReadTests {
    @Test func aPostgresStoreGivesItsRecordsAndBlocks() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let store = try PostgresStore(url: db.url)
        try store.updateAllocations { _ in
            var changes = AllocationChanges()
            changes.added = [StoredAllocation(path: "eu", kind: "region", prefix: try IPPrefix("10.1.0.0/16"), region: "eu"),
                             StoredAllocation(path: "eu/a", kind: "zone", prefix: try IPPrefix("10.1.4.0/22"), region: "eu", zone: "a")]
            return (changes, ())
        }
        try store.replaceInventory(source: "hosts", with: [
            InventoryRecord(address: try IPAddress("10.1.4.5"), name: "web-1", vlan: 42),
            InventoryRecord(prefix: try IPPrefix("10.1.4.0/24"), name: "rack-net", vlan: 42),
        ])
        try store.saveObservations([Observation(address: "10.1.4.9", mac: "02:00:00:00:00:09", domain: "h/eth0",
                                                firstSeen: 1, lastSeen: 2, frames: 1)])
        let targets = try store.probeTargets()
        #expect(Set(targets.records.map(\.name)) == ["web-1", "rack-net"])
        #expect(targets.records.first { $0.name == "web-1" }?.vlan == 42)
        #expect(Set(targets.blocks) == [try IPPrefix("10.1.0.0/16"), try IPPrefix("10.1.4.0/22")])
    }
}
