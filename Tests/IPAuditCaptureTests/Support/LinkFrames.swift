import Foundation
import IPAuditKit
import Testing
@testable import IPAuditCapture

/// Frames for the round-3 wire cases (APIPA hosts, duplicates that keep talking, gateways,
/// IPv6 link-local claims), built byte by byte on top of `Frames`, and the analyzer and
/// tshark runs the tests share.
enum LinkFrames {
    /// An IPv4 UDP datagram (checksums 0: nothing here reads them) in an Ethernet frame.
    static func udp(src: String, srcMAC: String, dst: String, dstMAC: String, sport: UInt16, dport: UInt16,
                    payload: [UInt8] = [0, 0, 0, 0]) -> [UInt8] {
        let udp = Frames.be16(sport) + Frames.be16(dport) + Frames.be16(UInt16(8 + payload.count)) + [0, 0] + payload
        return Frames.ethernet(dst: dstMAC, src: srcMAC, type: 0x0800, payload: ipv4(src: src, dst: dst, proto: 17, payload: udp))
    }

    /// An IPv4 TCP segment (a bare ACK) in an Ethernet frame.
    static func tcp(src: String, srcMAC: String, dst: String, dstMAC: String, sport: UInt16, dport: UInt16) -> [UInt8] {
        let tcp = Frames.be16(sport) + Frames.be16(dport) + [0, 0, 0, 1, 0, 0, 0, 1, 0x50, 0x10, 0x20, 0, 0, 0, 0, 0]
        return Frames.ethernet(dst: dstMAC, src: srcMAC, type: 0x0800, payload: ipv4(src: src, dst: dst, proto: 6, payload: tcp))
    }

    static func ipv4(src: String, dst: String, proto: UInt8, payload: [UInt8]) -> [UInt8] {
        let total = UInt16(20 + payload.count)
        return [0x45, 0] + Frames.be16(total) + [0, 0, 0x40, 0, 64, proto, 0, 0] + Frames.ipv4(src) + Frames.ipv4(dst) + payload
    }

    static func arpFrame(op: UInt16, sha: String, spa: String, tpa: String, dst: String = "ff:ff:ff:ff:ff:ff") -> [UInt8] {
        Frames.ethernet(dst: dst, src: sha, type: 0x0806, payload: Frames.arp(op: op, sha: sha, spa: spa, tpa: tpa))
    }

    /// A DHCPACK from `server` for `client`, broadcast on the client's segment, naming `router`.
    static func dhcpAck(server: String, serverMAC: String, yiaddr: String, client: String, router: String?,
                        dstMAC: String = "ff:ff:ff:ff:ff:ff") -> [UInt8] {
        var bootp: [UInt8] = [2, 1, 6, 0] + [0x12, 0x34, 0x56, 0x78] + [0, 0, 0x80, 0] + Frames.ipv4("0.0.0.0") + Frames.ipv4(yiaddr)
            + Frames.ipv4(server) + Frames.ipv4("0.0.0.0") + Frames.mac(client) + [UInt8](repeating: 0, count: 10 + 64 + 128)
        bootp += [0x63, 0x82, 0x53, 0x63, 53, 1, 5, 54, 4] + Frames.ipv4(server) + [1, 4, 255, 255, 255, 0]
        if let router { bootp += [3, 4] + Frames.ipv4(router) }
        bootp += [51, 4, 0, 0, 0x0e, 0x10, 255]
        return udp(src: server, srcMAC: serverMAC, dst: "255.255.255.255", dstMAC: dstMAC, sport: 67, dport: 68, payload: bootp)
    }

    /// A DHCPDISCOVER from a client with no address yet.
    static func dhcpDiscover(client: String) -> [UInt8] {
        var bootp: [UInt8] = [1, 1, 6, 0, 0xab, 0xcd, 0, 1, 0, 0, 0x80, 0] + [UInt8](repeating: 0, count: 16) + Frames.mac(client)
            + [UInt8](repeating: 0, count: 10 + 64 + 128)
        bootp += [0x63, 0x82, 0x53, 0x63, 53, 1, 1, 255]
        return udp(src: "0.0.0.0", srcMAC: client, dst: "255.255.255.255", dstMAC: "ff:ff:ff:ff:ff:ff", sport: 68, dport: 67, payload: bootp)
    }

    /// ICMPv6 in an Ethernet frame (hop limit 255, as NDP must have it).
    static func icmpv6(srcMAC: String, src: String, dstMAC: String, dst: String, _ message: [UInt8]) -> [UInt8] {
        Frames.ethernet(dst: dstMAC, src: srcMAC, type: 0x86dd, payload: Frames.ipv6Header(src: src, dst: dst, next: 58, payload: message))
    }

    static func routerSolicitation(sourceLinkLayer: String?) -> [UInt8] {
        [133, 0, 0, 0, 0, 0, 0, 0] + (sourceLinkLayer.map { [1, 1] + Frames.mac($0) } ?? [])
    }

    /// An RA (hop limit 64, router lifetime 1800 s) with a source link-layer option.
    static func routerAdvertisement(sourceLinkLayer: String, lifetime: UInt16 = 1800) -> [UInt8] {
        [134, 0, 0, 0, 64, 0] + Frames.be16(lifetime) + [0, 0, 0, 0, 0, 0, 0, 0] + [1, 1] + Frames.mac(sourceLinkLayer)
    }

    /// Frames through the analyzer at their times, numbered from 1.
    static func analyze(_ frames: [TimedFrame], policy: ScanPolicy = ScanPolicy()) -> WireAnalyzer {
        var analyzer = WireAnalyzer(policy: policy, domainBase: "t")
        for (i, f) in frames.enumerated() {
            f.bytes.withUnsafeBytes { analyzer.process($0, linkType: .ethernet, time: f.time, frame: i + 1) }
        }
        return analyzer
    }

    /// "rule address" per finding, sorted.
    static func summary(_ findings: [Finding]) -> [String] {
        findings.map { "\($0.rule.id) \($0.address ?? "-")" }.sorted()
    }

    /// tshark's fields for every frame of `frames` written to a temporary pcap.
    static func tshark(_ frames: [TimedFrame], fields: [String], filter: String? = nil) throws -> [[String]] {
        let dir = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("case.pcap").path
        TimedPcapWriter.write(frames, to: path)
        let run = try ProcessRunner.run("/usr/bin/env", ["tshark", "-r", path, "-T", "fields", "-E", "occurrence=f"]
                                        + (filter.map { ["-Y", $0] } ?? []) + fields.flatMap { ["-e", $0] })
        #expect(run.status == 0, "\(run.stderr)")
        return run.stdout.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }
}
