import Foundation
import IPAuditKit
import IPCore
import Testing
@testable import IPAuditCapture

/// `probe --dhcp` and `--routers`: what is sent (read back by tshark, checksums verified) and
/// how the answers are judged and listed.
@Suite struct ProbeSolicitationTests {
    static let own = MACAddress("02:13:00:00:00:01")!
    static let linkLocal = try! IPv6Address("fe80::13:ff:fe00:1")

    @Test("tshark reads a DISCOVER, a SOLICIT without Rapid Commit and an RS, with good checksums", .requires(.tshark))
    func tsharkReadsTheSolicitations() throws {
        let builder = ProbeFrameBuilder(source: Self.own)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("solicit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("solicit.pcap").path
        PcapWriter.write([builder.dhcpDiscover(xid: 0x1234_5678), builder.dhcpv6Solicit(from: Self.linkLocal, transaction: 0xabcdef),
                          builder.routerSolicitation()], to: path)
        let run = try ProcessRunner.run("/usr/bin/env", ["tshark", "-r", path, "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
                                                         "-T", "fields", "-E", "occurrence=f",
                                                         "-e", "dhcp.option.dhcp", "-e", "dhcp.hw.mac_addr", "-e", "dhcp.flags.bc",
                                                         "-e", "dhcpv6.msgtype", "-e", "dhcpv6.duidll.link_layer_addr",
                                                         "-e", "dhcpv6.option.type", "-e", "icmpv6.type", "-e", "ip.checksum.status",
                                                         "-e", "udp.checksum.status", "-e", "icmpv6.checksum.status", "-e", "ipv6.hlim",
                                                         "-e", "_ws.expert.severity"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = run.stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        try #require(rows.count == 3)
        // DISCOVER (1) for our MAC, broadcast flag set, IP header checksum good.
        #expect(rows[0][0] == "1" && rows[0][1] == Self.own.description && rows[0][2] == "1")
        #expect(rows[0][7] == "1", "IP header checksum status \(rows[0][7])")
        // SOLICIT (1) with our DUID-LL; the UDP checksum verified good.
        #expect(rows[1][3] == "1" && rows[1][4] == Self.own.description)
        #expect(rows[1][8] == "1", "UDP checksum status \(rows[1][8])")
        // RS (133), checksum good, hop limit 255.
        #expect(rows[2][6] == "133" && rows[2][9] == "1" && rows[2][10] == "255")
        // No Rapid Commit (option 14) anywhere: nothing is leased by a SOLICIT.
        let options = try ProcessRunner.run("/usr/bin/env", ["tshark", "-r", path, "-Y", "dhcpv6.option.type == 14"])
        #expect(options.stdout.isEmpty)
    }

    static func collector(named: LinkServiceNames = LinkServiceNames()) -> ProbeCollector {
        var policy = ScanPolicy()
        policy.dhcpServers = named
        policy.routerMACs = named.routers
        var c = ProbeCollector(targets: [], ownMAC: Self.own, vlan: nil, policy: policy, domainBase: "t")
        c.listensForServices = true
        return c
    }

    static func feed(_ c: inout ProbeCollector, _ frames: [[UInt8]]) {
        for (i, f) in frames.enumerated() { f.withUnsafeBytes { c.frame($0, linkType: .ethernet, time: Double(i), frame: i + 1) } }
    }

    @Test("Every server answering our DISCOVER is listed and judged; answers to other clients are not ours")
    func serversAnsweringAreListed() throws {
        let mine = Self.own.description
        let frames = [ServiceFrames.dhcpAnswer(from: RogueDHCPServerTests.serverA, yiaddr: "10.0.0.50", chaddr: mine, router: "10.0.0.1"),
                      ServiceFrames.dhcpAnswer(from: RogueDHCPServerTests.rogue, yiaddr: "192.168.1.100", chaddr: mine),
                      ServiceFrames.dhcpAnswer(from: ("02:00:00:00:77:77", "10.0.0.77"), yiaddr: "10.0.0.51", chaddr: "02:00:00:00:0c:02"),
                      ServiceFrames.ra(from: RogueRouterTests.routerA, prefixes: [RogueRouterTests.prefix1])]
        var c = Self.collector()
        Self.feed(&c, frames)
        #expect(c.serviceAnswers == 3)
        #expect(c.findings(expected: [], probesSent: [:], interrupted: false).map(\.rule) == [.multipleDHCPServers])
        guard case .array(let servers) = c.servicesHeard["dhcp_servers"], case .array(let routers) = c.servicesHeard["routers"] else {
            Issue.record("no listing"); return
        }
        #expect(servers.count == 2 && routers.count == 1)
        #expect(servers.first == .string("10.0.0.2: offered 10.0.0.50, router 10.0.0.1, from 02:00:00:00:0a:01"))
        var named = LinkServiceNames()
        _ = named.addDHCPServer("10.0.0.2")
        named.routers = [MACAddress(RogueRouterTests.routerB.mac)!]
        var strict = Self.collector(named: named)
        Self.feed(&strict, frames)
        #expect(strict.findings(expected: [], probesSent: [:], interrupted: false).map { "\($0.rule) \($0.address ?? "-")" }.sorted()
                == ["rogue-dhcp-server 192.168.1.1", "rogue-router fe80::a"])
        // Without --dhcp/--routers the same frames are no answers at all.
        var plain = ProbeCollector(targets: [], ownMAC: Self.own, vlan: nil, policy: ScanPolicy(), domainBase: "t")
        Self.feed(&plain, frames)
        #expect(plain.findings(expected: [], probesSent: [:], interrupted: false).isEmpty && plain.serviceAnswers == 0)
    }
}
