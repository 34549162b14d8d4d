import Foundation
import IPAuditCapture
import IPAuditKit
import Testing
@testable import IPAuditPostgres

/// `scan --watch` with the fleet store going away and coming back while it captures: the
/// failed flushes are reported, the capture goes on, and once the server is back every
/// binding's frames are stored once. Runs its own PostgreSQL server, since it stops it.
@Suite(.requires(.postgres), .serialized) struct WatchStoreOutageTests {
    /// Stops the server at the 3rd evaluation and starts it again at the 12th (of the
    /// capture's ~30), from inside the capture loop.
    final class Outage: WatchOutput, @unchecked Sendable {
        let server: PostgresRestartTests.OwnServer
        var evaluations = 0
        var events: [FindingEvent] = []
        var failures: [String] = []
        var recoveries = 0

        init(server: PostgresRestartTests.OwnServer) { self.server = server }

        func report(_ events: [FindingEvent]) throws { self.events += events }
        func evaluated(_ snapshot: @autoclosure () -> FindingsReport) {
            evaluations += 1
            if evaluations == 3 { server.stop() }
            if evaluations == 12 { server.start() }
        }
        func flush(_ snapshot: FindingsReport) throws {}
        func slowFlush(seconds: Double, dropped: Int?) {}
        func storeStatus(_ error: (any Error)?, unsaved: Int) {
            if let error { failures.append("\(error)") } else { recoveries += 1 }
        }
    }

    @Test func aStoppedServerIsRetriedAndNothingIsLost() throws {
        let server = try PostgresRestartTests.OwnServer()
        let store = try PostgresStore(url: server.url)
        let outage = Outage(server: server)
        let path = TestServer.repositoryRoot.appendingPathComponent("fixtures/pcap/watch-lifecycle.pcap").path
        let config = CaptureConfiguration(source: .file(path))
        let result = try Scanner.watch(try Scanner.open(config), config: config, policy: ScanPolicy(), domainBase: "test/eth0",
                                       settings: WatchSettings(flushInterval: 1e-9), store: store, output: outage)
        #expect(outage.evaluations > 12)
        #expect(!outage.failures.isEmpty)
        #expect(outage.recoveries == 1)
        #expect(result.storeError == nil)
        // The capture went on through the outage: the whole open/update/close stream.
        #expect(outage.events.map(\.kind) == [.open, .open, .update, .close, .close])
        let frames = Dictionary(try store.observations().map { ("\($0.address) \($0.mac)", $0.frames) }, uniquingKeysWith: +)
        #expect(frames == [
            "10.0.0.5 02:00:00:00:00:0a": 8, "10.0.0.5 02:00:00:00:00:0b": 8, "10.0.0.5 02:00:00:00:00:0c": 3,
            "10.0.0.100 02:00:00:00:10:00": 15,
        ])
    }
}
