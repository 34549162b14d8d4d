import Foundation
import IPAuditKit
import Testing
@testable import IPAuditPostgres

/// New stations go through COPY, stored ones through the upsert (`ObservationCopy`): a batch
/// mixing both merges as before, and two writers saving the same new stations at once neither
/// fail on the primary key nor lose a frame (the per-domain advisory lock).
@Suite struct ObservationCopyTests {
    static func batch(macByte: Int, count: Int, first: Double) -> [Observation] {
        var out: [Observation] = []
        for k in 0..<count {
            let address = "10.1.\(k / 256).\(k % 256)"
            let mac = String(format: "02:00:00:00:%02x:%02x", macByte, k % 256)
            let start = first + Double(k)
            out.append(Observation(address: address, mac: mac, domain: "copy/eth0", firstSeen: start, lastSeen: start + 10, frames: 1 + k % 3))
        }
        return out
    }

    @Test func newAndStoredStationsInOneBatchMerge() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let store = try PostgresStore(url: db.url)
        let old = Self.batch(macByte: 1, count: 300, first: 1000)
        try store.saveObservations(old)
        // The same stations again (earlier and later), plus as many new ones (another MAC).
        let again = Self.batch(macByte: 1, count: 300, first: 500).map { o -> Observation in
            var o = o
            o.lastSeen += 2000
            return o
        }
        let fresh = Self.batch(macByte: 2, count: 300, first: 3000)
        try store.saveObservations(again + fresh)
        let stored = Dictionary(uniqueKeysWithValues: try store.observations().map { ("\($0.address) \($0.mac)", $0) })
        #expect(stored.count == 600)
        for (o, a) in zip(old, again) {
            let s = try #require(stored["\(o.address) \(o.mac)"])
            #expect(s.firstSeen == a.firstSeen && s.lastSeen == a.lastSeen && s.frames == o.frames + a.frames)
        }
        for f in fresh {
            let s = try #require(stored["\(f.address) \(f.mac)"])
            #expect(s.firstSeen == f.firstSeen && s.lastSeen == f.lastSeen && s.frames == f.frames)
        }
    }

    @Test func twoWritersOfTheSameNewStationsAtOnce() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let stores = [try PostgresStore(url: db.url), try PostgresStore(url: db.url)]
        var saved: [Observation] = []
        // Each round's stations are new to the store: both writers find them unknown at once.
        for round in 0..<3 {
            let batch = Self.batch(macByte: 3 + round, count: 2000, first: 1)
            saved += batch
            let failures = NSLock(), group = DispatchGroup()
            nonisolated(unsafe) var errors: [String] = []
            for store in stores {
                DispatchQueue.global().async(group: group) {
                    do { try store.saveObservations(batch) } catch {
                        failures.lock(); errors.append("\(error)"); failures.unlock()
                    }
                }
            }
            group.wait()
            #expect(errors.isEmpty, "\(errors)")
        }
        let stored = try stores[0].observations()
        #expect(stored.count == 6000)
        let frames = Dictionary(uniqueKeysWithValues: saved.map { ("\($0.address) \($0.mac)", $0.frames) })
        #expect(stored.allSatisfy { o in frames["\(o.address) \(o.mac)"].map { o.frames == 2 * $0 } ?? false })
    }
}
