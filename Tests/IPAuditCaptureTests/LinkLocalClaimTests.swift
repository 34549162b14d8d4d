import IPAuditKit
import IPCore
import Testing
@testable import IPAuditCapture

/// IPv6 link-local claims (issue 22): fe80::/10 never crosses a router, so the IPv6 source of an
/// NS, NA, RS or RA binds its link-local address to the frame's MAC. Two MACs with one fe80
/// address are a duplicate (thc-ipv6's `fake_router6`/`kill_router6` forge a router's link-local
/// source); DAD from `::` and an RS before any address bind nothing.
@Suite struct LinkLocalClaimTests {
    static let hostMAC = "02:00:00:00:00:a1", routerMAC = "02:00:00:00:00:0f", forger = "02:00:00:00:00:66"
    static let t0 = 1_700_000_000.0

    static func rs(_ mac: String, from source: String, slla: Bool = true) -> [UInt8] {
        LinkFrames.icmpv6(srcMAC: mac, src: source, dstMAC: "33:33:00:00:00:02", dst: "ff02::2",
                          LinkFrames.routerSolicitation(sourceLinkLayer: slla ? mac : nil))
    }

    static func ra(_ mac: String, from source: String, lifetime: UInt16 = 1800) -> [UInt8] {
        LinkFrames.icmpv6(srcMAC: mac, src: source, dstMAC: "33:33:00:00:00:01", dst: "ff02::1",
                          LinkFrames.routerAdvertisement(sourceLinkLayer: mac, lifetime: lifetime))
    }

    static func ns(_ mac: String, from source: String, target: String, slla: Bool) -> [UInt8] {
        LinkFrames.icmpv6(srcMAC: mac, src: source, dstMAC: "33:33:ff:00:00:01", dst: "ff02::1:ff00:1",
                          Frames.neighborSolicitation(target: target, sourceLinkLayer: slla ? mac : nil))
    }

    static func na(_ mac: String, from source: String, target: String, flags: UInt8) -> [UInt8] {
        LinkFrames.icmpv6(srcMAC: mac, src: source, dstMAC: "33:33:00:00:00:01", dst: "ff02::1",
                          Frames.neighborAdvertisement(target: target, targetLinkLayer: nil, flags: flags))
    }

    static func bindings(_ frames: [[UInt8]]) -> Set<String> {
        Set(LinkFrames.analyze(frames.enumerated().map { TimedFrame(t0 + Double($0), $1) }).observations().map { "\($0.address) \($0.mac)" })
    }

    @Test("Each of NS (no SLLA), NA (override clear, another target), RS and RA binds its fe80 source to the frame's MAC")
    func everyNDPMessageBindsItsLinkLocalSource() {
        #expect(Self.bindings([Self.rs(Self.hostMAC, from: "fe80::a1")]) == ["fe80::a1 \(Self.hostMAC)"])
        #expect(Self.bindings([Self.ra(Self.routerMAC, from: "fe80::1")]) == ["fe80::1 \(Self.routerMAC)"])
        #expect(Self.bindings([Self.ns(Self.hostMAC, from: "fe80::a1", target: "fe80::1", slla: false)]) == ["fe80::a1 \(Self.hostMAC)"])
        // Override clear (anycast or proxy): the target is not bound, the sender's own source is.
        #expect(Self.bindings([Self.na(Self.routerMAC, from: "fe80::1", target: "2001:db8::5", flags: 0xc0)]) == ["fe80::1 \(Self.routerMAC)"])
    }

    @Test("DAD from :: and an RS before any address bind nothing; global sources are not bound from headers")
    func unspecifiedAndGlobalSourcesBindNothing() {
        #expect(Self.bindings([Self.ns(Self.hostMAC, from: "::", target: "fe80::a1", slla: false), Self.rs(Self.hostMAC, from: "::", slla: false)]).isEmpty)
        #expect(Self.bindings([Self.rs(Self.hostMAC, from: "2001:db8::a1", slla: false)]).isEmpty)
    }

