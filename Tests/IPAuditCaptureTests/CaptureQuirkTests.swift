import Foundation
import IPAuditKit
import IPCore
import Testing
@testable import IPAuditCapture

/// Captures as real networks and tools produce them (issue 11): `any` with `lo`, cut records,
/// several pcapng interfaces, LLC/SNAP, BSD loopback, NDP with trailers, DHCP INFORM.
/// Each fixture names the published capture it mirrors (scripts/pcap/gen_fixtures.py).
@Suite struct CaptureQuirkTests {
    static func scan(_ file: String, filter: String? = nil, policy: ScanPolicy = ScanPolicy()) throws -> ScanResult {
        var config = CaptureConfiguration(source: .file(Fixture.pcap(file)))
        config.filter = filter
        return try Scanner.run(config, policy: policy, domainBase: "pcap/\(file)", observations: true)
    }

    static func summary(_ r: ScanResult) -> [String] { FixtureVerdictTests.summary(r.report) }

    @Test(arguments: ["duplicate-cooked.pcap", "duplicate-cooked2.pcap", "raw-ip.pcap", "bsd-loopback.pcap"])
    func userFilterCompilesOnLinkTypesWithoutVLANs(_ file: String) throws {
        let all = try Self.scan(file)
        let filtered = try Self.scan(file, filter: "arp or ip or ip6")
        #expect(Self.summary(filtered) == Self.summary(all))
        let nothing = try Self.scan(file, filter: "tcp port 1")
        #expect(nothing.report.stats["packets"] == .int(0))
    }

    @Test func cookedFilterKeepsOnlyWhatItSays() throws {
        let r = try Self.scan("duplicate-cooked2.pcap", filter: "arp")
        #expect(Self.summary(r) == ["duplicate-address 10.0.0.5"])
        #expect(r.report.stats["ipv4"] == .int(0))
        #expect((r.report.stats["arp"]?.intValue ?? 0) > 0)
    }

    @Test func loopbackFramesInAnyAreSkippedAndCounted() throws {
        let r = try Self.scan("any-with-lo.pcap")
        #expect(Self.summary(r) == ["duplicate-address 10.0.0.5"])   // 127.0.0.53 and ::1 are no finding
        #expect(r.report.stats["loopback_frames"] == .int(3))
        #expect(r.report.stats["decode_errors"] == .int(0))
    }

    @Test func linuxLoReadAsEthernetIsSkipped() throws {
        let r = try Self.scan("lo-ethernet.pcap")
        #expect(Self.summary(r).isEmpty)
        #expect(r.report.stats["loopback_frames"] == .int(3))
        #expect(r.observations.map(\.address.description) == ["10.0.0.150"])
    }

    @Test func bsdLoopbackIsDecoded() throws {
        let r = try Self.scan("bsd-loopback.pcap")
        #expect(Self.summary(r) == ["unroutable-address 240.0.0.9"])
        #expect(r.report.stats["loopback_frames"] == .int(3))
        #expect(r.report.stats["ipv4"] == .int(2))
        #expect(r.report.stats["link_type"] == .string("NULL"))
    }

    @Test(arguments: ["truncated.pcap", "truncated.pcapng"])
    func cutLastRecordKeepsTheReport(_ file: String) throws {
        let whole = try Self.scan(file.hasSuffix("ng") ? "duplicate-static.pcapng" : "duplicate-static.pcap")
        let r = try Self.scan(file)
        #expect(r.end == .truncated)
        #expect(Self.summary(r) == ["duplicate-address 10.0.0.5"])
        let packets = try #require(whole.report.stats["packets"]?.intValue)
        #expect(r.report.stats["packets"] == .int(packets - 1))
        let cut = try #require(r.truncation)
        #expect(cut.lastFrame == packets - 1)
        // The cut record starts where the last whole one ends: the file's size less what is left of it.
        let size = try #require(try FileManager.default.attributesOfItem(atPath: Fixture.pcap(file))[.size] as? Int)
        let leftOfLast = file.hasSuffix("ng") ? 8 + 20 + 10 : 16 + 10   // block/record header + 10 data bytes
        #expect(cut.offset == size - leftOfLast)
        #expect(r.report.stats["truncated_at_byte"] == .int(cut.offset))
    }

