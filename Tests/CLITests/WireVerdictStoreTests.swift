import Foundation
import Testing

/// What scan raised about a binding, `audit --store` and `report --store` of the store it wrote
/// raise too (issue 21): the same verdict engine's findings, exemptions included, until a later
/// evaluation of the same domain no longer raises them.
@Suite struct WireVerdictStoreTests {
    /// A finding as the comparison sees it.
    struct Key: Hashable, Comparable, CustomStringConvertible {
        var rule: String, address: String, severity: String
        var description: String { "\(rule) \(address) \(severity)" }
        static func < (a: Key, b: Key) -> Bool { (a.rule, a.address, a.severity) < (b.rule, b.address, b.severity) }
    }

    /// Sorted, not a set: a finding reported twice shows.
    static func keys(_ json: String) throws -> [Key] {
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let findings = try #require(doc["findings"] as? [[String: Any]])
        return findings.map { Key(rule: $0["rule"] as? String ?? "", address: $0["address"] as? String ?? "", severity: $0["severity"] as? String ?? "") }.sorted()
    }

    /// The report page's findings table: severity, rule and address cells of each row.
    static func reportKeys(_ html: String) throws -> [Key] {
        // End tags are omitted where HTML allows: `<tr><td>error<td>duplicate-address<td>10.0.0.5<td>…`.
        let row = try Regex(#"<tr><td>(error|warning|info)<td>([a-z-]+)<td>([^<]*)<td>"#)
        return html.matches(of: row).map { m in
            Key(rule: String(m.output[2].substring!), address: String(m.output[3].substring!), severity: String(m.output[1].substring!))
        }.sorted()
    }

    /// The wire's own findings: without an inventory the audit also calls every address unknown.
    static func wire(_ keys: [Key]) -> [Key] { keys.filter { $0.rule != "unknown-address" } }

    static func scan(_ fixture: String, into store: String, _ extra: [String] = []) throws -> CLIResult {
        try CLIRunner.run(["scan", "--read", CLIRunner.fixture("pcap/\(fixture).pcap"), "--store", store, "--user", TestUser.name,
                           "--format", "json"] + extra)
    }

    /// audit --store and report --store of `store` agree with `scan` finding by finding.
    static func expectAgreement(_ scanned: CLIResult, store: String, dir: URL, _ note: String) throws {
        let scanKeys = try keys(scanned.stdout)
        #expect(!scanKeys.isEmpty, "\(note): the capture raises something")
        let audit = try CLIRunner.run(["audit", "--store", store, "--format", "json"])
        #expect(wire(try keys(audit.stdout)) == scanKeys, "\(note): audit \(audit.stdout)")
        // Scan and audit fail alike (unknown-address is a warning, so only the wire's errors count).
        #expect(audit.status == scanned.status, "\(note)")
        let page = dir.appendingPathComponent("\(note).html").path
        let report = try CLIRunner.run(["report", "--store", store, "--output", page])
        #expect(report.status == audit.status, "\(note): \(report.stderr)")
        #expect(wire(try reportKeys(try String(contentsOfFile: page, encoding: .utf8))) == scanKeys, "\(note)")
    }

    @Test(arguments: ["duplicate-one-request", "vrrp", "proxy-arp", "moved-failover", "arp-flux", "duplicate-vlan", "probe-defended"])
    func auditAndReportOfTheStoreAgreeWithTheScan(fixture: String) throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        let scanned = try Self.scan(fixture, into: store)
        try Self.expectAgreement(scanned, store: store, dir: dir, fixture)
    }

