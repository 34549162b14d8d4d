import Foundation
@testable import IPAuditCapture

/// Builds test frames byte by byte (big-endian fields), the same layouts as on the wire.
enum Frames {
    static func mac(_ text: String) -> [UInt8] {
        text.split(separator: ":").map { UInt8($0, radix: 16)! }
    }

    static func ipv4(_ text: String) -> [UInt8] {
        text.split(separator: ".").map { UInt8($0)! }
    }

    static func ipv6(_ text: String) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 16)
        var storage = in6_addr()
        precondition(inet_pton(AF_INET6, text, &storage) == 1)
        withUnsafeBytes(of: &storage) { for i in 0..<16 { out[i] = $0[i] } }
        return out
    }

    static func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xff)] }

    static func ethernet(dst: String = "ff:ff:ff:ff:ff:ff", src: String, type: UInt16, vlans: [(UInt16, UInt16)] = [],
                         payload: [UInt8]) -> [UInt8] {
        var f = mac(dst) + mac(src)
        for (tpid, vid) in vlans { f += be16(tpid) + be16(vid) }
        return f + be16(type) + payload
    }

    static func arp(op: UInt16, sha: String, spa: String, tha: String = "00:00:00:00:00:00", tpa: String) -> [UInt8] {
        be16(1) + be16(0x0800) + [6, 4] + be16(op) + mac(sha) + ipv4(spa) + mac(tha) + ipv4(tpa)
    }

    static func ipv4Header(src: String, dst: String, proto: UInt8 = 17) -> [UInt8] {
        [0x45, 0, 0, 28, 0, 0, 0, 0, 64, proto, 0, 0] + ipv4(src) + ipv4(dst) + [0, 9, 0, 9, 0, 8, 0, 0]
    }

    static func ipv6Header(src: String, dst: String, next: UInt8, hopLimit: UInt8 = 255, payload: [UInt8]) -> [UInt8] {
        [0x60, 0, 0, 0] + be16(UInt16(payload.count)) + [next, hopLimit] + ipv6(src) + ipv6(dst) + payload
    }

    static func neighborSolicitation(target: String, sourceLinkLayer: String?) -> [UInt8] {
        var b: [UInt8] = [135, 0, 0, 0, 0, 0, 0, 0] + ipv6(target)
        if let s = sourceLinkLayer { b += [1, 1] + mac(s) }
        return b
    }

    static func neighborAdvertisement(target: String, targetLinkLayer: String?, flags: UInt8 = 0x20) -> [UInt8] {
        var b: [UInt8] = [136, 0, 0, 0, flags, 0, 0, 0] + ipv6(target)
        if let t = targetLinkLayer { b += [2, 1] + mac(t) }
        return b
    }

    static func decode(_ bytes: [UInt8], _ link: LinkType = .ethernet) throws(DecodeError) -> DecodedFrame {
        let result = bytes.withUnsafeBytes { raw in
            Result { () throws(DecodeError) -> DecodedFrame in try FrameDecoder.decode(raw, linkType: link) }
        }
        return try result.get()
    }
}

/// Paths of the committed fixtures.
enum Fixture {
    static var root: URL { Repository.root }

    static func pcap(_ name: String) -> String {
        root.appendingPathComponent("fixtures/pcap/\(name)").path
    }
}
