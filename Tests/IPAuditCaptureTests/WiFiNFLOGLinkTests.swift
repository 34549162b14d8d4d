import Foundation
import IPAuditKit
import IPCore
import Testing
@testable import IPAuditCapture

/// 802.11 (plain and radiotap) and NFLOG captures, which `scan --read` refused before: the
/// same events as on Ethernet, with the 802.11 source address (SA) or NFLOG's hardware address
/// as the link source. Fixtures: scripts/pcap/gen_link_fixtures.py.
@Suite struct WiFiNFLOGLinkTests {
    static let wifiFiles = ["wifi-radiotap.pcap", "wifi-plain.pcap"]
    static let stationA = "02:00:00:00:00:0a", stationB = "02:00:00:00:00:0b"
    static let gateway = "02:00:00:00:00:fe", bridged = "02:00:00:00:00:0c"

    static func decoded(_ file: String, _ link: LinkType) throws -> [Result<DecodedFrame, DecodeError>] {
        try FastPathAgreementTests.frames(Fixture.pcap(file)).map { bytes, _, _ in
            bytes.withUnsafeBytes { raw in Result { () throws(DecodeError) -> DecodedFrame in try FrameDecoder.decode(raw, linkType: link) } }
        }
    }

    @Test func linkTypesAreKnown() {
        #expect(LinkType(dlt: 105) == .ieee80211)
        #expect(LinkType(dlt: 127) == .ieee80211Radiotap)
        #expect(LinkType(dlt: 239) == .nflog)
        #expect([105, 127, 239].allSatisfy { LinkType(dlt: Int32($0)).isSupported })
        #expect(!LinkType(dlt: 163).isSupported)   // AVS radio header: still refused
        #expect(PacketCapture.unsupportedMessage(163).contains("802.11 (plain or radiotap) and NFLOG"))
    }

