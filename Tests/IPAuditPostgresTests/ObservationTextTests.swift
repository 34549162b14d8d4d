import Foundation
import IPAuditKit
import Testing
@testable import IPAuditPostgres

/// Every character a domain name may hold comes back from the store as it went.
@Suite(.requires(.postgres)) struct ObservationTextTests {
    @Test func awkwardTextSurvivesCopy() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let store = try PostgresStore(url: db.url)
        let domains = ["host/eth0", "tab\there", "back\\slash\\N", "new\nline\r", "\\.", "ünï/vlan:7", "ends with \\"]
        let batch = domains.enumerated().map { i, d in
            Observation(address: "10.0.0.\(i)", mac: "02:00:00:00:00:0\(i)", domain: d, firstSeen: 1.25 + Double(i),
                        lastSeen: 1_700_000_000.123456 + Double(i), frames: i + 1)
        }
        try store.saveObservations(batch)
        try store.saveObservations(batch)
        let stored = try store.observations()
        #expect(Set(stored.map(\.domain)) == Set(domains))
        for o in batch {
            let back = try #require(stored.first { $0.domain == o.domain })
            #expect(back.firstSeen == o.firstSeen && back.lastSeen == o.lastSeen && back.frames == 2 * o.frames)
        }
    }
}
