import Foundation
import IPAuditKit
import IPAuditStorage
import IPCore
import Testing
@testable import IPAuditPostgres

/// A probe's verdicts (scope `probe:DOMAIN`) are superseded only where they were judged again:
/// by a later probe of the same addresses, or by a scan of the domain that saw the address bound
/// and raised nothing on it. The same steps on both engines.
@Suite struct ProbeVerdictScopeTests {
    static let domain = "h/eth0"
    static func seen(_ address: String, _ mac: String = "02:00:00:00:00:01") -> Observation {
        Observation(address: try! IPAddress(address), mac: MACAddress(mac)!, domain: domain, firstSeen: 1, lastSeen: 2, frames: 1)
    }

    static func duplicate(_ address: String) -> Finding {
        Finding(rule: .duplicateAddress, address: address, entities: [domain], message: "claimed by 2 MACs",
                macs: ["02:00:00:00:00:01", "02:00:00:00:00:02"])
    }

    static func probe(_ targets: [String], raised: [String], time: Double) -> WireEvaluation {
        WireEvaluation(verdicts: [DomainVerdicts(scope: VerdictClosure.probeScope(domain), findings: raised.map { duplicate($0) },
                                                 targets: Set(targets.map { try! IPAddress($0) }))], time: time)
    }

    /// The two scenarios, against any store: returns the open verdicts' addresses after each step.
    static func run(_ store: any WireVerdictStoring) throws -> [[String]] {
        var steps: [[String]] = []
        func open() throws -> [String] { try store.openVerdicts().compactMap(\.finding.address) }
        // Probe 1 (.5, .6) finds .5 duplicated; probe 2 of .7 only keeps it.
        try store.saveObservations([seen("10.0.0.5")], evaluation: probe(["10.0.0.5", "10.0.0.6"], raised: ["10.0.0.5"], time: 100))
        try store.saveObservations([seen("10.0.0.7")], evaluation: probe(["10.0.0.7"], raised: ["10.0.0.7"], time: 200))
        steps.append(try open())
        // A clean scan of the domain that saw .5 with one MAC closes its probe verdict; .7 unseen stays.
        try store.saveObservations([seen("10.0.0.5")], evaluation: WireEvaluation(verdicts: [DomainVerdicts(scope: domain, findings: [])], time: 300))
        steps.append(try open())
        // A scan that raises .7 itself does not close the probe's verdict on it.
        try store.saveObservations([seen("10.0.0.7"), seen("10.0.0.7", "02:00:00:00:00:02")],
                                   evaluation: WireEvaluation(verdicts: [DomainVerdicts(scope: domain, findings: [duplicate("10.0.0.7")])], time: 400))
        steps.append(try store.openVerdicts().filter { $0.scope.hasPrefix("probe:") }.compactMap(\.finding.address))
        // A probe of .7 that finds it clean closes it.
        try store.saveObservations([seen("10.0.0.7")], evaluation: probe(["10.0.0.7"], raised: [], time: 500))
        steps.append(try store.openVerdicts().filter { $0.scope.hasPrefix("probe:") }.compactMap(\.finding.address))
        return steps
    }

    static let expected = [["10.0.0.5", "10.0.0.7"], ["10.0.0.7"], ["10.0.0.7"], []]

    @Test func probesKeepEachOthersVerdictsAndACleanScanClosesThemOnSQLite() throws {
        let dir = try WireVerdictPostgresTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(try Self.run(SQLiteStore(path: dir.appendingPathComponent("s.db").path)) == Self.expected)
    }

    @Test(.requires(.postgres)) func probesKeepEachOthersVerdictsAndACleanScanClosesThemOnPostgreSQL() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        #expect(try Self.run(PostgresStore(url: db.url)) == Self.expected)
    }
}

/// `auditState()` carries the wire's verdicts and coverage from its own one read, on both engines.
@Suite struct AuditStateWireTests {
    static func check(_ store: any IPAuditStore) throws {
        try store.saveObservations([ProbeVerdictScopeTests.seen("10.0.0.5")], evaluation: WireEvaluation(
            verdicts: [DomainVerdicts(scope: ProbeVerdictScopeTests.domain, findings: [ProbeVerdictScopeTests.duplicate("10.0.0.5")])],
            coverage: [LinkCoverage(domain: ProbeVerdictScopeTests.domain, prefix: try IPPrefix("10.0.0.0/24"), firstWatched: 1, lastWatched: 2)], time: 10))
        let state = try store.auditState()
        #expect(state.wireVerdicts.compactMap(\.finding.address) == ["10.0.0.5"])
        #expect(state.coverage.map(\.prefix.description) == ["10.0.0.0/24"])
        #expect(state.observations.count == 1)
    }

    @Test func onSQLite() throws {
        let dir = try WireVerdictPostgresTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.check(LocalStore(path: dir.appendingPathComponent("s.db").path))
    }

    @Test(.requires(.postgres)) func onPostgreSQL() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        try Self.check(PostgresStore(url: db.url))
    }
}
