import Foundation
import IPAuditCapture
import IPAuditKit
import IPCore
import Testing
@testable import IPAuditPostgres

/// A COMMIT the server carried out whose answer never reached ipaudit (the proxy drops it and
/// closes the connection): the retry must neither count a flush twice nor call a committed
/// release a failure.
@Suite(.requires(.postgres)) struct LostCommitTests {
    /// Counts store failures and recoveries; otherwise silent.
    final class Quiet: WatchOutput, @unchecked Sendable {
        var failures: [String] = []
        func report(_ events: [FindingEvent]) throws {}
        func evaluated(_ snapshot: @autoclosure () -> FindingsReport) {}
        func flush(_ snapshot: FindingsReport) throws {}
        func slowFlush(seconds: Double, dropped: Int?) {}
        func storeStatus(_ error: (any Error)?, unsaved: Int) { if let error { failures.append("\(error)") } }
    }

    static let lifecycle = TestServer.repositoryRoot.appendingPathComponent("fixtures/pcap/watch-lifecycle.pcap").path
    /// What watch-lifecycle.pcap stores, binding by binding (as WatchStoreOutageTests).
    static let lifecycleFrames = [
        "10.0.0.5 02:00:00:00:00:0a": 8, "10.0.0.5 02:00:00:00:00:0b": 8, "10.0.0.5 02:00:00:00:00:0c": 3,
        "10.0.0.100 02:00:00:00:10:00": 15,
    ]

    static func frames(_ store: PostgresStore) throws -> [String: Int] {
        Dictionary(try store.observations().map { ("\($0.address) \($0.mac)", $0.frames) }, uniquingKeysWith: +)
    }

    static func watch(_ store: any ObservationStoring, flushInterval: Double?) throws -> (WatchResult, Quiet) {
        let output = Quiet()
        let config = CaptureConfiguration(source: .file(lifecycle))
        let result = try Scanner.watch(try Scanner.open(config), config: config, policy: ScanPolicy(), domainBase: "test/eth0",
                                       settings: WatchSettings(flushInterval: flushInterval), store: store, output: output)
        return (result, output)
    }

    @Test func aFlushWhoseCommitAnswerIsLostIsCountedOnce() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let base = try PostgresLocation(url: db.url)
        let proxy = try PostgresProxy(targetPort: base.port)
        defer { proxy.stop() }
        let store = try PostgresStore(url: proxy.url(for: db.url))
        // The watch flushes at every evaluation; the answer to the first flush's COMMIT is lost,
        // and later flushes carry on from what the store holds.
        proxy.dropCommitAnswers(1)
        let (result, output) = try Self.watch(store, flushInterval: 1e-9)
        #expect(proxy.droppedCommitAnswers == 1)
        #expect(result.storeError == nil)
        #expect(output.failures.isEmpty, "\(output.failures)")
        #expect(try Self.frames(PostgresStore(url: db.url)) == Self.lifecycleFrames)
    }

    /// The lost COMMIT answer is not retried at all (no retry window): the flush fails with an
    /// unknown outcome, and the next flushes must neither lose nor repeat its frames.
    @Test func aFlushWhoseOutcomeStaysUnknownIsResentUnderItsOwnId() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let proxy = try PostgresProxy(targetPort: try PostgresLocation(url: db.url).port)
        defer { proxy.stop() }
        let store = try PostgresStore(url: proxy.url(for: db.url))
        store.retryWindow = 0
        proxy.dropCommitAnswers(1)
        let (result, output) = try Self.watch(store, flushInterval: 1e-9)
        #expect(proxy.droppedCommitAnswers == 1)
        #expect(output.failures.count == 1, "\(output.failures)")
        #expect(result.storeError == nil)
        #expect(try Self.frames(PostgresStore(url: db.url)) == Self.lifecycleFrames)
    }

    @Test func aFlushSavedTwiceUnderOneIdIsWrittenOnce() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let store = try PostgresStore(url: db.url)
        let batch = [Observation(address: "10.0.0.1", mac: "02:00:00:00:00:01", domain: "a", firstSeen: 1, lastSeen: 2, frames: 5)]
        let id = FlushID(instance: "run-1", sequence: 1)
        #expect(try store.saveObservations(batch, evaluation: nil, flush: id, waitForServer: false))
        #expect(try !store.saveObservations(batch, evaluation: nil, flush: id, waitForServer: false))
        // An older flush of the same run is no news either; the next one, and another run's, are.
        #expect(try !store.saveObservations(batch, evaluation: nil, flush: FlushID(instance: "run-1", sequence: 0), waitForServer: false))
        #expect(try store.saveObservations(batch, evaluation: nil, flush: FlushID(instance: "run-1", sequence: 2), waitForServer: false))
        #expect(try store.saveObservations(batch, evaluation: nil, flush: FlushID(instance: "run-2", sequence: 1), waitForServer: false))
        #expect(try store.observations().map(\.frames) == [15])
    }

    @Test func releaseWhoseCommitAnswerIsLostReportsTheReleasedBlocks() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        _ = try PostgresStoreTests.allocate(PostgresStoreTests.plan(regions: "r1"), in: try PostgresStore(url: db.url))
        let proxy = try PostgresProxy(targetPort: try PostgresLocation(url: db.url).port)
        defer { proxy.stop() }
        // The first COMMIT is the schema check at open; the second is the release's.
        proxy.dropCommitAnswers(1, passing: 1)
        let run = try FleetCLITests.run(["release", "r1", "--store", proxy.url(for: db.url)])
        #expect(proxy.droppedCommitAnswers == 1)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("connection was lost while committing"), "\(run.stderr)")
        #expect(!run.stderr.contains("no allocation at"), "\(run.stderr)")
        let released = run.stdout.split(separator: "\n").filter { $0.hasPrefix("released ") }
        let state = try PostgresStore(url: db.url).allocationState()
        #expect(state.allocations.isEmpty)
        #expect(released.count == state.quarantined.count && !released.isEmpty, "\(run.stdout)")
        #expect(released.contains { $0.hasSuffix(" region r1") }, "\(run.stdout)")
    }

    @Test func releaseOfAPathNobodyHoldsStillFails() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        _ = try PostgresStoreTests.allocate(PostgresStoreTests.plan(regions: "r1"), in: try PostgresStore(url: db.url))
        let run = try FleetCLITests.run(["release", "r9", "--store", db.url])
        #expect(run.status == 2)
        #expect(run.stderr.contains("no allocation"), "\(run.stderr)")
    }
}
