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
