import Foundation
import IPAuditKit
import IPCore
import Testing
@testable import IPAuditPostgres

/// A server restart in the middle of work: a bounded retry completes the run, or a clear
/// error says nothing was written; never a half-written allocation. Runs its own server,
/// since it stops it.
@Suite(.requires(.postgres), .serialized) struct PostgresRestartTests {
    final class OwnServer: Sendable {
        let environment: [String: String]
        let url: String

        init() throws {
            let root = "/tmp/ipaudit-pg-restart-\(UUID().uuidString.prefix(8))"
            environment = ["PGPORT": String(try LoopbackPort.closedPort()), "PGROOT": root]
            url = try TestServer.startScript(environment: environment)
        }

        func stop() { _ = try? TestServer.script("stop.sh", environment: environment) }
        func start() { _ = try? TestServer.startScript(environment: environment) }
        deinit { _ = try? TestServer.script("stop.sh", ["--purge"], environment: environment) }
    }

    static func regions(_ state: AllocationState) -> Set<String> {
        Set(state.allocations.filter { $0.kind == "region" }.map(\.path))
    }

    @Test func restartBetweenRunsIsRetriedTransparently() throws {
        let server = try OwnServer()
        let store = try PostgresStore(url: server.url)
        _ = try PostgresStoreTests.allocate(PostgresStoreTests.plan(regions: "r1"), in: store)
        server.stop()
        server.start()
        _ = try PostgresStoreTests.allocate(PostgresStoreTests.plan(regions: "r1,r2"), in: store)
        #expect(Self.regions(try store.allocationState()) == ["r1", "r2"])
    }

    @Test func restartBeforeCommitReRunsTheWholeAllocationOnce() throws {
        let server = try OwnServer()
        let once = OnceFlag()
        // First attempt: changes written, then the server goes down before COMMIT and
        // comes back 1 s later. The retry must redo the run from a fresh read.
        let store = try PostgresStore(url: server.url, beforeCommit: {
            guard once.claim() else { return }
            server.stop()
            Thread.detachNewThread { Thread.sleep(forTimeInterval: 1); server.start() }
        })
        _ = try PostgresStoreTests.allocate(PostgresStoreTests.plan(regions: "r1", zones: "2", racks: 2), in: store)
        let state = try PostgresStore(url: server.url).allocationState()
        #expect(Self.regions(state) == ["r1"])
        #expect(state.allocations.count == (1 + 2 + 4) * 2)
        PostgresConcurrencyTests.expectNoOverlap(state.allocations)
    }

    @Test func serverThatStaysDownGivesAClearErrorAndWritesNothing() throws {
        let server = try OwnServer()
        let store = try PostgresStore(url: server.url, beforeCommit: { server.stop() })
        store.retryWindow = 1
        let started = Date()
        do {
            _ = try PostgresStoreTests.allocate(PostgresStoreTests.plan(regions: "r1"), in: store)
            Issue.record("the allocation succeeded with the server down")
        } catch let error as InputError {
            #expect(error.description.contains("nothing was written"), "\(error.description)")
            #expect(error.description.contains(try PostgresLocation(url: server.url).description))
        }
        #expect(Date().timeIntervalSince(started) < 10)
        server.start()
        let state = try PostgresStore(url: server.url).allocationState()
        #expect(state.allocations.isEmpty)
        #expect(state.settings.isEmpty)
    }
}
