import Foundation
import IPAuditKit
import IPAuditPostgres
import IPAuditStorage
import IPCore
import Testing

/// `show`, `history` and `prune` answered by both engines from the same plan, inventory and
/// wire, checked field by field on each.
@Suite(.requires(.postgres)) struct StoreQueryTests {
    static let a = "02:00:00:00:00:0a", b = "02:00:00:00:00:0b", c = "02:00:00:00:00:0c", d = "02:00:00:00:00:0d"
    static let t0 = 1_700_000_000.0

    enum Engine: String, CaseIterable { case sqlite, postgres }

    /// A fresh store of `engine`, with the scenario written into it.
    static func scenario(_ engine: Engine) throws -> (store: any QueryableStore, done: @Sendable () -> Void) {
        let store: any QueryableStore, done: @Sendable () -> Void
        switch engine {
        case .sqlite:
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-query-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            store = try LocalStore(path: dir.appendingPathComponent("s.db").path)
            done = { try? FileManager.default.removeItem(at: dir) }
        case .postgres:
            let db = try TestServer.freshDatabase()
            store = try PostgresStore(url: db.url)
            done = db.drop
        }
        try fill(store)
        return (store, done)
    }

    /// Writes the scenario: a plan's blocks, an inventory, two saves of the wire.
    static func fill(_ store: any QueryableStore) throws {
        try store.updateAllocations { _ in
            var changes = AllocationChanges()
            changes.added = [
                StoredAllocation(path: "eu", kind: "region", prefix: try IPPrefix("10.0.0.0/8"), region: "eu"),
                StoredAllocation(path: "eu/a", kind: "zone", prefix: try IPPrefix("10.1.0.0/16"), region: "eu", zone: "a"),
                StoredAllocation(path: "eu/a/r1", kind: "rack", prefix: try IPPrefix("10.1.2.0/24"), region: "eu", zone: "a", rack: "r1"),
                StoredAllocation(path: "eu/a/r1/web", kind: "role", prefix: try IPPrefix("10.1.2.0/26"), region: "eu", zone: "a",
                                 rack: "r1", role: "web"),
                StoredAllocation(path: "eu/b", kind: "zone", prefix: try IPPrefix("10.2.0.0/16"), region: "eu", zone: "b"),
            ]
            return (changes, ())
        }
        try store.replaceInventory(source: "hosts", with: [
            InventoryRecord(address: try IPAddress("10.1.2.5"), name: "web-1", role: .app, region: "eu", zone: "a", rack: "r1",
                            mac: a, labels: ["owner": "team\u{1b}[31m"], source: "hosts", file: "hosts.csv", line: 2),
            InventoryRecord(address: try IPAddress("10.1.2.9"), name: "db-1", region: "eu", zone: "a", source: "hosts",
                            file: "hosts.csv", line: 3),
            InventoryRecord(prefix: try IPPrefix("10.1.2.0/24"), name: "rack-net", region: "eu", zone: "a", source: "hosts",
                            file: "hosts.csv", line: 4),
        ])
        func seen(_ address: String, _ mac: String, _ first: Double, _ last: Double, _ frames: Int) -> Observation {
            Observation(address: address, mac: mac, domain: "h/eth0", firstSeen: t0 + first, lastSeen: t0 + last, frames: frames)
        }
        try store.saveObservations([seen("10.1.2.5", a, 0, 100, 4), seen("10.1.2.9", c, 10, 50, 2)])
        try store.saveObservations([seen("10.1.2.5", b, 200, 300, 3), seen("10.1.2.5", a, 210, 220, 1),
                                    seen("10.1.3.7", d, 250, 260, 5)])
    }

    @Test(arguments: Engine.allCases) func showAddress(_ engine: Engine) throws {
        let (store, done) = try Self.scenario(engine)
        defer { done() }
        let report = try StoreShow.answer(.address(try IPAddress("10.1.2.5")), store: store)
        #expect(report.kind == "address")
        #expect(report.subject == "10.1.2.5")
        #expect(report.plan.map(\.kind) == ["region", "zone", "rack", "role"])
        #expect(report.plan.map(\.prefix) == ["10.0.0.0/8", "10.1.0.0/16", "10.1.2.0/24", "10.1.2.0/26"])
        #expect(report.plan.last?.path == "eu/a/r1/web")
        #expect(report.plan.last?.role == "web")
        #expect(report.records.map(\.entity) == ["web-1", "rack-net"])
        let web = try #require(report.records.first)
        #expect(web.source == "hosts")
        #expect(web.role == "app")
        #expect(web.zone == "a")
        #expect(web.rack == "r1")
        #expect(web.mac == Self.a)
        #expect(web.labels == ["owner": "team\u{1b}[31m"])
        #expect(web.location == "hosts.csv:2")
        #expect(report.records.last?.prefix == "10.1.2.0/24")
        #expect(report.wire.map(\.domain) == ["h/eth0"])
        let bindings = try #require(report.wire.first?.bindings)
        #expect(bindings.map(\.mac) == [Self.a, Self.b])
        #expect(bindings.map(\.firstSeen) == [Self.t0, Self.t0 + 200])
        #expect(bindings.map(\.lastSeen) == [Self.t0 + 220, Self.t0 + 300])
        #expect(bindings.map(\.frames) == [5, 3])
        // The findings are a whole-store audit's about this address, no more and no fewer.
        let whole = try AuditRun.run(AuditRequest(), store: { try store.auditState() }).report.findings
        #expect(report.findings == whole.filter { $0.address == "10.1.2.5" })
        // The text escapes what came from the inventory.
        let text = QueryRenderer.text(report)
        #expect(text.contains("owner=team\\x1b[31m"))
        #expect(!text.contains("\u{1b}"))
    }

    @Test(arguments: Engine.allCases) func showFindsTheOpenFindingOfAnUnknownAddress(_ engine: Engine) throws {
        let (store, done) = try Self.scenario(engine)
        defer { done() }
        let report = try StoreShow.answer(.address(try IPAddress("10.1.3.7")), store: store)
        #expect(report.records.isEmpty)
        #expect(report.plan.map(\.path) == ["eu", "eu/a"])
        #expect(report.findings.map(\.rule) == [.unknownAddress])
        // A quiet address: no wire, no findings.
        let quiet = try StoreShow.answer(.address(try IPAddress("10.2.0.1")), store: store)
        #expect(quiet.wire.isEmpty && quiet.findings.isEmpty && quiet.records.isEmpty)
        #expect(quiet.plan.map(\.path) == ["eu", "eu/b"])
    }

    @Test(arguments: Engine.allCases) func showPrefixPagesInAddressOrder(_ engine: Engine) throws {
        let (store, done) = try Self.scenario(engine)
        defer { done() }
        let prefix = QuerySubject.prefix(try IPPrefix("10.1.0.0/16"))
        let all = try StoreShow.answer(prefix, store: store)
        #expect(all.inside?.map(\.address) == ["10.1.2.5", "10.1.2.9", "10.1.3.7"])
        #expect(all.inside?.first?.entities == ["web-1"])
        #expect(all.inside?.first?.macs == [Self.a, Self.b])
        #expect(all.inside?.first?.lastSeen == Self.t0 + 300)
        #expect(all.nextAfter == nil)
        #expect(all.records.map(\.entity) == ["rack-net"])
        #expect(all.findings.map(\.address) == ["10.1.3.7"])
        var pages: [[String]] = []
        var after: IPAddress?
        repeat {
            let page = try StoreShow.answer(prefix, store: store, page: StoreShow.Page(limit: 2, after: after))
            pages.append(page.inside?.map(\.address) ?? [])
            after = try page.nextAfter.map { try IPAddress($0) }
        } while after != nil
        #expect(pages == [["10.1.2.5", "10.1.2.9"], ["10.1.3.7"]])
        // Numeric, not text, order: 10.1.2.9 before 10.1.2.10 would fail bytewise.
        #expect(try store.addresses(inside: try IPPrefix("10.1.2.0/28"), after: nil, limit: 10).map(\.description)
                == ["10.1.2.5", "10.1.2.9"])
        #expect(try store.addresses(inside: try IPPrefix("10.9.0.0/16"), after: nil, limit: 10).isEmpty)
    }

    @Test(arguments: Engine.allCases) func showMACListsTheAddressesItHeld(_ engine: Engine) throws {
        let (store, done) = try Self.scenario(engine)
        defer { done() }
        let report = try StoreShow.answer(.mac(Self.a), store: store)
        #expect(report.wire.map(\.domain) == ["h/eth0"])
        #expect(report.wire.first?.bindings.map(\.address) == ["10.1.2.5"])
        #expect(report.records.map(\.entity) == ["web-1"])
        #expect(try StoreShow.answer(.mac("02:00:00:00:00:ff"), store: store).wire.isEmpty)
    }

    @Test(arguments: Engine.allCases) func historyIsArpwatchsLog(_ engine: Engine) throws {
        let (store, done) = try Self.scenario(engine)
        defer { done() }
        let events = try store.wireEvents(WireEventFilter())
        // The second save holds b (from 200, last 300) and a (from 210): b changes the MAC, then
        // a, the MAC before the last, answers again within the week: a flip-flop.
        #expect(events.map(\.kind) == [.newStation, .newStation, .changedMAC, .flipFlop, .newStation])
        #expect(events.map(\.address) == ["10.1.2.5", "10.1.2.9", "10.1.2.5", "10.1.2.5", "10.1.3.7"])
        #expect(events.map(\.time) == [Self.t0, Self.t0 + 10, Self.t0 + 200, Self.t0 + 210, Self.t0 + 250])
        #expect(events[2].mac == Self.b && events[2].previousMAC == Self.a)
        #expect(events[3].mac == Self.a && events[3].previousMAC == Self.b)
        #expect(events[0].previousMAC == nil)
        // Saving the same MAC again raises nothing.
        try store.saveObservations([Observation(address: "10.1.3.7", mac: Self.d, domain: "h/eth0", firstSeen: Self.t0 + 400,
                                                lastSeen: Self.t0 + 500, frames: 1)])
        #expect(try store.wireEvents(WireEventFilter()).count == 5)
        #expect(try store.wireEvents(WireEventFilter(address: "10.1.2.9")).count == 1)
        #expect(try store.wireEvents(WireEventFilter(mac: Self.d)).map(\.address) == ["10.1.3.7"])
        #expect(try store.wireEvents(WireEventFilter(since: Self.t0 + 200)).count == 3)
    }

    @Test(arguments: Engine.allCases) func pruneRemovesOnlyWhatIsOlderInBoundedBatches(_ engine: Engine) throws {
        let (store, done) = try Self.scenario(engine)
        defer { done() }
        var batches = 0
        // Bound t0+150: a (last 220), b (300), d (260) stay; c (last 50) goes; events before 150 go.
        let removed = try store.prune(before: Self.t0 + 150, batch: 1) { _ in batches += 1 }
        #expect(removed == PruneCount(observations: 1, events: 2))
        #expect(batches >= 2)
        #expect(try store.observations().map(\.mac.description).sorted() == [Self.a, Self.b, Self.d])
        #expect(try store.wireEvents(WireEventFilter()).map(\.time) == [Self.t0 + 200, Self.t0 + 210, Self.t0 + 250])
        #expect(try store.prune(before: Self.t0 + 150) == PruneCount())
        // The retention setting round-trips and clears.
        #expect(try store.retention() == nil)
        try store.setRetention(90 * 86_400)
        #expect(try store.retention() == 90 * 86_400)
        try store.setRetention(nil)
        #expect(try store.retention() == nil)
    }

    @Test(arguments: Engine.allCases) func theWatchersFlushAppliesTheStoredRetention(_ engine: Engine) throws {
        let (store, done) = try Self.scenario(engine)
        defer { done() }
        try store.setRetention(100)
        let flushing = RetentionOnFlush(store: store) { Issue.record("prune failed: \($0)") }
        // Now is the newest sighting saved (t0+400): everything last seen before t0+300 goes.
        try flushing.saveObservations([Observation(address: "10.1.2.77", mac: Self.c, domain: "h/eth0", firstSeen: Self.t0 + 390,
                                                   lastSeen: Self.t0 + 400, frames: 1)])
        #expect(try store.observations().map(\.address.description).sorted() == ["10.1.2.5", "10.1.2.77"])
        #expect(try store.observations().map(\.mac.description).sorted() == [Self.b, Self.c])
        #expect(try store.wireEvents(WireEventFilter()).map(\.time) == [Self.t0 + 390])
    }

    /// The commands themselves print the same answers from either engine.
    @Test func theCommandsAnswerAlikeOnBothEngines() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-querycli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let sqlite = dir.appendingPathComponent("s.db").path
        try Self.fill(try LocalStore(path: sqlite))
        try Self.fill(try PostgresStore(url: db.url))
        for arguments in [["show", "10.1.2.5", "--format", "json"], ["show", "10.1.0.0/16", "--limit", "2", "--format", "json"],
                          ["show", Self.b], ["history", "--format", "jsonl"], ["history", "10.1.2.5"]] {
            let local = try FleetCLITests.run(arguments + ["--store", sqlite])
            let remote = try FleetCLITests.run(arguments, environment: ["IPAUDIT_STORE": db.url])
            #expect(local.status == 0 && remote.status == 0, "\(arguments): \(local.stderr) \(remote.stderr)")
            #expect(!local.stdout.isEmpty)
            #expect(local.stdout == remote.stdout, "\(arguments)")
        }
    }
}
