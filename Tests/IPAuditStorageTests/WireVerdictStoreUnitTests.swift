import Foundation
import IPAuditKit
import IPAuditStorage
import IPCore
import Testing

/// The SQLite side of the wire's verdicts: supersede per scope, first-raised kept while a
/// verdict stays open, coverage merged, observations in the same write.
@Suite struct WireVerdictStoreUnitTests {
    static func duplicate(_ address: String, domain: String = "h/eth0") -> Finding {
        Finding(rule: .duplicateAddress, address: address, entities: [domain], message: "claimed by 2 MACs",
                macs: ["02:00:00:00:00:01", "02:00:00:00:00:02"])
    }

    @Test func anEvaluationSupersedesItsScopeOnly() throws {
        let (store, dir) = try ObservationStoreTests.temporaryStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let seen = Observation(address: "10.0.0.5", mac: "02:00:00:00:00:01", domain: "h/eth0", firstSeen: 1, lastSeen: 2, frames: 1)
        try store.saveObservations([seen], evaluation: WireEvaluation(verdicts: [
            DomainVerdicts(scope: "h/eth0", findings: [Self.duplicate("10.0.0.5"), Self.duplicate("10.0.0.6")]),
            DomainVerdicts(scope: "g/eth0", findings: [Self.duplicate("10.0.0.7", domain: "g/eth0")]),
        ], coverage: [LinkCoverage(domain: "h/eth0", prefix: try IPPrefix("10.0.0.0/24"), firstWatched: 10, lastWatched: 20)], time: 100))
        #expect(try store.observations() == [seen])
        #expect(try store.openVerdicts().map(\.finding.address) == ["10.0.0.7", "10.0.0.5", "10.0.0.6"])  // by scope, then subject

        // h/eth0 again: .5 still raised (first raised kept), .6 not (closed); g/eth0 untouched.
        try store.saveObservations([], evaluation: WireEvaluation(verdicts: [DomainVerdicts(scope: "h/eth0", findings: [Self.duplicate("10.0.0.5")])],
                                                                   coverage: [LinkCoverage(domain: "h/eth0", prefix: try IPPrefix("10.0.0.0/24"), firstWatched: 15, lastWatched: 50)],
                                                                   time: 200))
        let open = try store.openVerdicts()
        #expect(open.map(\.finding.address) == ["10.0.0.7", "10.0.0.5"])
        #expect(open.last?.firstRaised == 100 && open.last?.lastEvaluated == 200)
        #expect(try store.linkCoverage().map { [$0.firstWatched, $0.lastWatched] } == [[10, 50]])

        // Closed, then raised again: a new first-raised.
        try store.saveObservations([], evaluation: WireEvaluation(verdicts: [DomainVerdicts(scope: "h/eth0", findings: [])], time: 300))
        try store.saveObservations([], evaluation: WireEvaluation(verdicts: [DomainVerdicts(scope: "h/eth0", findings: [Self.duplicate("10.0.0.6")])], time: 400))
        #expect(try store.openVerdicts().filter { $0.scope == "h/eth0" }.map { "\($0.finding.address ?? "") \($0.firstRaised)" } == ["10.0.0.6 400.0"])
    }

    @Test func unknownAddressIsNotAWireVerdictToKeep() {
        let kept = DomainVerdicts(scope: "h/eth0", findings: [
            UnknownAddressRule.finding(.v4(IPv4Address(bits: 1)), macs: [], domains: ["h/eth0"], evidence: [:]), Self.duplicate("10.0.0.5"),
        ])
        #expect(kept.findings.map(\.rule) == [.duplicateAddress])
    }
}