    @Test("A forged RA from the router's link-local address, another MAC: one router-impersonation on fe80::1 naming both MACs, not also a duplicate")
    func forgedRouterLinkLocalIsADuplicate() {
        let frames = [Self.ra(Self.routerMAC, from: "fe80::1"), Self.rs(Self.hostMAC, from: "fe80::a1"), Self.ra(Self.forger, from: "fe80::1", lifetime: 0),
                      Self.ra(Self.routerMAC, from: "fe80::1")]
        let findings = LinkFrames.analyze(frames.enumerated().map { TimedFrame(Self.t0 + Double($0) * 0.5, $1) }).findings()
        #expect(LinkFrames.summary(findings) == ["router-impersonation fe80::1"])
        #expect(Set(findings.first?.macs ?? []) == [Self.routerMAC, Self.forger])
    }

    @Test("False positives: two routers meant to be there, one host talking NDP all day: no binding finding (only the unnamed routers' warning)")
    func legitimateNDPIsQuiet() {
        var frames: [[UInt8]] = []
        for _ in 0..<5 {
            frames += [Self.ra(Self.routerMAC, from: "fe80::1"), Self.ra("02:00:00:00:00:0e", from: "fe80::2"),
                       Self.ns(Self.hostMAC, from: "fe80::a1", target: "fe80::1", slla: true),
                       Self.na(Self.routerMAC, from: "fe80::1", target: "fe80::1", flags: 0xe0),
                       Self.rs(Self.hostMAC, from: "fe80::a1")]
        }
        let a = LinkFrames.analyze(frames.enumerated().map { TimedFrame(Self.t0 + Double($0), $1) })
        // Two RA sources with no --router named is the rogue-router rules' question, nothing else.
        #expect(a.findings().map(\.rule.id) == ["multiple-routers"])
        #expect(Set(a.observations().map { "\($0.address) \($0.mac)" })
                == ["fe80::1 \(Self.routerMAC)", "fe80::2 02:00:00:00:00:0e", "fe80::a1 \(Self.hostMAC)"])
    }

    @Test("A MAC's own fe80 address is not one it answers for: 7 ARP addresses and its link-local are no proxy ARP")
    func linkLocalDoesNotCountTowardsProxyARP() {
        var frames = (1...7).map { TimedFrame(Self.t0 + Double($0), LinkFrames.arpFrame(op: 2, sha: Self.routerMAC, spa: "10.0.0.\($0)", tpa: "10.0.0.99")) }
        frames.append(TimedFrame(Self.t0 + 8, Self.ra(Self.routerMAC, from: "fe80::1")))
        let a = LinkFrames.analyze(frames)
        #expect(a.observations().count == 8)
        #expect(a.findings().isEmpty)
        // An eighth IPv4 address is proxy ARP, as before.
        frames.append(TimedFrame(Self.t0 + 9, LinkFrames.arpFrame(op: 2, sha: Self.routerMAC, spa: "10.0.0.8", tpa: "10.0.0.99")))
        #expect(LinkFrames.summary(LinkFrames.analyze(frames).findings()) == ["proxy-arp -"])
    }

    @Test("tshark reads each built message as the NDP type and source the test means", .requires(.tshark))
    func tsharkAgrees() throws {
        let frames = [Self.rs(Self.hostMAC, from: "fe80::a1"), Self.ra(Self.forger, from: "fe80::1", lifetime: 0),
                      Self.ns(Self.hostMAC, from: "::", target: "fe80::a1", slla: false),
                      Self.na(Self.routerMAC, from: "fe80::1", target: "2001:db8::5", flags: 0xc0)]
        let rows = try LinkFrames.tshark(frames.enumerated().map { TimedFrame(Self.t0 + Double($0), $1) },
                                         fields: ["icmpv6.type", "ipv6.src", "eth.src", "icmpv6.nd.ra.router_lifetime", "ipv6.hlim"])
        #expect(rows.map { $0[0] } == ["133", "134", "135", "136"])
        #expect(rows.map { $0[1] } == ["fe80::a1", "fe80::1", "::", "fe80::1"])
        #expect(rows[1][3] == "0" && rows.allSatisfy { $0[4] == "255" })
    }
}
