import IPAuditKit
import IPCore
import Testing
@testable import IPAuditCapture

/// One capture per verdict and per false-positive case (written by scripts/pcap/gen_fixtures.py):
/// the exact set of (rule, address) findings each must give, nothing more.
@Suite struct FixtureVerdictTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let file: String
        let expected: [String]   // "rule address" (address "-" when none), sorted
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        // true positives
        Case(file: "duplicate-static.pcap", expected: ["duplicate-address 10.0.0.5"]),
        Case(file: "duplicate-static.pcapng", expected: ["duplicate-address 10.0.0.5"]),
        Case(file: "duplicate-cooked.pcap", expected: ["duplicate-address 10.0.0.5"]),
        Case(file: "duplicate-cooked2.pcap", expected: ["duplicate-address 10.0.0.5"]),
        Case(file: "duplicate-midcapture.pcap", expected: ["duplicate-address 10.0.0.6"]),
        Case(file: "duplicate-vlan.pcap", expected: ["duplicate-address 10.0.0.7"]),
        Case(file: "split-brain.pcap", expected: ["duplicate-address 10.0.0.70"]),
        Case(file: "probe-takeover.pcap", expected: ["duplicate-address 10.0.0.81"]),
        Case(file: "ipv6-conflict.pcap", expected: ["duplicate-address fd00:10::5"]),
        Case(file: "unroutable.pcap", expected: ["unroutable-address 127.0.0.1", "unroutable-address 169.254.10.10",
                                                 "unroutable-address 192.0.2.10", "unroutable-address 240.0.0.9"]),
        Case(file: "raw-ip.pcap", expected: ["unroutable-address 127.0.0.1", "unroutable-address ::1"]),
        // named patterns that are not duplicates
        Case(file: "moved-failover.pcap", expected: ["address-moved 10.0.0.50"]),
        Case(file: "moved-nic-replacement.pcap", expected: ["address-moved 10.0.0.60"]),
        Case(file: "probe-defended.pcap", expected: ["duplicate-attempt 10.0.0.80"]),
        Case(file: "ipv6-dad-mld.pcap", expected: ["duplicate-attempt fd00:10::71"]),
        Case(file: "vrrp.pcap", expected: ["fhrp-virtual-mac 10.0.0.254"]),
        Case(file: "arp-flux.pcap", expected: ["arp-flux 10.0.0.31", "arp-flux 10.0.0.32"]),
        Case(file: "proxy-arp.pcap", expected: ["proxy-arp -"]),
        Case(file: "mac-mismatch.pcap", expected: ["arp-mac-mismatch 10.0.0.45"]),
        Case(file: "bonding-alb.pcap", expected: ["duplicate-address 10.1.1.20"]),
        Case(file: "dhcp-ack-conflict.pcap", expected: ["duplicate-address 10.0.0.96"]),
        Case(file: "arp-poison-gateway.pcap", expected: ["arp-spoofing 10.0.0.1", "unroutable-address 198.51.100.7"]),
        Case(file: "ra-kill-before-router.pcap", expected: ["router-impersonation fe80::6400:6aff:fe00:1"]),
        Case(file: "arp-resolver-lookalikes.pcap", expected: ["address-moved 10.0.0.40", "proxy-arp -"]),
        Case(file: "apipa-late-dhcp.pcap", expected: ["unroutable-address 169.254.145.153", "unroutable-address 169.254.67.194"]),
        Case(file: "dhcp-ack-reassign.pcap", expected: ["address-moved 10.0.0.97"]),
        // false-positive traps: nothing at all
        Case(file: "probe-new-host.pcap", expected: []),
        Case(file: "probe-sweep.pcap", expected: []),
        Case(file: "dhcp-discover.pcap", expected: []),
        Case(file: "dhcp-ack-bindings.pcap", expected: []),
        Case(file: "ecmp-north-south.pcap", expected: []),
        Case(file: "router-vlans.pcap", expected: []),
        Case(file: "same-mac-replies.pcap", expected: []),
        Case(file: "rarp-and-other.pcap", expected: []),
        Case(file: "malformed.pcap", expected: []),
    ]

    static func scan(_ file: String, policy: ScanPolicy = ScanPolicy()) throws -> ScanResult {
        try Scanner.run(CaptureConfiguration(source: .file(Fixture.pcap(file))), policy: policy, domainBase: "test/eth0",
                        observations: true)
    }

    static func summary(_ report: FindingsReport) -> [String] {
        report.findings.map { "\($0.rule) \($0.address ?? "-")" }.sorted()
    }

    @Test(arguments: cases)
    func verdicts(_ c: Case) throws {
        let result = try Self.scan(c.file)
        #expect(Self.summary(result.report) == c.expected)
        #expect(result.end == .endOfFile)
    }

    @Test("Every scan finding over the fixtures is a scan rule at its catalogue severity, unless the catalogue says when it differs")
    func severitiesFollowTheCatalogue() throws {
        var policy = ScanPolicy()
        policy.routable = IPSet(prefixes: [try IPPrefix("10.0.0.0/16")])
        var seen = 0
        for c in Self.cases {
            for f in try Self.scan(c.file, policy: policy).report.findings {
                seen += 1
                #expect(f.rule.scopes.contains(.scan), "\(c.file): \(f.rule)")
                #expect(f.rule.allows(f.severity), "\(c.file): \(f.rule) as \(f.severity), neither its default nor a declared reason's")
            }
        }
        #expect(seen > 10)
    }

    @Test func duplicateFindingCarriesMACsVLANAndPerMACEvidence() throws {
        let report = try Self.scan("duplicate-vlan.pcap").report
        let f = try #require(report.findings.first)
        #expect(f.severity == .error)
        #expect(f.macs == ["02:00:00:00:00:21", "02:00:00:00:00:22"])
        #expect(f.vlan == [20])
        #expect(f.evidence["domain"] == .string("test/eth0/vlan:20"))
        guard case .array(let claims)? = f.evidence["claims"], claims.count == 2,
              case .object(let first) = claims[0] else { Issue.record("claims missing"); return }
        #expect(first["frames"] == .int(10))
        guard case .array(let examples)? = first["example_frames"] else { Issue.record("no example frames"); return }
        #expect(examples.count == 3)
    }

    @Test func qinqConflictIsItsOwnDomain() throws {
        // In duplicate-vlan, 10.0.0.7 is also claimed by one MAC inside QinQ 100.20 and one in VLAN 10:
        // both are different domains from VLAN 20 and must not join its MAC set.
        let result = try Self.scan("duplicate-vlan.pcap")
        let domains = Set(result.observations.filter { $0.address.description == "10.0.0.7" }.map(\.domain))
        #expect(domains == ["test/eth0/vlan:20", "test/eth0/vlan:10", "test/eth0/vlan:100/vlan:20"])
    }

    @Test func allowListTurnsBondingIntoAnAllowedFinding() throws {
        var policy = ScanPolicy()
        policy.allowing(AllowList(entries: [.init(address: try IPAddress("10.1.1.20"),
                                                 entities: ["02:00:00:00:01:01", "02:00:00:00:01:02"], reason: "bond0 balance-alb")]))
        let report = try Self.scan("bonding-alb.pcap", policy: policy).report
        #expect(Self.summary(report) == ["allow-listed 10.1.1.20"])
        #expect(report.findings.first?.evidence["reason"] == .string("bond0 balance-alb"))
    }

    @Test func allowListMACsMatchInAnyCase() throws {
        var policy = ScanPolicy()
        policy.allowing(AllowList(entries: [.init(address: try IPAddress("10.1.1.20"),
                                                 entities: ["02:00:00:00:01:01", "02-00-00-00-01-02".uppercased()], reason: "bond")]))
        #expect(Self.summary(try Self.scan("bonding-alb.pcap", policy: policy).report) == ["allow-listed 10.1.1.20"])
    }

    @Test func allowListNeedsEveryMAC() throws {
        var policy = ScanPolicy()
        policy.allowing(AllowList(entries: [.init(address: try IPAddress("10.1.1.20"), entities: ["02:00:00:00:01:01"], reason: "one slave")]))
        #expect(Self.summary(try Self.scan("bonding-alb.pcap", policy: policy).report) == ["duplicate-address 10.1.1.20"])
    }

    @Test func routableSpaceFlagsOnLinkAddressesOutsideIt() throws {
        var policy = ScanPolicy()
        policy.routable = IPSet(prefixes: [try IPPrefix("10.0.0.0/25")])
        let report = try Self.scan("probe-sweep.pcap", policy: policy).report
        // probe-sweep binds 10.0.1.10-15: all outside 10.0.0.0/25
        #expect(Self.summary(report) == (10...15).map { "outside-routable-space 10.0.1.\($0)" })
    }

    @Test func statsCountDecodeErrorsByReason() throws {
        let stats = try Self.scan("malformed.pcap").report.stats
        #expect(stats["packets"] == .int(10))
        #expect(stats["decode_errors"] == .int(9))
        #expect(stats["decode_error_too-many-vlan-tags"] == .int(1))
        #expect(stats["decode_error_bad-ndp-option"] == .int(1))
        #expect(stats["arp"] == .int(1))
    }

    @Test func countStopsEarly() throws {
        var config = CaptureConfiguration(source: .file(Fixture.pcap("duplicate-static.pcap")))
        config.count = 5
        let result = try Scanner.run(config, policy: ScanPolicy(), domainBase: "t")
        #expect(result.end == .count)
        #expect(result.report.stats["packets"] == .int(5))
    }

    @Test func missingFileAndBadFilterAreClearErrors() {
        #expect(throws: CaptureError.self) { try Self.scan("no-such-file.pcap") }
        var config = CaptureConfiguration(source: .file(Fixture.pcap("duplicate-static.pcap")))
        config.filter = "arp and and"
        do {
            _ = try Scanner.run(config, policy: ScanPolicy(), domainBase: "t")
            Issue.record("a bad filter was accepted")
        } catch {
            #expect(error.description.contains("bad --filter 'arp and and'"))
        }
    }

    @Test func userFilterAlsoMatchesTaggedFrames() throws {
        var config = CaptureConfiguration(source: .file(Fixture.pcap("duplicate-vlan.pcap")))
        config.filter = "arp"
        let result = try Scanner.run(config, policy: ScanPolicy(), domainBase: "t", observations: true)
        #expect(Self.summary(result.report) == ["duplicate-address 10.0.0.7"])
        #expect(result.report.stats["ipv4"] == .int(0))   // the TCP background was filtered out
        // ARP inside QinQ (two tags) also passed the filter
        #expect(result.observations.contains { $0.domain == "t/vlan:100/vlan:20" })
    }
}
