import IPAuditKit
import IPCore
import Testing
@testable import IPAuditCapture

/// 169.254/16 hosts found from their own traffic (issue 22), mirroring the published cases the
/// issue cites: two hosts doing SMB2 from 169.254.128.18 and .15 with no ARP; a base station
/// sending mDNS and SSDP from 169.254.225.216 after ten unanswered DHCPDISCOVERs; a host that
/// lost its lease, announced 169.254.67.194 and sent 48 frames from it a minute after its last
/// ARP for its old address. The link-local exemption holds only while an ordinary address is live.
@Suite struct APIPASourceTests {
    static let hostA = "00:1b:21:0a:00:12", hostB = "00:1b:21:0a:00:15"
    static let station = "00:24:36:aa:e1:d8", gateway = "02:00:00:00:00:01", node = "02:00:00:00:00:05"

    static var smbPair: [TimedFrame] {
        (0..<12).map { i in
            let fromA = i % 2 == 0
            return TimedFrame(1_700_000_000 + Double(i) * 0.2,
                              LinkFrames.tcp(src: fromA ? "169.254.128.18" : "169.254.128.15", srcMAC: fromA ? hostA : hostB,
                                             dst: fromA ? "169.254.128.15" : "169.254.128.18", dstMAC: fromA ? hostB : hostA,
                                             sport: fromA ? 49_200 : 445, dport: fromA ? 445 : 49_200))
        }
    }

    static var baseStation: [TimedFrame] {
        var frames = (0..<10).map { TimedFrame(1_700_000_000 + Double($0) * 4, LinkFrames.dhcpDiscover(client: station)) }
        for i in 0..<6 {
            let mdns = i % 2 == 0
            frames.append(TimedFrame(1_700_000_045 + Double(i),
                                     LinkFrames.udp(src: "169.254.225.216", srcMAC: station,
                                                    dst: mdns ? "224.0.0.251" : "239.255.255.250",
                                                    dstMAC: mdns ? "01:00:5e:00:00:fb" : "01:00:5e:7f:ff:fa",
                                                    sport: mdns ? 5353 : 1900, dport: mdns ? 5353 : 1900)))
        }
        return frames
    }

    /// ARPs for its old ordinary address at t0, announces 169.254.67.194 at t0+60, sends 48 frames.
    static var lostLease: [TimedFrame] {
        let t0 = 1_700_000_000.0, mac = "00:0d:93:43:c2:01"
        var frames = [TimedFrame(t0, LinkFrames.arpFrame(op: 1, sha: mac, spa: "10.0.0.57", tpa: "10.0.0.1"))]
        frames.append(TimedFrame(t0 + 60, LinkFrames.arpFrame(op: 1, sha: mac, spa: "169.254.67.194", tpa: "169.254.67.194")))
        for i in 0..<48 {
            frames.append(TimedFrame(t0 + 61 + Double(i) * 0.5,
                                     LinkFrames.udp(src: "169.254.67.194", srcMAC: mac, dst: "224.0.0.251", dstMAC: "01:00:5e:00:00:fb",
                                                    sport: 5353, dport: 5353)))
        }
        return frames
    }

    @Test("tshark reads the mirrored cases as the published ones: 169.254 sources, no ARP from the SMB pair",
          .requires(.tshark))
    func tsharkAgrees() throws {
        let smb = try LinkFrames.tshark(Self.smbPair, fields: ["eth.src", "ip.src", "tcp.port"])
        #expect(Set(smb.map { $0[1] }) == ["169.254.128.18", "169.254.128.15"])
        #expect(smb.allSatisfy { $0[2] == "445" || $0[2] == "49200" })
        let station = try LinkFrames.tshark(Self.baseStation, fields: ["dhcp.option.dhcp", "ip.src", "udp.dstport"])
        #expect(station.filter { $0[0] == "1" }.count == 10)
        #expect(Set(station.filter { $0[1] == "169.254.225.216" }.map { $0[2] }) == ["5353", "1900"])
        let lost = try LinkFrames.tshark(Self.lostLease, fields: ["arp.src.proto_ipv4", "ip.src", "frame.time_relative"])
        #expect(lost.filter { $0[1] == "169.254.67.194" }.count == 48)
        #expect(lost[1][0] == "169.254.67.194" && Double(lost[1][2]) == 60)
    }

    @Test("SMB2 between two APIPA hosts with no ARP: each address is unroutable-address, with its MAC")
    func smbPairIsReported() {
        let findings = LinkFrames.analyze(Self.smbPair).findings()
        #expect(LinkFrames.summary(findings) == ["unroutable-address 169.254.128.15", "unroutable-address 169.254.128.18"])
        #expect(findings.first { $0.address == "169.254.128.18" }?.macs == [Self.hostA])
        #expect(findings.first { $0.address == "169.254.128.18" }?.evidence["frames"] == .int(6))
    }

