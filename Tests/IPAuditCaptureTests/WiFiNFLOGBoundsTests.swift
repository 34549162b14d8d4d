import Foundation
import Testing
@testable import IPAuditCapture
import IPAuditTestSupport

/// Cut and malformed 802.11, radiotap and NFLOG headers: a counted decode error, never a trap.
@Suite struct WiFiNFLOGBoundsTests {
    static let fixtures: [(String, LinkType)] = [("wifi-radiotap.pcap", .ieee80211Radiotap), ("wifi-plain.pcap", .ieee80211),
                                                 ("nflog.pcap", .nflog)]

    @Test func everyFixtureFrameCutAtEveryLength() throws {
        for (file, link) in Self.fixtures {
            var errors = 0
            for (bytes, _, _) in try FastPathAgreementTests.frames(Fixture.pcap(file)) {
                var analyzer = WireAnalyzer(domainBase: "cut")
                for length in 0..<bytes.count {
                    bytes[..<length].withUnsafeBytes { analyzer.process($0, linkType: link, time: 1, frame: length + 1) }
                }
                errors += analyzer.counters.decodeErrors
                #expect(analyzer.counters.packets == bytes.count)
            }
            #expect(errors > 0, "\(file): no cut frame was counted as an error")
        }
    }

    /// Seeded byte flips in every fixture frame (lengths, bitmaps, DS bits, TLV headers): the
    /// analyzer takes each one without trapping, and counts every frame.
    @Test func flippedBytesNeverTrap() throws {
        var rng = SeededGenerator(seed: 11)
        for (file, link) in Self.fixtures {
            var analyzer = WireAnalyzer(domainBase: "flip")
            var n = 0
            for (original, _, _) in try FastPathAgreementTests.frames(Fixture.pcap(file)) {
                for _ in 0..<400 {
                    var bytes = original
                    for _ in 0...(rng.next() % 4) { bytes[Int(rng.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: rng.next()) }
                    n += 1
                    bytes.withUnsafeBytes { analyzer.process($0, linkType: link, time: Double(n), frame: n) }
                }
            }
            #expect(analyzer.counters.packets == n)
            _ = analyzer.findings()
        }
    }

    static func decodeError(_ bytes: [UInt8], _ link: LinkType) -> DecodeError? {
        do { _ = try Frames.decode(bytes, link); return nil } catch { return error }
    }

    static let arpData: [UInt8] = [0x08, 0x01, 0, 0] + Frames.mac("02:00:00:00:aa:01") + Frames.mac("02:00:00:00:00:0a")
        + Frames.mac("ff:ff:ff:ff:ff:ff") + [0x10, 0] + [0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x06]
        + Frames.arp(op: 1, sha: "02:00:00:00:00:0a", spa: "10.0.0.5", tpa: "10.0.0.1")

    /// Radiotap with only the Flags field present.
    static func radiotap(flags: UInt8, version: UInt8 = 0, length: UInt16 = 9) -> [UInt8] {
        [version, 0] + [UInt8(length & 0xff), UInt8(length >> 8)] + [0x02, 0, 0, 0] + [flags]
    }

    @Test func radiotapHeaderChecks() {
        #expect(Self.decodeError(Self.radiotap(flags: 0) + Self.arpData, .ieee80211Radiotap) == nil)
        #expect(Self.decodeError(Self.radiotap(flags: 0, version: 1) + Self.arpData, .ieee80211Radiotap) == .badRadiotapHeader)
        #expect(Self.decodeError(Self.radiotap(flags: 0, length: 4) + Self.arpData, .ieee80211Radiotap) == .badRadiotapHeader)
        #expect(Self.decodeError(Self.radiotap(flags: 0, length: 400) + Self.arpData, .ieee80211Radiotap) == .truncatedRadiotap)
        // A chain of present bitmaps that runs past the declared length.
        let chain: [UInt8] = [0, 0, 12, 0] + [0, 0, 0, 0x80] + [0, 0, 0, 0x80]
        #expect(Self.decodeError(chain + Self.arpData, .ieee80211Radiotap) == .badRadiotapHeader)
        // Flags present but the header ends before it.
        #expect(Self.decodeError([0, 0, 8, 0, 0x02, 0, 0, 0] + Self.arpData, .ieee80211Radiotap) == .badRadiotapHeader)
        #expect(Self.decodeError(Self.radiotap(flags: 0x40) + Self.arpData, .ieee80211Radiotap) == .bad80211FCS)
        // FCS at end: the 4 bytes after the ARP body change nothing.
        let withFCS = try? Frames.decode(Self.radiotap(flags: 0x10) + Self.arpData + [1, 2, 3, 4], .ieee80211Radiotap)
        #expect(withFCS == (try? Frames.decode(Self.arpData, .ieee80211)))
    }

    @Test func cutMACHeaderIsTruncatedNotOther() {
        #expect(Self.decodeError([0x08], .ieee80211) == .truncated80211)
        #expect(Self.decodeError(Array(Self.arpData[..<23]), .ieee80211) == .truncated80211)
        // A QoS data frame cut inside QoS Control, and one with HT Control cut inside it.
        var qos = Self.arpData
        qos[0] = 0x88
        #expect(Self.decodeError(Array(qos[..<25]), .ieee80211) == .truncated80211)
        qos[1] = 0x80
        #expect(Self.decodeError(Array(qos[..<29]), .ieee80211) == .truncated80211)
        // Cut inside the SNAP header after its AA AA 03: as on Ethernet.
        #expect(Self.decodeError(Array(Self.arpData[..<28]), .ieee80211) == .truncatedLLC)
        // Cut inside ARP.
        #expect(Self.decodeError(Array(Self.arpData[..<40]), .ieee80211) == .truncatedARP)
        // A short control frame (CTS, 10 bytes) is no error.
        #expect(Self.decodeError([0xc4, 0, 0, 0] + Frames.mac("02:00:00:00:00:0a"), .ieee80211) == nil)
    }

    @Test func aMSDUIsNotReadAsOnePacket() throws {
        var amsdu = Self.arpData
        amsdu[0] = 0x88
        amsdu.insert(contentsOf: [0x80, 0], at: 24)   // QoS Control with A-MSDU Present
        #expect(try Frames.decode(amsdu, .ieee80211).event == .other(etherType: 0))
        amsdu[24] = 0
        guard case .arp = try Frames.decode(amsdu, .ieee80211).event else { Issue.record("QoS data not read"); return }
    }

    @Test func laterFragmentsAreNotRead() throws {
        var fragment = Self.arpData
        fragment[22] = 0x11   // sequence 1, fragment 1
        #expect(try Frames.decode(fragment, .ieee80211).event == .other(etherType: 0))
        fragment[22] = 0x10   // fragment 0 (more fragments may follow): its LLC header is there
        guard case .arp = try Frames.decode(fragment, .ieee80211).event else { Issue.record("first fragment not read"); return }
    }

    static func tlv(_ type: UInt16, _ value: [UInt8], length: Int? = nil) -> [UInt8] {
        let l = UInt16(length ?? 4 + value.count)
        return [UInt8(l & 0xff), UInt8(l >> 8), UInt8(type & 0xff), UInt8(type >> 8)] + value + [UInt8](repeating: 0, count: (4 - value.count % 4) % 4)
    }

    static let ip = LinkFrames.ipv4(src: "10.0.0.2", dst: "10.0.0.1", proto: 6, payload: [UInt8](repeating: 0, count: 20))

    @Test func nflogAttributeChecks() throws {
        let header: [UInt8] = [2, 0, 0, 42]
        #expect(Self.decodeError(header + Self.tlv(9, Self.ip), .nflog) == nil)
        #expect(Self.decodeError([2, 0, 0], .nflog) == .truncatedNFLOG)
        #expect(Self.decodeError([2, 1, 0, 42] + Self.tlv(9, Self.ip), .nflog) == .badNFLOGHeader)
        #expect(Self.decodeError(header + Self.tlv(1, [], length: 2) + Self.tlv(9, Self.ip), .nflog) == .badNFLOGAttribute)
        #expect(Self.decodeError(header + [8, 0], .nflog) == .truncatedNFLOG)
        // An attribute before the payload that claims more bytes than there are.
        #expect(Self.decodeError(header + Self.tlv(10, [0x41], length: 200), .nflog) == .truncatedNFLOG)
        // NFULA_HWADDR saying 6 bytes in a value too short to hold them; too short for its length.
        #expect(Self.decodeError(header + Self.tlv(8, [0, 6, 0, 0, 2, 0]) + Self.tlv(9, Self.ip), .nflog) == .badNFLOGAttribute)
        #expect(Self.decodeError(header + Self.tlv(8, [0, 6]) + Self.tlv(9, Self.ip), .nflog) == .badNFLOGAttribute)
        // A payload cut by the snap length still gives its IP header; the flags bits of the type are ignored.
        let cut = header + Self.tlv(9 | 0x4000, Self.ip)
        #expect(try Frames.decode(Array(cut[..<(cut.count - 10)]), .nflog).event == .ipv4(source: .init(10, 0, 0, 2), destination: .init(10, 0, 0, 1)))
        // No payload attribute (copy range 0): other, with the packet header's EtherType.
        #expect(try Frames.decode(header + Self.tlv(1, [0x08, 0x00, 3, 0]), .nflog).event == .other(etherType: 0x0800))
        // Another family (NFPROTO_ARP): not read.
        #expect(try Frames.decode([3, 0, 0, 42] + Self.tlv(9, Self.ip), .nflog).event == .other(etherType: 0))
    }

    /// The same message as a big-endian host (a MIPS router) writes it: length and type swapped.
    static func bigEndian(_ tlv: [UInt8]) -> [UInt8] { [tlv[1], tlv[0], tlv[3], tlv[2]] + tlv[4...] }

    @Test func nflogFromABigEndianHostIsRead() throws {
        let hw = Self.tlv(8, [0, 6, 0, 0] + Frames.mac("02:00:00:00:00:fe") + [0, 0])
        let little = [2, 0, 0, 42] + Self.tlv(1, [0x08, 0x00, 1, 0]) + hw + Self.tlv(9, Self.ip)
        let big = [2, 0, 0, 42] + Self.bigEndian(Self.tlv(1, [0x08, 0x00, 1, 0])) + Self.bigEndian(hw) + Self.bigEndian(Self.tlv(9, Self.ip))
        let a = try Frames.decode(little, .nflog), b = try Frames.decode(big, .nflog)
        #expect(a == b)
        #expect(b.linkSource?.description == "02:00:00:00:00:fe")
        #expect(b.event == .ipv4(source: .init(10, 0, 0, 2), destination: .init(10, 0, 0, 1)))
        let range = big.withUnsafeBytes { NFLOGDecoder.payloadRange($0) }
        #expect(range == (big.count - Self.ip.count)..<big.count)
    }
}
