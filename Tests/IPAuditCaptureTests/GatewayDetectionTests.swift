import IPAuditKit
import IPCore
import Testing
@testable import IPAuditCapture

/// Gateway detection (issue 22): the address most hosts ARP for by a clear margin, the router a
/// DHCPACK names (option 3), the source of Router Advertisements. A busy server asked for by
/// many hosts is no router, so its owner's leaks outside `--routable` are reported; the DHCP
/// server's gateway is a router even when one client ARPed for it.
@Suite struct GatewayDetectionTests {
    static let gateway = "02:00:00:00:00:01", server = "02:00:00:00:00:10", dhcpServer = "02:00:00:00:00:02"
    static let t0 = 1_700_000_000.0

    static var policy: ScanPolicy {
        var p = ScanPolicy()
        p.routable = IPSet(prefixes: [try! IPPrefix("10.0.0.0/24")])
        return p
    }

    static func host(_ i: Int) -> (mac: String, ip: String) {
        (String(format: "02:00:00:00:01:%02x", i), "10.0.0.\(100 + i)")
    }

    /// `n` hosts ARP for `target`, answered by `owner`.
    static func asked(_ target: String, by n: Int, owner: String, at t: Double) -> [TimedFrame] {
        (1...n).flatMap { i -> [TimedFrame] in
            let h = host(i)
            return [TimedFrame(t + Double(i) * 0.01, LinkFrames.arpFrame(op: 1, sha: h.mac, spa: h.ip, tpa: target)),
                    TimedFrame(t + Double(i) * 0.01 + 0.001, LinkFrames.arpFrame(op: 2, sha: owner, spa: target, tpa: h.ip, dst: h.mac))]
        }
    }

    /// Inbound traffic only (no off-link next hop to learn from): `sources` carried by `mac` to host 1.
    static func carried(_ sources: [String], by mac: String, at t: Double) -> [TimedFrame] {
        sources.enumerated().map { i, s in
            TimedFrame(t + Double(i), LinkFrames.udp(src: s, srcMAC: mac, dst: host(1).ip, dstMAC: host(1).mac, sport: 443, dport: 50_000))
        }
    }

    static let forwarded = ["8.8.8.8", "1.1.1.1"]
    static let leak = "172.17.0.2"

    @Test("A busy server asked for by 10 hosts against the gateway's 20: the server's leak is reported, the gateway's traffic is not")
    func busyServerIsNoGateway() {
        let frames = Self.asked("10.0.0.1", by: 20, owner: Self.gateway, at: Self.t0) + Self.asked("10.0.0.10", by: 10, owner: Self.server, at: Self.t0 + 1)
            + Self.carried(Self.forwarded, by: Self.gateway, at: Self.t0 + 2) + Self.carried([Self.leak], by: Self.server, at: Self.t0 + 5)
        let findings = LinkFrames.analyze(frames, policy: Self.policy).findings()
        #expect(LinkFrames.summary(findings) == ["outside-routable-space \(Self.leak)"])
        #expect(findings.first?.macs == [Self.server])
    }

    @Test("A tie names nobody by ARP; the DHCPACK's router option settles it")
    func tieIsSettledByDHCP() {
        let frames = Self.asked("10.0.0.1", by: 10, owner: Self.gateway, at: Self.t0) + Self.asked("10.0.0.10", by: 10, owner: Self.server, at: Self.t0 + 1)
            + Self.carried(Self.forwarded, by: Self.gateway, at: Self.t0 + 2) + Self.carried([Self.leak], by: Self.server, at: Self.t0 + 5)
        let tied = LinkFrames.analyze(frames, policy: Self.policy).findings()
        #expect(LinkFrames.summary(tied) == ["outside-routable-space 1.1.1.1", "outside-routable-space 172.17.0.2", "outside-routable-space 8.8.8.8"])
        let ack = TimedFrame(Self.t0 - 1, LinkFrames.dhcpAck(server: "10.0.0.2", serverMAC: Self.dhcpServer, yiaddr: Self.host(1).ip,
                                                             client: Self.host(1).mac, router: "10.0.0.1"))
        #expect(LinkFrames.summary(LinkFrames.analyze([ack] + frames, policy: Self.policy).findings()) == ["outside-routable-space \(Self.leak)"])
    }

