import CPcap
import Foundation

/// Frames with their own capture times (seconds since the epoch), for cases where the time
/// between frames is the point (moves, lost leases): `PcapWriter` spaces frames one second apart.
public struct TimedFrame: Sendable {
    public var time: Double
    public var bytes: [UInt8]
    public init(_ time: Double, _ bytes: [UInt8]) {
        self.time = time
        self.bytes = bytes
    }
}

public enum TimedPcapWriter {
    /// A classic pcap file of Ethernet frames, microsecond timestamps.
    public static func write(_ frames: [TimedFrame], to path: String) {
        let dead = pcap_open_dead(DLT_EN10MB, 65535)!
        defer { pcap_close(dead) }
        let dumper = pcap_dump_open(dead, path)!
        defer { pcap_dump_close(dumper) }
        for frame in frames {
            var header = pcap_pkthdr()
            let micros = Int((frame.time * 1e6).rounded())
            header.ts.tv_sec = micros / 1_000_000
            header.ts.tv_usec = micros % 1_000_000
            header.caplen = UInt32(frame.bytes.count)
            header.len = UInt32(frame.bytes.count)
            frame.bytes.withUnsafeBufferPointer { pcap_dump(UnsafeMutablePointer<UInt8>(dumper), &header, $0.baseAddress) }
        }
    }
}

/// A pcapng file (little-endian) with several interfaces of different link types, as Wireshark
/// writes when capturing on more than one interface; libpcap's own writer cannot mix them.
public enum PcapngWriter {
    public struct Interface: Sendable {
        public var linkType: UInt16
        public var name: String
        public init(linkType: UInt16, name: String) {
            self.linkType = linkType
            self.name = name
        }
    }

    public static func write(interfaces: [Interface], packets: [(interface: Int, frame: [UInt8])], to path: String) throws {
        var out: [UInt8] = []
        out += block(0x0A0D_0D0A, le32(0x1A2B_3C4D) + le16(1) + le16(0) + le32(0xffff_ffff) + le32(0xffff_ffff))
        for i in interfaces {
            let name = Array(i.name.utf8)
            let padded = name + [UInt8](repeating: 0, count: (4 - name.count % 4) % 4)
            out += block(1, le16(i.linkType) + le16(0) + le32(65535) + le16(2) + le16(UInt16(name.count)) + padded + le32(0))
        }
        for (n, p) in packets.enumerated() {
            let micros = UInt64(1_700_000_000 + n) * 1_000_000
            let data = p.frame + [UInt8](repeating: 0, count: (4 - p.frame.count % 4) % 4)
            out += block(6, le32(UInt32(p.interface)) + le32(UInt32(micros >> 32)) + le32(UInt32(micros & 0xffff_ffff))
                         + le32(UInt32(p.frame.count)) + le32(UInt32(p.frame.count)) + data)
        }
        try Data(out).write(to: URL(fileURLWithPath: path))
    }

    private static func block(_ type: UInt32, _ body: [UInt8]) -> [UInt8] {
        let length = UInt32(12 + body.count)
        return le32(type) + le32(length) + body + le32(length)
    }

    private static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xff), UInt8(v >> 8)] }
    private static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(v >> (8 * $0) & 0xff) } }
}