    @Test(arguments: wifiFiles)
    func duplicateAcrossTwoStationsIsFound(_ file: String) throws {
        let r = try CaptureQuirkTests.scan(file)
        #expect(CaptureQuirkTests.summary(r) == ["duplicate-address 10.0.0.5"])
        let bound = Set(r.observations.map { "\($0.address) \($0.mac)" })
        #expect(bound == ["10.0.0.5 \(Self.stationA)", "10.0.0.5 \(Self.stationB)", "10.0.0.1 \(Self.gateway)",
                          "fd00::7 \(Self.bridged)"])
        // The protected frame's ARP body (10.0.0.99) is never read.
        #expect(r.report.stats["decode_errors"] == .int(0))
        #expect(r.report.stats["arp"] == .int(12))
        #expect(r.report.stats["packets"] == .int(22))
    }

    @Test func radiotapAndPlainDecodeAlike() throws {
        let tap = try Self.decoded("wifi-radiotap.pcap", .ieee80211Radiotap).map { try $0.get() }
        let plain = try Self.decoded("wifi-plain.pcap", .ieee80211).map { try $0.get() }
        #expect(tap == plain)
        #expect(tap.count == 22)
    }

    @Test func sourceAndDestinationFollowTheDSBits() throws {
        let frames = try Self.decoded("wifi-radiotap.pcap", .ieee80211Radiotap).map { try $0.get() }
        let pairs = frames.map { "\($0.linkSource?.description ?? "-") \($0.linkDestination?.description ?? "-")" }
        #expect(pairs[0] == "\(Self.stationA) ff:ff:ff:ff:ff:ff")        // ToDS: addr2, addr3
        #expect(pairs[1] == "\(Self.gateway) \(Self.stationA)")          // FromDS: addr3, addr1 (QoS, FCS)
        #expect(pairs[2] == "\(Self.stationB) \(Self.gateway)")          // QoS + HT Control, padded
        #expect(pairs[3] == "\(Self.stationA) \(Self.gateway)")          // no DS: addr2, addr1
        #expect(pairs[16] == "\(Self.bridged) \(Self.gateway)")          // WDS: addr4, addr3
        guard case .arp(let m) = frames[2].event else { Issue.record("not ARP"); return }
        #expect(m.senderMAC.description == Self.stationB)
    }

    @Test func protectedManagementControlAndNullDataAreOther() throws {
        let frames = try Self.decoded("wifi-radiotap.pcap", .ieee80211Radiotap).map { try $0.get() }
        #expect(frames[18...].map(\.event) == Array(repeating: .other(etherType: 0), count: 4))
        #expect(frames[18...].allSatisfy { $0.linkSource == nil })
    }

    @Test func nflogPayloadsAndHardwareAddress() throws {
        let frames = try Self.decoded("nflog.pcap", .nflog).map { try $0.get() }
        #expect(frames.map(\.event) == [
            .ipv4(source: IPv4Address(10, 0, 0, 2), destination: IPv4Address(93, 184, 216, 34)),
            .ipv6(source: try IPv6Address("fd00::2"), destination: try IPv6Address("2001:db8::1")),
            .ipv4(source: IPv4Address(10, 0, 0, 1), destination: IPv4Address(10, 0, 0, 2)),
            .ipv4(source: IPv4Address(10, 0, 0, 9), destination: IPv4Address(10, 0, 0, 2)),
            .loopback,
        ])
        // Only a 6-byte NFULA_HWADDR is an Ethernet source; the 8-byte one is none.
        #expect(frames.map { $0.linkSource?.description } == [nil, nil, Self.gateway, nil, nil])
        let r = try CaptureQuirkTests.scan("nflog.pcap")
        #expect(r.report.stats["decode_errors"] == .int(0))
        #expect(r.report.stats["loopback_frames"] == .int(1))
        #expect(r.report.stats["ipv4"] == .int(3))
        #expect(r.report.stats["link_type"] == .string("NFLOG"))
    }

    @Test(arguments: wifiFiles)
    func filterCompilesOn80211(_ file: String) throws {
        let arp = try CaptureQuirkTests.scan(file, filter: "arp")
        #expect(CaptureQuirkTests.summary(arp) == ["duplicate-address 10.0.0.5"])
        #expect(arp.report.stats["ipv4"] == .int(0))
        // libpcap's 802.11 filter code skips QoS Control but not HT Control (nor does tcpdump's
        // printer): B's two claims with the order bit set are filtered out; so is nothing else,
        // and the protected frame it lets through (its body looks like ARP) is still not read.
        #expect(arp.report.stats["packets"] == .int(11))
        #expect(arp.report.stats["arp"] == .int(10))
        // libpcap's 802.11 address keywords: only station B's frames, so no second claimant.
        let b = try CaptureQuirkTests.scan(file, filter: "wlan src \(Self.stationB)")
        #expect(CaptureQuirkTests.summary(b).isEmpty)
        #expect(b.observations.map { "\($0.address) \($0.mac)" } == ["10.0.0.5 \(Self.stationB)"])
        #expect(try CaptureQuirkTests.scan(file, filter: "tcp port 1").report.stats["packets"] == .int(0))
    }

    /// libpcap compiles no filter for NFLOG ("link-layer type filtering not implemented"): the
    /// expression runs on the logged packet as on raw IP.
    @Test func filterRunsOnTheNFLOGPayload() throws {
        let v6 = try CaptureQuirkTests.scan("nflog.pcap", filter: "ip6")
        #expect(v6.report.stats["packets"] == .int(1))
        #expect(v6.report.stats["ipv6"] == .int(1))
        let host = try CaptureQuirkTests.scan("nflog.pcap", filter: "src host 10.0.0.1 and tcp port 443")
        #expect(host.report.stats["packets"] == .int(1))
        // As on raw IP, a filter that can match nothing is refused with libpcap's reason.
        let arp = #expect(throws: CaptureError.self) { try CaptureQuirkTests.scan("nflog.pcap", filter: "arp") }
        #expect(arp?.message.contains("rejects all packets") == true)
        #expect(try CaptureQuirkTests.scan("nflog.pcap", filter: "ip or ip6").report.stats["packets"] == .int(5))
        #expect(throws: CaptureError.self) { try CaptureQuirkTests.scan("nflog.pcap", filter: "ip and and") }
    }
}
