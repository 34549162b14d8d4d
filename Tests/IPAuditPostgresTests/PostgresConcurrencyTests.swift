import Foundation
import IPAuditKit
import IPCore
import Testing
@testable import IPAuditPostgres

/// Many allocators on one PostgreSQL database, each on its own connection (as separate
/// hosts would be), never hand out overlapping blocks.
@Suite(.requires(.postgres)) struct PostgresConcurrencyTests {
    /// Same-kind, same-family blocks must be disjoint; every prefix handed out once.
    static func expectNoOverlap(_ blocks: [StoredAllocation]) {
        #expect(Set(blocks.map(\.prefix)).count == blocks.count, "one prefix handed out twice")
        let byKind = Dictionary(grouping: blocks) { "\($0.kind)|\($0.family)" }
        for (kind, list) in byKind {
            for i in list.indices {
                for j in list.indices where j > i {
                    #expect(!list[i].prefix.overlaps(list[j].prefix), "\(kind): \(list[i].path) and \(list[j].path) overlap")
                }
            }
        }
    }

    @Test func sixteenConnectionsAddingRegionsNeverOverlap() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        _ = try PostgresStore(url: db.url)  // schema first, so every run below races on allocation only
        let results = ConcurrentRuns.run(16) { i in
            let store = try PostgresStore(url: db.url)
            return try PostgresStoreTests.allocate(PostgresStoreTests.plan(regions: "r\(i)", zones: "3", racks: 4), in: store).added.count
        }
        for result in results { #expect(try result.get() == (1 + 3 + 12) * 2) }
        let state = try PostgresStore(url: db.url).allocationState()
        #expect(Set(state.allocations.filter { $0.kind == "region" }.map(\.path)) == Set((0..<16).map { "r\($0)" }))
        #expect(state.allocations.count == 16 * (1 + 3 + 12) * 2)
        Self.expectNoOverlap(state.allocations)
    }

    @Test func sixteenConnectionsRunningOnePlanAllocateItOnce() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let plan = PostgresStoreTests.plan(regions: "east,west", zones: "2", racks: 2)
        let results = ConcurrentRuns.run(16) { _ in
            try PostgresStoreTests.allocate(plan, in: try PostgresStore(url: db.url)).added.count
        }
        let added = try results.map { try $0.get() }
        // Exactly one run carved the plan; the other fifteen found it done.
        #expect(added.filter { $0 > 0 }.count == 1)
        let state = try PostgresStore(url: db.url).allocationState()
        #expect(state.allocations.count == added.reduce(0, +))
        Self.expectNoOverlap(state.allocations)
    }

    @Test func concurrentImportsOfOneSourceLeaveExactlyOneImport() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        _ = try PostgresStore(url: db.url)
        let results = ConcurrentRuns.run(8) { i in
            let records = try (1...50).map { k in
                InventoryRecord(address: try IPAddress("10.\(i).0.\(k)"), name: "run\(i)-host\(k)", source: "mesos")
            }
            try PostgresStore(url: db.url).replaceInventory(source: "mesos", with: records)
        }
        for result in results { try result.get() }
        let rows = try PostgresStore(url: db.url).loadInventory()
        #expect(rows.count == 50)
        // All fifty from one run, never a mix of two.
        #expect(Set(rows.map { $0.name.split(separator: "-")[0] }).count == 1)
    }

    @Test func concurrentPushesOnSharedBindingsLoseNoFrames() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        _ = try PostgresStore(url: db.url)
        // Sixteen scanners push the same 500 bindings (in different orders) and 500 of their own.
        let results = ConcurrentRuns.run(16) { i in
            var batch = (0..<500).map { k in
                Observation(address: "10.9.\(k / 256).\(k % 256)", mac: "02:00:00:00:00:01", domain: "shared/eth0",
                            firstSeen: Double(100 + i), lastSeen: Double(200 + i), frames: 1)
            }
            batch += (0..<500).map { k in
                Observation(address: "10.8.\(k / 256).\(k % 256)", mac: "02:00:00:00:00:02", domain: "agent-\(i)/eth0",
                            firstSeen: 1, lastSeen: 2, frames: 3)
            }
            try PostgresStore(url: db.url).saveObservations(i % 2 == 0 ? batch : batch.reversed())
        }
        for result in results { try result.get() }
        let seen = try PostgresStore(url: db.url).observations()
        #expect(seen.count == 500 + 16 * 500)
        let shared = seen.filter { $0.domain == "shared/eth0" }
        #expect(shared.count == 500)
        #expect(shared.allSatisfy { $0.frames == 16 && $0.firstSeen == 100 && $0.lastSeen == 215 })
    }
}

/// The database itself refuses overlapping blocks, even from writers that skip the advisory
/// lock and insert at the same moment (a trigger under READ COMMITTED could not see the other).
@Suite(.requires(.postgres)) struct PostgresExclusionTests {
    static func insertBlock(_ s: PostgresSession, path: String, prefix: String) throws {
        try s.execute("""
            INSERT INTO allocation (path, kind, family, prefix, block, region)
            VALUES ('\(path)', 'region', 4, '\(prefix)', '\(prefix)'::cidr, '\(path)')
            """)
    }

    @Test func overlappingBlocksFromTwoOpenTransactionsCannotBothCommit() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let first = try PostgresStore(url: db.url), second = try PostgresStore(url: db.url)
        let inserted = DispatchSemaphore(value: 0)
        let firstDone = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var firstResult: Result<Void, Error>?
        Thread.detachNewThread {
            firstResult = Result {
                try first.transaction(idempotent: false) { s in
                    try Self.insertBlock(s, path: "a", prefix: "10.0.0.0/16")
                    inserted.signal()
                    Thread.sleep(forTimeInterval: 1)  // still uncommitted while the second inserts
                }
            }
            firstDone.signal()
        }
        inserted.wait()
        let secondResult = Result {
            try second.transaction(idempotent: false) { s in try Self.insertBlock(s, path: "b", prefix: "10.0.128.0/17") }
        }
        firstDone.wait()
        #expect(throws: Never.self) { try firstResult?.get() }
        #expect(throws: (any Error).self) { try secondResult.get() }
        let blocks = try first.allocationState().allocations
        #expect(blocks.map(\.path) == ["a"])
        // Different kinds may nest (a zone inside its region), as before.
        try first.transaction(idempotent: false) { s in
            try s.execute("""
                INSERT INTO allocation (path, kind, family, prefix, block, region, zone)
                VALUES ('a/z', 'zone', 4, '10.0.0.0/20', '10.0.0.0/20'::cidr, 'a', 'z')
                """)
        }
        #expect(try first.allocationState().allocations.count == 2)
    }
}
