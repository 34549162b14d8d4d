import Foundation
import Testing
@testable import IPAuditCapture

/// What ipaudit decodes from the 802.11 and NFLOG fixtures, frame by frame, against tshark's
/// dissectors: 802.11 SA/DA, the ARP sender, IP addresses, NFLOG's hardware address.
@Suite struct WiFiNFLOGOracleTests {
    /// tshark's fields for every frame of a fixture (all occurrences, comma-separated).
    static func tshark(_ file: String, _ fields: [String]) throws -> [[String]] {
        let run = try ProcessRunner.run("/usr/bin/env", ["tshark", "-r", Fixture.pcap(file), "-T", "fields", "-E", "occurrence=a",
                                                         "-E", "aggregator=,"] + fields.flatMap { ["-e", $0] })
        #expect(run.status == 0, "\(run.stderr)")
        return run.stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    /// One line per frame: what it carries and from where, as ipaudit reads it.
    static func describe(_ frame: DecodedFrame) -> String {
        let link = "\(frame.linkSource?.description ?? "-") \(frame.linkDestination?.description ?? "-")"
        switch frame.event {
        case .arp(let m): return "arp \(m.senderIP) \(m.senderMAC) \(link)"
        case .ipv4(let s, let d): return "ip \(s) \(d) \(link)"
        // NDP events keep no destination: IPv6 is compared by source.
        case .ipv6(let s, _), .neighborAdvertisement(let s, _, _, _), .neighborSolicitation(let s, _, _): return "ip \(s) - \(link)"
        case .loopback: return "loopback"
        default: return "other"
        }
    }

    @Test(.requires(.tshark), arguments: [("wifi-radiotap.pcap", LinkType.ieee80211Radiotap), ("wifi-plain.pcap", .ieee80211)])
    func wifiFramesReadAsTsharkReadsThem(_ file: String, _ link: LinkType) throws {
        let rows = try Self.tshark(file, ["wlan.sa", "wlan.da", "arp.src.proto_ipv4", "arp.src.hw_mac", "ip.src", "ip.dst",
                                          "ipv6.src", "wlan.fc.protected"])
        let expected = rows.map { r -> String in
            let link = "\(r[0]) \(r[1])"
            if r[7] == "1" || r[7] == "True" { return "other" }
            if !r[2].isEmpty { return "arp \(r[2]) \(r[3]) \(link)" }
            if !r[4].isEmpty { return "ip \(r[4]) \(r[5]) \(link)" }
            if !r[6].isEmpty { return "ip \(r[6]) - \(link)" }
            return "other"
        }
        let seen = try WiFiNFLOGLinkTests.decoded(file, link).map { Self.describe(try $0.get()) }
        #expect(seen == expected)
        #expect(expected.filter { $0.hasPrefix("arp") }.count == 12)
    }

    @Test(.requires(.tshark))
    func nflogPayloadAndHardwareAddressAsTsharkReadsThem() throws {
        let rows = try Self.tshark("nflog.pcap", ["nflog.tlv", "ip.src", "ip.dst", "ipv6.src"])
        let expected = rows.map { r -> String in
            // Each TLV as tshark framed it, in hex: length and type (little-endian), value. tshark
            // 4.0 leaves NFULA_HWADDR (type 8) undissected: hw_addrlen (big-endian), pad, address.
            var source = "-"
            for tlv in r[0].split(separator: ",").map(Array.init) where tlv.count >= 28 && String(tlv[4..<8]) == "0800" {
                if String(tlv[8..<12]) == "0006" {
                    source = stride(from: 16, to: 28, by: 2).map { String(tlv[$0..<$0 + 2]) }.joined(separator: ":")
                }
            }
            let (s, d) = r[1].isEmpty ? (r[3], "-") : (r[1], r[2])
            return s.hasPrefix("127.") ? "loopback" : "ip \(s) \(d) \(source) -"
        }
        let seen = try WiFiNFLOGLinkTests.decoded("nflog.pcap", .nflog).map { Self.describe(try $0.get()) }
        #expect(seen == expected)
        #expect(expected.contains { $0.contains("02:00:00:00:00:fe") })
    }
}
