import IPAuditKit
import IPCore
import Testing
@testable import IPAuditCapture

/// kill_router6 as thc-ipv6 runs it against a published segment: the forged lifetime-0 RA
/// arrives before the router's next RA. The router's link-local is made from its own MAC
/// (modified EUI-64), so the forger is the one named, however the frames are ordered.
@Suite struct RouterOwnerEUI64Tests {
    /// A router whose link-local is the modified EUI-64 of its MAC.
    static let router = (mac: "66:00:6a:00:00:01", ip: "fe80::6400:6aff:fe00:1")
    static let forger = "02:00:00:00:66:66"

    static func findings(_ frames: [[UInt8]]) -> [Finding] {
        RogueDHCPServerTests.analyze(frames).findings()
    }

    @Test("EUI-64 owner: fe80::6400:6aff:fe00:1 is 66:00:6a:00:00:01's, not 02:…'s")
    func modifiedEUI64() throws {
        let address = try IPv6Address(Self.router.ip)
        #expect(LinkServices.isModifiedEUI64(address, of: try #require(MACAddress(Self.router.mac))))
        #expect(!LinkServices.isModifiedEUI64(address, of: try #require(MACAddress(Self.forger))))
        #expect(!LinkServices.isModifiedEUI64(try IPv6Address("fe80::1"), of: try #require(MACAddress(Self.router.mac))))
    }

    @Test("Forged RA first, then the router's own: one router-impersonation, naming the forger as sender and the router as holder")
    func forgedFirstNamesTheForger() throws {
        let forged = ServiceFrames.ra(from: (Self.forger, Self.router.ip), lifetime: 0, sourceLinkLayer: nil)
        let own = ServiceFrames.ra(from: Self.router, lifetime: 30)
        let found = Self.findings([forged, own, forged, forged])
        #expect(found.map(\.rule) == [.routerImpersonation])
        let f = try #require(found.first)
        #expect(f.evidence["sender"] == .string(Self.forger))
        #expect(f.evidence["holders"] == .array([.string(Self.router.mac)]))
        #expect(f.evidence["frames"] == .int(3))
        #expect(f.macs == [Self.forger, Self.router.mac])
        #expect(!f.message.hasPrefix(Self.router.mac))
    }

    @Test("The router alone, from its EUI-64 link-local (goodbye included), and another router from its own: no impersonation")
    func ownersAreClean() {
        let own = ServiceFrames.ra(from: Self.router, lifetime: 1800)
        #expect(Self.findings([own, ServiceFrames.ra(from: Self.router, lifetime: 0), own]).isEmpty)
        // A router whose link-local is not made from its MAC (fe80::1 configured) is still judged by who came first.
        let other = (mac: "02:00:00:00:0b:fe", ip: "fe80::1")
        #expect(Self.findings([ServiceFrames.ra(from: other), ServiceFrames.ra(from: other)]).isEmpty)
        // Two routers, each from its own address: two routers (a warning), never an impersonation.
        #expect(Self.findings([own, ServiceFrames.ra(from: other)]).map(\.rule) == [.multipleRouters])
    }

    @Test("ra-kill-before-router.pcap (generated): one impersonation, sent by the forger, the router named as holder")
    func fixtureNamesTheForger() throws {
        let findings = try FixtureVerdictTests.scan("ra-kill-before-router.pcap").report.findings
        #expect(findings.map { "\($0.rule) \($0.address ?? "-")" } == ["router-impersonation fe80::6400:6aff:fe00:1"])
        let f = try #require(findings.first)
        #expect(f.evidence["sender"] == .string(Self.forger))
        #expect(f.evidence["holders"] == .array([.string(Self.router.mac)]))
        #expect(f.evidence["frames"] == .int(4))
    }
}