    static var oneClient: [TimedFrame] {
        let client = host(1)
        return [TimedFrame(t0, LinkFrames.dhcpAck(server: "10.0.0.2", serverMAC: dhcpServer, yiaddr: client.ip, client: client.mac, router: "10.0.0.1")),
                TimedFrame(t0 + 1, LinkFrames.arpFrame(op: 1, sha: client.mac, spa: client.ip, tpa: "10.0.0.1")),
                TimedFrame(t0 + 1.001, LinkFrames.arpFrame(op: 2, sha: gateway, spa: "10.0.0.1", tpa: client.ip, dst: client.mac))]
            + carried(["9.9.9.9", "1.0.0.1"], by: gateway, at: t0 + 2)
    }

    @Test("tshark: the ACK names router 10.0.0.1, and one client ARPs for it", .requires(.tshark))
    func tsharkAgrees() throws {
        let rows = try LinkFrames.tshark(Self.oneClient, fields: ["dhcp.option.router", "arp.opcode", "arp.dst.proto_ipv4", "dhcp.option.dhcp"])
        #expect(rows[0][0] == "10.0.0.1" && rows[0][3] == "5")
        #expect(rows.filter { $0[1] == "1" && $0[2] == "10.0.0.1" }.count == 1)
    }

    @Test("The DHCP server's router is the gateway though one client ARPed for it: its forwarded sources are no leak")
    func dhcpRouterIsTheGateway() {
        #expect(LinkFrames.analyze(Self.oneClient, policy: Self.policy).findings().isEmpty)
        // The ACK's router option is what says so: without it the MAC looks like a leaking host.
        let noOption = [TimedFrame(Self.t0, LinkFrames.dhcpAck(server: "10.0.0.2", serverMAC: Self.dhcpServer, yiaddr: Self.host(1).ip,
                                                               client: Self.host(1).mac, router: nil))] + Self.oneClient.dropFirst()
        #expect(LinkFrames.summary(LinkFrames.analyze(noOption, policy: Self.policy).findings())
                == ["outside-routable-space 1.0.0.1", "outside-routable-space 9.9.9.9"])
    }

    @Test("An ACK seen on the way to a relay (not delivered to the client) names no gateway here")
    func relayedACKNamesNothing() {
        var frames = Self.oneClient
        frames[0] = TimedFrame(Self.t0, LinkFrames.dhcpAck(server: "10.0.0.2", serverMAC: Self.dhcpServer, yiaddr: Self.host(1).ip,
                                                           client: Self.host(1).mac, router: "10.0.0.1", dstMAC: "02:00:00:00:00:fe"))
        #expect(LinkFrames.analyze(frames, policy: Self.policy).findings().count == 2)
    }

    @Test("Router Advertisements and FHRP still make routers; the margin rule itself")
    func otherSignsAndTheMargin() {
        #expect(GatewayDetection.isClearFavourite(20, over: 10, minimum: 2))
        #expect(GatewayDetection.isClearFavourite(3, over: 2, minimum: 2))
        #expect(!GatewayDetection.isClearFavourite(10, over: 10, minimum: 2))
        #expect(!GatewayDetection.isClearFavourite(12, over: 9, minimum: 2))
        #expect(!GatewayDetection.isClearFavourite(1, over: 0, minimum: 2))
        // The tie of the test above, the gateway also sending RAs: a router by them.
        let ra = TimedFrame(Self.t0, LinkFrames.icmpv6(srcMAC: Self.gateway, src: "fe80::1", dstMAC: "33:33:00:00:00:01", dst: "ff02::1",
                                                       LinkFrames.routerAdvertisement(sourceLinkLayer: Self.gateway)))
        let frames = Self.asked("10.0.0.1", by: 10, owner: Self.gateway, at: Self.t0) + Self.asked("10.0.0.10", by: 10, owner: Self.server, at: Self.t0 + 1)
            + Self.carried(Self.forwarded, by: Self.gateway, at: Self.t0 + 2) + Self.carried([Self.leak], by: Self.server, at: Self.t0 + 5)
        #expect(LinkFrames.summary(LinkFrames.analyze([ra] + frames, policy: Self.policy).findings()) == ["outside-routable-space \(Self.leak)"])
    }
}
