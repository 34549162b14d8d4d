import CPcap
import Foundation

/// Writes Ethernet frames to a classic pcap file (for tcpdump as an oracle).
public enum PcapWriter {
    public static func write(_ frames: [[UInt8]], to path: String) {
        let dead = pcap_open_dead(DLT_EN10MB, 65535)!
        defer { pcap_close(dead) }
        let dumper = pcap_dump_open(dead, path)!
        defer { pcap_dump_close(dumper) }
        for (i, frame) in frames.enumerated() {
            var header = pcap_pkthdr()
            header.ts.tv_sec = 1_700_000_000 + i
            header.caplen = UInt32(frame.count)
            header.len = UInt32(frame.count)
            frame.withUnsafeBufferPointer { pcap_dump(UnsafeMutablePointer<UInt8>(dumper), &header, $0.baseAddress) }
        }
    }
}