    @Test func ndpIsBoundedByThePayloadLength() throws {
        let r = try Self.scan("ndp-trailer.pcap")
        // The NA with a 4-byte FCS after it binds; the NS with payload length 0 binds nothing.
        #expect(r.observations.map { "\($0.address) \($0.mac)" } == ["fd00::7 02:00:00:00:00:71"])
        #expect(r.report.stats["decode_error_bad-ndp-option"] == nil)
        #expect(r.report.stats["decode_error_truncated-icmpv6"] == .int(1))
    }

    @Test func twoAnswersToOneRequestAreADuplicate() throws {
        let r = try Self.scan("duplicate-one-request.pcap")
        #expect(Self.summary(r) == ["duplicate-address 10.0.0.5"])
        // A grace shorter than the 3 ms between the answers makes it a move: the grace decides.
        var policy = ScanPolicy()
        policy.moveGrace = 0.001
        #expect(Self.summary(try Self.scan("duplicate-one-request.pcap", policy: policy)) == ["address-moved 10.0.0.5"])
    }

    @Test func pcapngInterfacesAreSeparateDomainsAndReadWhole() throws {
        let r = try Self.scan("three-interfaces.pcapng")
        // 10.0.0.5 on eth0 and on eth1 is two segments, not a conflict; 10.0.0.77 on `any` is one.
        #expect(Self.summary(r) == ["duplicate-address 10.0.0.77"])
        #expect(r.report.findings.first?.entities == ["pcap/three-interfaces.pcapng/any"])
        #expect(r.report.stats["packets"] == .int(16))
        #expect(r.report.stats["interfaces"] == .int(3))
        #expect(r.report.stats["link_type"] == .string("EN10MB,LINUX_SLL"))
        let domains = Set(r.observations.filter { $0.address.description == "10.0.0.5" }.map(\.domain))
        #expect(domains == ["pcap/three-interfaces.pcapng/eth0", "pcap/three-interfaces.pcapng/eth1"])
    }

    @Test func singleInterfacePcapngKeepsTheCaptureName() throws {
        let r = try Self.scan("duplicate-static.pcapng")
        #expect(r.report.findings.first?.entities == ["pcap/duplicate-static.pcapng"])
        #expect(r.report.stats["interfaces"] == .int(1))
    }

    @Test func snapARPIsDecoded() throws {
        #expect(Self.summary(try Self.scan("arp-snap.pcap")) == ["duplicate-address 10.0.0.33"])
    }

    @Test func informAcksAreCountedApart() throws {
        let r = try Self.scan("dhcp-inform.pcap")
        #expect(r.report.stats["dhcp_acks"] == .int(1))
        #expect(r.report.stats["dhcp_inform_acks"] == .int(1))
        #expect(r.observations.map(\.address.description) == ["10.0.0.82"])
    }

    /// Frame numbers under a filter are the file's: every frame of the claim MAC, counted by
    /// walking the records independently of libpcap.
    @Test func filteredExampleFramesAreFileFrameNumbers() throws {
        let path = Fixture.pcap("duplicate-static.pcap")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        var offset = 24, frame = 0
        var framesOfB: [Int] = []
        while offset + 16 <= bytes.count {
            frame += 1
            let data = offset + 16
            // Ethernet type ARP and sender hardware address 02:00:00:00:00:0b
            if bytes[data + 12] == 0x08, bytes[data + 13] == 0x06, Array(bytes[(data + 22)..<(data + 28)]) == [2, 0, 0, 0, 0, 0x0b] {
                framesOfB.append(frame)
            }
            offset = data + u32(offset + 8)
        }
        let r = try Self.scan("duplicate-static.pcap", filter: "arp and (ether src 02:00:00:00:00:0a or ether src 02:00:00:00:00:0b)")
        let finding = try #require(r.report.findings.first)
        guard case .array(let claims)? = finding.evidence["claims"],
              let claim = claims.compactMap({ c -> [String: JSONValue]? in if case .object(let o) = c { o } else { nil } })
                  .first(where: { $0["mac"] == .string("02:00:00:00:00:0b") }),
              case .array(let examples)? = claim["example_frames"] else {
            Issue.record("no claims evidence"); return
        }
        #expect(examples.compactMap(\.intValue) == Array(framesOfB.prefix(3)))
        #expect(framesOfB.first ?? 0 > 1)   // would be 1 if the filter renumbered
    }
}

