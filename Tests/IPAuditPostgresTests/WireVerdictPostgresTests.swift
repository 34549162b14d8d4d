import Foundation
import IPAuditKit
import Testing
@testable import IPAuditPostgres

/// The wire's verdicts on a PostgreSQL store: what scan raised, audit --store and report
/// --store raise, as on SQLite; a later scan of the domain closes what it no longer raises; the
/// reconciliation rules read the same coverage.
@Suite(.requires(.postgres)) struct WireVerdictPostgresTests {
    struct Key: Hashable { var rule: String, address: String, severity: String }

    static func keys(_ json: String) throws -> Set<Key> {
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any], "\(json)")
        let findings = try #require(doc["findings"] as? [[String: Any]])
        return Set(findings.map { Key(rule: $0["rule"] as? String ?? "", address: $0["address"] as? String ?? "", severity: $0["severity"] as? String ?? "") })
    }

    static func wire(_ keys: Set<Key>) -> Set<Key> { keys.filter { $0.rule != "unknown-address" } }

    static func pcap(_ name: String) -> String {
        TestServer.repositoryRoot.appendingPathComponent("fixtures/pcap/\(name).pcap").path
    }

    static func temporaryDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-verdicts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test(arguments: ["duplicate-one-request", "vrrp", "proxy-arp"])
    func auditAndReportAgreeWithTheScanAndWithSQLite(fixture: String) throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let scan = try FleetCLITests.run(["scan", "--read", Self.pcap(fixture), "--store", db.url, "--format", "json"])
        let scanned = try Self.keys(scan.stdout)
        #expect(!scanned.isEmpty)
        let audit = try FleetCLITests.run(["audit", "--store", db.url, "--format", "json"])
        #expect(Self.wire(try Self.keys(audit.stdout)) == scanned, "\(audit.stdout)")
        #expect(audit.status == scan.status)
        let page = dir.appendingPathComponent("r.html").path
        let report = try FleetCLITests.run(["report", "--store", db.url, "--output", page])
        #expect(report.status == audit.status, "\(report.stderr)")
        let html = try String(contentsOfFile: page, encoding: .utf8)
        let rows = Set(html.matches(of: try Regex(#"<tr><td>(error|warning|info)<td>([a-z-]+)<td>([^<]*)<td>"#)).map { m in
            Key(rule: String(m.output[2].substring!), address: String(m.output[3].substring!), severity: String(m.output[1].substring!))
        })
        #expect(Self.wire(rows) == scanned)
        // The SQLite store of the same scan audits the same, finding for finding.
        let file = dir.appendingPathComponent("s.db").path
        _ = try FleetCLITests.run(["scan", "--read", Self.pcap(fixture), "--store", file, "--user", TestUser.name])
        #expect(try Self.keys(FleetCLITests.run(["audit", "--store", file, "--format", "json"]).stdout) == (try Self.keys(audit.stdout)))
    }

    @Test func aLaterScanOfTheDomainClosesTheVerdictAndFirstRaisedStays() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let dup = ["scan", "--read", Self.pcap("duplicate-one-request"), "--store", db.url, "--l2-domain", "lab/eth0"]
        #expect(try FleetCLITests.run(dup).status == 1)
        let first = try PostgresStore(url: db.url).openVerdicts()
        #expect(first.map(\.finding.rule) == [.duplicateAddress])
        #expect(try FleetCLITests.run(dup).status == 1)
        let again = try PostgresStore(url: db.url).openVerdicts()
        #expect(again.count == 1)
        #expect(again.first?.firstRaised == first.first?.firstRaised)
        #expect((again.first?.lastEvaluated ?? 0) > (first.first?.lastEvaluated ?? .infinity))
        _ = try FleetCLITests.run(["scan", "--read", Self.pcap("ecmp-north-south"), "--store", db.url, "--l2-domain", "lab/eth0"])
        #expect(try PostgresStore(url: db.url).openVerdicts().isEmpty)
        #expect(try FleetCLITests.run(["audit", "--store", db.url]).status == 0)
    }

    @Test func macMismatchAndStaleAddressFromThePostgresStore() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let dir = try Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("inv.csv")
        try "address,name,mac,status\n10.0.0.100,web-a,02:00:00:00:10:99,active\n10.0.0.101,web-b,,active\n10.0.0.77,gone,,active\n10.0.0.78,task,,retired\n10.0.9.9,elsewhere,,active\n"
            .write(to: csv, atomically: true, encoding: .utf8)
        #expect(try FleetCLITests.run(["import", "--store", db.url, csv.path]).status == 0)
        _ = try FleetCLITests.run(["scan", "--read", Self.pcap("duplicate-one-request"), "--store", db.url, "--link-prefix", "10.0.0.0/24"])
        let coverage = try PostgresStore(url: db.url).linkCoverage()
        #expect(coverage.map(\.prefix.description) == ["10.0.0.0/24"])
        let found = try Self.keys(FleetCLITests.run(["audit", "--store", db.url, "--stale-after", "0s", "--format", "json"]).stdout)
        #expect(found.filter { $0.rule == "mac-mismatch" }.map(\.address) == ["10.0.0.100"])
        #expect(found.filter { $0.rule == "stale-address" }.map(\.address) == ["10.0.0.77"])
    }
}