    /// Two ARP sender/Ethernet source pairs disagreeing on one address are two verdicts: both
    /// survive into the store.
    @Test func twoMACMismatchPairsOnOneAddressAreBothKept() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pcap = try PcapRecords(path: CLIRunner.fixture("pcap/mac-mismatch.pcap"))
        // The fixture's first reply (10.0.0.45 is-at ..:c1 from ..:c9), and a copy from ..:ca saying ..:c2.
        var other = pcap.records[0].bytes
        other[other.startIndex + 16 + 11] = 0xca
        other[other.startIndex + 16 + 14 + 13] = 0xc2
        let file = dir.appendingPathComponent("two.pcap")
        try (pcap.header + pcap.records[0].bytes + other).write(to: file)
        let store = dir.appendingPathComponent("s.db").path
        let scanned = try CLIRunner.run(["scan", "--read", file.path, "--store", store, "--user", TestUser.name, "--format", "json"])
        let mismatches = [Key(rule: "arp-mac-mismatch", address: "10.0.0.45", severity: "warning")]
        #expect(try Self.keys(scanned.stdout).filter { $0.rule == "arp-mac-mismatch" } == mismatches + mismatches, "\(scanned.stdout)")
        try Self.expectAgreement(scanned, store: store, dir: dir, "two-mismatches")
    }

    @Test func theDuplicateFailsTheAuditAndEachVerdictIsReportedOnce() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        #expect(try Self.scan("duplicate-one-request", into: store).status == 1)
        let audit = try CLIRunner.run(["audit", "--store", store])
        #expect(audit.status == 1)
        #expect(audit.stdout.contains("[duplicate-address] 10.0.0.5"), "\(audit.stdout)")
        // Scanned again: still one verdict, first raised at the first scan.
        #expect(try Self.scan("duplicate-one-request", into: store).status == 1)
        let json = try CLIRunner.run(["audit", "--store", store, "--format", "json"]).stdout
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let dups = try #require(doc["findings"] as? [[String: Any]]).filter { $0["rule"] as? String == "duplicate-address" }
        #expect(dups.count == 1)
        let evidence = try #require(dups.first?["evidence"] as? [String: Any])
        let first = try #require(evidence["first_raised"] as? Double), last = try #require(evidence["last_evaluated"] as? Double)
        #expect(first < last)
    }

    @Test func aLaterScanOfTheSameDomainClosesWhatItNoLongerRaises() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        #expect(try Self.scan("duplicate-one-request", into: store, ["--l2-domain", "lab/eth0"]).status == 1)
        // Another domain's clean scan leaves it open.
        _ = try Self.scan("ecmp-north-south", into: store, ["--l2-domain", "lab/eth1"])
        #expect(try CLIRunner.run(["audit", "--store", store]).stdout.contains("[duplicate-address] 10.0.0.5"))
        // The same domain evaluated again without the conflict: closed.
        _ = try Self.scan("ecmp-north-south", into: store, ["--l2-domain", "lab/eth0"])
        let after = try CLIRunner.run(["audit", "--store", store])
        #expect(after.status == 0, "\(after.stdout)")
        #expect(!after.stdout.contains("duplicate-address"))
    }

    /// A replayed watch: what its event stream left open is what the store holds open; what it
    /// closed (aged out) the store closed too.
    @Test(arguments: ["duplicate-one-request", "watch-lifecycle", "vrrp"])
    func theWatchKeepsOpenWhatItsEventStreamLeftOpen(fixture: String) throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        let watch = try Self.scan(fixture, into: store, ["--watch", "--flush", "1s"])
        #expect(watch.status == 0, "\(watch.stderr)")
        var open: [String: Key] = [:]
        for line in watch.stdout.split(separator: "\n") {
            let event = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let f = try #require(event["finding"] as? [String: Any])
            let key = Key(rule: f["rule"] as? String ?? "", address: f["address"] as? String ?? "", severity: f["severity"] as? String ?? "")
            // An update may change the MAC set: the finding is its rule, address and domain.
            let id = "\(key.rule) \(key.address) \((f["entities"] as? [String]) ?? [])"
            if event["event"] as? String == "close" { open[id] = nil } else { open[id] = key }
        }
        let audit = try CLIRunner.run(["audit", "--store", store, "--format", "json"])
        #expect(Self.wire(try Self.keys(audit.stdout)) == open.values.sorted(), "\(fixture): \(watch.stdout)")
        if fixture == "watch-lifecycle" { #expect(open.isEmpty && watch.stdout.contains("\"event\":\"close\"")) }
    }

    @Test func inventoryMACAndStaleRecordsAgainstAScannedLink() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        let csv = dir.appendingPathComponent("inv.csv")
        try """
            address,name,mac,status
            10.0.0.100,web-a,02:00:00:00:10:99,active
            10.0.0.101,web-b,02:00:00:00:10:01,active
            10.0.0.102,web-c,,active
            10.0.0.77,gone,02:00:00:00:00:77,active
            10.0.0.78,old-task,,retired
            10.0.5.5,unwatched,,active

            """.write(to: csv, atomically: true, encoding: .utf8)
        #expect(try CLIRunner.run(["import", csv.path, "--store", store]).status == 0)
        _ = try Self.scan("duplicate-one-request", into: store, ["--link-prefix", "10.0.0.0/24"])
        let audit = try CLIRunner.run(["audit", "--store", store, "--stale-after", "0s", "--format", "json"])
        let found = try Self.keys(audit.stdout)
        #expect(found.filter { $0.rule == "mac-mismatch" }.map(\.address) == ["10.0.0.100"])
        #expect(found.filter { $0.rule == "stale-address" }.map(\.address) == ["10.0.0.77"])
        // The default 30 days: a replay of seconds covers too little to call anything stale.
        let fresh = try Self.keys(CLIRunner.run(["audit", "--store", store, "--format", "json"]).stdout)
        #expect(fresh.filter { $0.rule == "stale-address" }.isEmpty)
        #expect(try CLIRunner.run(["audit", "--store", store, "--stale-after", "soon"]).status == 2)
        #expect(try CLIRunner.run(["scan", "--read", CLIRunner.fixture("pcap/vrrp.pcap"), "--link-prefix", "10.0.0.0/24"]).status == 2,
                "--link-prefix needs --store")
    }

    /// Stored rows are parsed once, when read: one not written by ipaudit is refused (exit 2,
    /// naming the store and the table), never silently left out of the audit.
    @Test(.requires(.sqlite3), arguments: ["UPDATE observation SET address = 'not-an-address' WHERE address = '10.0.0.5'",
                      "UPDATE wire_verdict SET finding = '{' WHERE rule = 'duplicate-address'"])
    func aCorruptStoredRowIsRefusedNamingTheStore(corruption: String) throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        _ = try Self.scan("duplicate-one-request", into: store)
        _ = try CLIRunner.runTool("/usr/bin/sqlite3", [store, corruption])
        let audit = try CLIRunner.run(["audit", "--store", store])
        #expect(audit.status == 2)
        #expect(audit.stderr.contains(store) && audit.stderr.contains("stored row is corrupt"), "\(audit.stderr)")
        #expect(audit.stdout.isEmpty)
    }
}