extension JSONValue {
    var intValue: Int? { if case .int(let v) = self { v } else { nil } }
}

/// IP-header sources judged by the MAC that carried them (issue 11, "Sources on the wire").
@Suite struct HostSourceTests {
    static func policy(routable: [String]) throws -> ScanPolicy {
        var p = ScanPolicy()
        p.routable = IPSet(prefixes: try routable.map { try IPPrefix($0) })
        return p
    }

    static let cluster = ["10.0.0.0/16", "fd00::/16"]

    @Test func plantedLeaksFromHostMACsAreReportedAndRoutedTrafficIsNot() throws {
        let r = try CaptureQuirkTests.scan("host-leaks.pcap", policy: try Self.policy(routable: Self.cluster))
        #expect(CaptureQuirkTests.summary(r) == [
            "outside-routable-space 100.64.1.1", "outside-routable-space 172.17.0.2", "outside-routable-space 9.0.1.5",
            "outside-routable-space fd99::5", "unroutable-address 0.0.0.0", "unroutable-address 169.254.7.7",
        ])
        let overlay = try #require(r.report.findings.first { $0.address == "9.0.1.5" })
        #expect(overlay.macs == ["02:00:00:00:0a:01"])
        guard case .string(let why)? = overlay.evidence["judged_on_link"] else { Issue.record("no reason given"); return }
        #expect(why.contains("answers for 10.0.0.11"))
    }

    @Test func withoutRoutableOnlyWhatNoRouterForwardsIsJudged() throws {
        let r = try CaptureQuirkTests.scan("host-leaks.pcap")
        #expect(CaptureQuirkTests.summary(r) == ["unroutable-address 0.0.0.0", "unroutable-address 169.254.7.7"])
    }

    /// A router is learnt from the wire; naming a leaking host's MAC with --router silences it.
    @Test func routerMACsAreExempt() throws {
        var policy = try Self.policy(routable: Self.cluster)
        policy.routerMACs = [MACAddress("02:00:00:00:0a:01")!]
        let r = try CaptureQuirkTests.scan("host-leaks.pcap", policy: policy)
        #expect(!CaptureQuirkTests.summary(r).contains("outside-routable-space 9.0.1.5"))
        #expect(CaptureQuirkTests.summary(r).contains("outside-routable-space 172.17.0.2"))
    }

    /// Every false-positive trap and verdict fixture, judged with a routable space that holds
    /// the cluster: host-MAC judging adds nothing where nothing leaked.
    @Test(arguments: ["ecmp-north-south.pcap", "router-vlans.pcap", "duplicate-static.pcap", "dhcp-discover.pcap",
                      "dhcp-ack-bindings.pcap", "vrrp.pcap", "proxy-arp.pcap", "same-mac-replies.pcap", "probe-sweep.pcap"])
    func noNewFindingsOnCleanCaptures(_ file: String) throws {
        let plain = try CaptureQuirkTests.scan(file)
        let judged = try CaptureQuirkTests.scan(file, policy: try Self.policy(routable: ["10.0.0.0/8", "fd00::/8", "fe80::/10"]))
        #expect(CaptureQuirkTests.summary(judged).filter { !CaptureQuirkTests.summary(plain).contains($0) }.isEmpty)
    }
}
