import Foundation
import IPAuditKit
import IPAuditStorage
import IPCore
import Testing
@testable import IPAuditPostgres

/// One batch naming a (domain, address, MAC) twice records the same events on both engines:
/// repeats are merged (as the store holds them) before the events are detected.
@Suite struct WireEventRepeatTests {
    static func batch() -> [Observation] {
        let a = ProbeVerdictScopeTests.seen, m1 = "02:00:00:00:00:01", m2 = "02:00:00:00:00:02"
        func at(_ mac: String, _ first: Double, _ last: Double) -> Observation {
            var o = a("10.0.0.5", mac)
            (o.firstSeen, o.lastSeen) = (first, last)
            return o
        }
        // Merged, ..:01 holds the address 1-11 and ..:02 appears inside it: one change, not a
        // change then a flip-flop back.
        return [at(m1, 1, 2), at(m2, 5, 5), at(m1, 10, 11)]
    }

    static func events(_ store: any ObservationStoring & StoreQuerying) throws -> [String] {
        try store.saveObservations(batch())
        return try store.wireEvents(WireEventFilter()).map { "\($0.kind.rawValue) \($0.mac)" }
    }

    static let expected = ["new station 02:00:00:00:00:01", "changed MAC 02:00:00:00:00:02"]

    @Test func onSQLite() throws {
        let dir = try WireVerdictPostgresTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Self.events(SQLiteStore(path: dir.appendingPathComponent("s.db").path)) == Self.expected)
    }

    @Test(.requires(.postgres)) func onPostgreSQL() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        #expect(try Self.events(PostgresStore(url: db.url)) == Self.expected)
    }
}
