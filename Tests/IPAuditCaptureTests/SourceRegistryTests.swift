import IPCore
import Testing
@testable import IPAuditCapture

/// The scanner's per-packet source check comes from the registry, not from a hand-kept list:
/// 3fff::/20 (documentation, RFC 9637), which the old list called forwardable, is now caught.
@Suite struct SourceRegistryTests {
    static func udp6(from source: String, mac: String = "02:00:00:00:00:31") -> [UInt8] {
        Frames.ethernet(dst: "33:33:00:00:00:01", src: mac, type: 0x86DD,
                        payload: Frames.ipv6Header(src: source, dst: "ff02::1", next: 17, hopLimit: 64, payload: [0, 9, 0, 9, 0, 8, 0, 0]))
    }

    static func findings(_ frames: [[UInt8]]) -> [String] {
        var analyzer = WireAnalyzer(domainBase: "t")
        for (i, frame) in frames.enumerated() {
            frame.withUnsafeBytes { analyzer.process($0, linkType: .ethernet, time: Double(i), frame: i + 1) }
        }
        return analyzer.findings().map { "\($0.rule) \($0.address ?? "-")" }.sorted()
    }

    @Test func documentationIPv6SourceIsOnLinkAndUnroutable() {
        #expect(Self.findings([Self.udp6(from: "3fff:0:1::5")]) == ["unroutable-address 3fff:0:1::5"])
        #expect(Self.findings([Self.udp6(from: "2001:db8::5")]) == ["unroutable-address 2001:db8::5"])
        // Routed global unicast, ULA and link-local sources are not judged without --routable.
        #expect(Self.findings([Self.udp6(from: "2a00:1450::5"), Self.udp6(from: "fd12:3456::5"), Self.udp6(from: "fe80::5")]).isEmpty)
    }
}

/// Second-reading cases: what a cloud node shows every minute must not alarm, and decoding
/// tricks must not bind or judge what is not there.
@Suite struct SecondReadingScanTests {
    static let gateway = "02:00:00:00:00:01", host = "02:00:00:00:00:11", apipa = "02:00:00:00:00:77"

    static func arpReply(_ mac: String, _ ip: String, to asker: String = host, askerIP: String = "10.0.0.11") -> [UInt8] {
        Frames.ethernet(dst: asker, src: mac, type: 0x0806, payload: Frames.arp(op: 2, sha: mac, spa: ip, tha: asker, tpa: askerIP))
    }

    static func udp4(from source: String, mac: String, to destination: String = "10.0.0.11", fragment: UInt16 = 0) -> [UInt8] {
        var ip = Frames.ipv4Header(src: source, dst: destination)
        ip[6] = UInt8(fragment >> 8); ip[7] = UInt8(fragment & 0xff)
        return Frames.ethernet(dst: host, src: mac, type: 0x0800, payload: ip)
    }

    @Test func cloudMetadataThroughTheGatewayIsNotAnAPIPAHost() {
        let frames = [Self.arpReply(Self.gateway, "10.0.0.1"), Self.arpReply(Self.gateway, "169.254.169.254"),
                      Self.udp4(from: "169.254.169.254", mac: Self.gateway), Self.udp4(from: "169.254.169.253", mac: Self.gateway)]
        #expect(SourceRegistryTests.findings(frames).isEmpty)
        // A host that claims only a link-local address got no lease: that is reported.
        #expect(SourceRegistryTests.findings(frames + [Self.arpReply(Self.apipa, "169.254.7.7")]) == ["unroutable-address 169.254.7.7"])
    }

    @Test func laterFragmentsFromZeroAreNotJudgedOnWhatIsNotAPort() {
        // A DHCP client's datagram, fragmented: the second fragment has no UDP header.
        #expect(SourceRegistryTests.findings([Self.udp4(from: "0.0.0.0", mac: Self.apipa, to: "255.255.255.255", fragment: 185)]).isEmpty)
        #expect(SourceRegistryTests.findings([Self.udp4(from: "0.0.0.0", mac: Self.apipa, to: "255.255.255.255")])
                == ["unroutable-address 0.0.0.0"])
    }

    @Test func payloadLengthZeroWithHopByHopBindsNothing() {
        let ns = Frames.neighborSolicitation(target: "fd00::9", sourceLinkLayer: "02:00:00:00:00:72")
        let hopByHop: [UInt8] = [58, 0, 1, 4, 0, 0, 0, 0]   // next: ICMPv6, PadN
        var ip = Frames.ipv6Header(src: "fd00::8", dst: "ff02::1:ff00:9", next: 0, payload: hopByHop + ns)
        ip[4] = 0; ip[5] = 0
        let frame = Frames.ethernet(src: "02:00:00:00:00:72", type: 0x86dd, payload: ip)
        var analyzer = WireAnalyzer(domainBase: "t")
        frame.withUnsafeBytes { analyzer.process($0, linkType: .ethernet, time: 0, frame: 1) }
        #expect(analyzer.entries.isEmpty)
    }
}