    @Test("A base station's mDNS and SSDP from 169.254/16 after unanswered DISCOVERs is reported")
    func baseStationIsReported() {
        let findings = LinkFrames.analyze(Self.baseStation).findings()
        #expect(LinkFrames.summary(findings) == ["unroutable-address 169.254.225.216"])
    }

    @Test("A host that lost its lease is not exempt for an ordinary address it ARPed a minute before")
    func lostLeaseIsReported() {
        let findings = LinkFrames.analyze(Self.lostLease).findings()
        #expect(LinkFrames.summary(findings) == ["unroutable-address 169.254.67.194"])
    }

    @Test("Still exempt: the same host while its ordinary address is live (ARP within the window)")
    func liveOrdinaryAddressStillExempts() {
        // The same frames, its ordinary address ARPed 5 s before the announcement instead of 60.
        var frames = Self.lostLease
        frames[0].time = frames[1].time - 5
        #expect(LinkFrames.analyze(frames).findings().isEmpty)
    }

    @Test("Cloud metadata: 169.254.169.254 replies through the gateway while it answers for its address: no finding")
    func cloudMetadataThroughTheGateway() {
        let t0 = 1_700_000_000.0
        var frames = [TimedFrame(t0, LinkFrames.arpFrame(op: 1, sha: Self.node, spa: "10.0.0.5", tpa: "10.0.0.1")),
                      TimedFrame(t0 + 0.001, LinkFrames.arpFrame(op: 2, sha: Self.gateway, spa: "10.0.0.1", tpa: "10.0.0.5", dst: Self.node))]
        for i in 0..<5 {
            frames.append(TimedFrame(t0 + 1 + Double(i), LinkFrames.tcp(src: "10.0.0.5", srcMAC: Self.node, dst: "169.254.169.254",
                                                                       dstMAC: Self.gateway, sport: 40_000, dport: 80)))
            frames.append(TimedFrame(t0 + 1.01 + Double(i), LinkFrames.tcp(src: "169.254.169.254", srcMAC: Self.gateway, dst: "10.0.0.5",
                                                                          dstMAC: Self.node, sport: 80, dport: 40_000)))
        }
        #expect(LinkFrames.analyze(frames).findings().isEmpty)
        // The gateway named by DHCP is a router: exempt even when its last ARP is long past.
        var late = frames
        for i in 2..<late.count { late[i].time += 600 }
        #expect(LinkFrames.summary(LinkFrames.analyze(late).findings()) == ["unroutable-address 169.254.169.254"])
        let ack = TimedFrame(t0 - 1, LinkFrames.dhcpAck(server: "10.0.0.2", serverMAC: "02:00:00:00:00:02", yiaddr: "10.0.0.5",
                                                        client: Self.node, router: "10.0.0.1"))
        #expect(LinkFrames.analyze([ack] + late).findings().isEmpty)
    }

    @Test("A node answering link-local DNS while it keeps sending from its ordinary address: no finding")
    func linkLocalServiceOnABusyNode() {
        let t0 = 1_700_000_000.0, dnsNode = "02:00:00:00:00:07"
        var frames: [TimedFrame] = []
        for i in 0..<30 {
            let t = t0 + Double(i) * 10
            frames.append(TimedFrame(t, LinkFrames.udp(src: "10.0.0.7", srcMAC: dnsNode, dst: "10.0.0.9", dstMAC: "02:00:00:00:00:09",
                                                       sport: 5000, dport: 5000)))
            frames.append(TimedFrame(t + 1, LinkFrames.udp(src: "169.254.20.10", srcMAC: dnsNode, dst: "10.0.0.9", dstMAC: "02:00:00:00:00:09",
                                                           sport: 53, dport: 33_000)))
        }
        #expect(LinkFrames.analyze(frames).findings().isEmpty)
        // Once it stops sending from 10.0.0.7, its later link-local traffic is an APIPA host's.
        let stopped = frames.filter { $0.time < t0 + 5 || $0.bytes[26] == 169 }
        #expect(LinkFrames.summary(LinkFrames.analyze(stopped).findings()) == ["unroutable-address 169.254.20.10"])
    }

    @Test("169.254/16 sources take the full path, ordinary ones the fast path")
    func fastPathLeavesAPIPAToTheFullPath() {
        Self.smbPair[0].bytes.withUnsafeBytes { #expect(!WireAnalyzer.isPlainUntaggedIP($0)) }
        let plain = LinkFrames.tcp(src: "10.0.0.5", srcMAC: Self.node, dst: "10.0.0.6", dstMAC: Self.gateway, sport: 1, dport: 2)
        plain.withUnsafeBytes { #expect(WireAnalyzer.isPlainUntaggedIP($0)) }
    }
}
