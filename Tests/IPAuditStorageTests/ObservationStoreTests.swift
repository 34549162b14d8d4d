import Foundation
import IPAuditKit
import IPAuditStorage
import Testing

@Suite struct ObservationStoreTests {
    static func temporaryStore() throws -> (SQLiteStore, URL) {
        try TemporaryStore.sqlite()
    }

    @Test func upsertKeepsEarliestLatestAndAddsFrames() throws {
        let (store, dir) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        try store.saveObservations([
            Observation(address: "10.0.0.5", mac: "02:00:00:00:00:0a", domain: "h/eth0", firstSeen: 100, lastSeen: 200, frames: 3),
            Observation(address: "10.0.0.5", mac: "02:00:00:00:00:0a", domain: "h/eth0/vlan:20", firstSeen: 100, lastSeen: 100, frames: 1),
        ])
        try store.saveObservations([
            Observation(address: "10.0.0.5", mac: "02:00:00:00:00:0a", domain: "h/eth0", firstSeen: 50, lastSeen: 150, frames: 4),
        ])
        let all = try store.observations()
        #expect(all.count == 2)
        let merged = try #require(all.first { $0.domain == "h/eth0" })
        #expect(merged.firstSeen == 50)
        #expect(merged.lastSeen == 200)
        #expect(merged.frames == 7)
    }

    @Test func protocolIsUsableThroughAnExistential() throws {
        let (store, dir) = try Self.temporaryStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let storing: any ObservationStoring = store
        try storing.saveObservations([Observation(address: "fd00::1", mac: "02:00:00:00:00:01", domain: "d", firstSeen: 1, lastSeen: 2, frames: 1)])
        #expect(try storing.observations().map(\.address.description) == ["fd00::1"])
    }
}
