import IPAuditKit
import Foundation
import IPCore
import Testing
@testable import IPAuditCapture

/// The probes as sent: decoded back by the scanner's decoder, and read by tcpdump, which
/// checks the ICMPv6 checksum and names every field independently of our code.
@Suite struct ProbeFrameTests {
    static let source = MACAddress("02:13:00:00:00:01")!

    @Test func arpProbeIsAnRFC5227ProbeForTheTarget() throws {
        let frame = ProbeFrameBuilder(source: Self.source).arpProbe(for: try IPv4Address("10.213.0.5"))
        #expect(frame.count == 60)
        let decoded = try Frames.decode(frame)
        #expect(decoded.linkSource == Self.source)
        #expect(decoded.linkDestination?.isBroadcast == true)
        guard case .arp(let m) = decoded.event else { Issue.record("not ARP: \(decoded)"); return }
        #expect(m.isProbe)
        #expect(m.senderMAC == Self.source)
        #expect(m.targetIP == (try IPv4Address("10.213.0.5")))
        #expect(m.targetMAC.isZero)
    }

    @Test func taggedProbesCarryTheVLAN() throws {
        let builder = ProbeFrameBuilder(source: Self.source, vlan: 42)
        let arp = try Frames.decode(builder.arpProbe(for: try IPv4Address("10.213.42.5")))
        #expect(arp.vlans.ids == [42])
        let ns = try Frames.decode(builder.neighborSolicitation(for: try IPv6Address("fd5a:1f00:0:42::5")))
        #expect(ns.vlans.ids == [42])
    }

    @Test func neighborSolicitationIsDADStyle() throws {
        let target = try IPv6Address("fd5a:1f00:0:13::12:3456")
        let frame = ProbeFrameBuilder(source: Self.source).neighborSolicitation(for: target)
        let decoded = try Frames.decode(frame)
        #expect(decoded.linkDestination == MACAddress("33:33:ff:12:34:56"))
        #expect(decoded.event == .neighborSolicitation(source: IPv6Address(bits: 0), target: target, sourceLinkLayer: nil))
    }

    @Test func senderAddressCanBeSet() throws {
        let frame = ProbeFrameBuilder(source: Self.source, arpSender: try IPv4Address("10.213.0.1")).arpProbe(for: try IPv4Address("10.213.0.70"))
        guard case .arp(let m) = try Frames.decode(frame).event else { Issue.record("not ARP"); return }
        #expect(!m.isProbe)
        #expect(m.senderIP == (try IPv4Address("10.213.0.1")))
    }

    @Test(.requires(.tcpdump)) func tcpdumpReadsTheProbesAndTheChecksum() throws {
        let builder = ProbeFrameBuilder(source: Self.source)
        let tagged = ProbeFrameBuilder(source: Self.source, vlan: 7)
        let frames = [
            builder.arpProbe(for: try IPv4Address("10.213.0.5")),
            builder.neighborSolicitation(for: try IPv6Address("fd5a:1f00:0:13::5")),
            builder.neighborSolicitation(for: try IPv6Address("fe80::aabb:ccff:fedd:eeff")),
            tagged.neighborSolicitation(for: try IPv6Address("2001:db8::1")),
        ]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("probe-\(UUID().uuidString).pcap").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        PcapWriter.write(frames, to: path)
        let lines = try Tcpdump.output(["-nn", "-e", "-vv", "-r", path]).split(separator: "\n").map(String.init)
        let text = lines.joined(separator: "\n")
        #expect(text.contains("Request who-has 10.213.0.5 tell 0.0.0.0"), "\(text)")
        #expect(text.contains("02:13:00:00:00:01 > ff:ff:ff:ff:ff:ff"), "\(text)")
        #expect(text.contains("02:13:00:00:00:01 > 33:33:ff:00:00:05"), "\(text)")
        #expect(text.contains(":: > ff02::1:ff00:5"), "\(text)")
        #expect(text.contains("who has fd5a:1f00:0:13::5"), "\(text)")
        #expect(text.contains(":: > ff02::1:ffdd:eeff"), "\(text)")
        #expect(text.contains("vlan 7"), "\(text)")
        #expect(text.contains(":: > ff02::1:ff00:1"), "\(text)")
        // tcpdump -vv verifies ICMPv6 checksums: all three NS must be "sum ok", none bad.
        #expect(text.components(separatedBy: "icmp6 sum ok").count - 1 == 3, "\(text)")
        #expect(!text.contains("bad icmp6"), "\(text)")
        #expect(text.contains("hlim 255"), "\(text)")
    }
}
