import CPcap
import Foundation
@testable import IPAuditCapture
import IPAuditTestSupport
import Testing

/// The block reader of classic pcap files gives exactly what `pcap_next_ex` gives: the same
/// frames, bytes, capture times and numbers, the same end (a cut record at the same byte with
/// libpcap's own message), for every fixture and for the same records rewritten in the other
/// byte order, with nanosecond stamps, and with a snapshot length shorter than the records.
@Suite struct SavefileReaderTests {
    struct Frame: Equatable, CustomStringConvertible {
        var number: Int
        var time: Double
        var bytes: [UInt8]
        var description: String { "#\(number) @\(time) \(bytes.count) bytes" }
    }

    struct Collector: PacketSink {
        var frames: [Frame] = []
        mutating func packet(_ bytes: UnsafeRawBufferPointer, linkType: LinkType, time: Double, frame: Int, interface: Int) {
            frames.append(Frame(number: frame, time: time, bytes: Array(bytes)))
        }
        mutating func startInterface(_ index: Int, domainSuffix: String?) {}
    }

    struct Outcome: Equatable {
        var frames: [Frame]
        var end: String
        var truncation: CaptureTruncation?
    }

    /// Through `PacketCapture`, which takes the block reader for a classic pcap file.
    static func viaCapture(_ path: String, filter: String? = nil) throws -> Outcome {
        var config = CaptureConfiguration(source: .file(path))
        config.filter = filter
        let capture = try PacketCapture.open(config)
        #expect(SavefileReader(handle: capture.handle) != nil, "the block reader must take \(path)")
        var sink = Collector()
        do {
            let end = try capture.run(into: &sink, duration: nil, count: nil) { _ in }
            return Outcome(frames: sink.frames, end: end.rawValue, truncation: capture.truncation)
        } catch {
            return Outcome(frames: sink.frames, end: "error: \(error.message)", truncation: nil)
        }
    }

    /// libpcap's own reading, as the capture loop did before the block reader.
    static func viaLibpcap(_ path: String, filter: String? = nil) -> Outcome {
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        let handle = pcap_open_offline_with_tstamp_precision(path, UInt32(PCAP_TSTAMP_PRECISION_NANO), &errbuf)!
        defer { pcap_close(handle) }
        var program = bpf_program()
        // The expression the capture compiles for the user's filter (VLAN-tagged frames too).
        if let filter, let expression = CaptureFilter.expression(user: filter, live: false, linkType: .ethernet) {
            precondition(pcap_compile(handle, &program, expression, 1, PCAP_NETMASK_UNKNOWN) == 0)
        }
        defer { if filter != nil { pcap_freecode(&program) } }
        var frames: [Frame] = []
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        var offset = 24, number = 0
        while true {
            let rc = pcap_next_ex(handle, &header, &data)
            if rc == PCAP_ERROR_BREAK { return Outcome(frames: frames, end: "end-of-file", truncation: nil) }
            guard rc == 1, let h = header, let bytes = data else {
                let detail = String(cString: pcap_geterr(handle))
                if detail.contains("truncated") {
                    return Outcome(frames: frames, end: "truncated-record",
                                   truncation: CaptureTruncation(offset: offset, lastFrame: number, detail: detail))
                }
                return Outcome(frames: frames, end: "error: read error after frame \(number) at byte \(offset): \(detail)", truncation: nil)
            }
            number += 1
            offset += 16 + Int(h.pointee.caplen)
            if filter != nil, pcap_offline_filter(&program, h, bytes) == 0 { continue }
            frames.append(Frame(number: number, time: Double(h.pointee.ts.tv_sec) + Double(h.pointee.ts.tv_usec) * 1e-9,
                                bytes: Array(UnsafeBufferPointer(start: bytes, count: Int(h.pointee.caplen)))))
        }
    }

    static var fixtures: [String] {
        let dir = Repository.root.appendingPathComponent("fixtures/pcap")
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? [])
            .filter { $0.hasSuffix(".pcap") }.sorted().map { dir.appendingPathComponent($0).path }
    }

    @Test func everyFixtureReadsAsLibpcapReadsIt() throws {
        #expect(Self.fixtures.count >= 30)
        for path in Self.fixtures {
            let ours = try Self.viaCapture(path), theirs = Self.viaLibpcap(path)
            #expect(ours == theirs, "\(path): \(ours.frames.count) vs \(theirs.frames.count) frames, \(ours.end) vs \(theirs.end)")
            #expect(!ours.frames.isEmpty, "\(path)")
        }
    }

    @Test func aFilterKeepsTheFilesFrameNumbers() throws {
        let path = Repository.root.appendingPathComponent("fixtures/pcap/duplicate-midcapture.pcap").path
        let ours = try Self.viaCapture(path, filter: "arp"), theirs = Self.viaLibpcap(path, filter: "arp")
        #expect(ours == theirs)
        #expect(!ours.frames.isEmpty && ours.frames.last!.number > ours.frames.count, "the filter dropped frames but kept numbers")
    }

    /// The file's records rewritten: other byte order, nanosecond stamps, a short snapshot length.
    static func rewrite(_ data: [UInt8], swap: Bool, nanoseconds: Bool, snapshot: UInt32? = nil) -> [UInt8] {
        func u32(_ d: [UInt8], _ i: Int) -> UInt32 { d[i..<i + 4].reversed().reduce(0) { $0 << 8 | UInt32($1) } }
        func put(_ v: UInt32, _ out: inout [UInt8]) {
            let bytes = (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) }
            out += swap ? bytes.reversed() : bytes
        }
        func put16(_ v: UInt16, _ out: inout [UInt8]) {
            let bytes = [UInt8(truncatingIfNeeded: v), UInt8(truncatingIfNeeded: v >> 8)]
            out += swap ? bytes.reversed() : bytes
        }
        precondition(u32(data, 0) == 0xa1b2_c3d4, "little-endian microsecond fixture expected")
        var out: [UInt8] = []
        put(nanoseconds ? 0xa1b2_3c4d : 0xa1b2_c3d4, &out)
        put16(2, &out); put16(4, &out)
        put(0, &out); put(0, &out)
        put(snapshot ?? u32(data, 16), &out)
        put(u32(data, 20), &out)
        var i = 24
        while i + 16 <= data.count {
            let caplen = Int(u32(data, i + 8))
            put(u32(data, i), &out)
            put(nanoseconds ? u32(data, i + 4) * 1000 + 7 : u32(data, i + 4), &out)
            put(UInt32(caplen), &out)
            put(u32(data, i + 12), &out)
            out += data[(i + 16)..<min(data.count, i + 16 + caplen)]
            i += 16 + caplen
        }
        return out
    }

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func byteOrderAndPrecisionVariantsReadAlike(swap: Bool, nanoseconds: Bool) throws {
        let dir = try TemporaryDirectory.make(prefix: "savefile")
        defer { try? FileManager.default.removeItem(at: dir) }
        for name in ["duplicate-vlan.pcap", "dhcp-ack-bindings.pcap", "ipv6-conflict.pcap"] {
            let original = try [UInt8](Data(contentsOf: Repository.root.appendingPathComponent("fixtures/pcap/\(name)")))
            let path = dir.appendingPathComponent(name).path
            try Data(Self.rewrite(original, swap: swap, nanoseconds: nanoseconds)).write(to: URL(fileURLWithPath: path))
            let ours = try Self.viaCapture(path), theirs = Self.viaLibpcap(path)
            #expect(ours == theirs, "\(name) swap=\(swap) ns=\(nanoseconds)")
            #expect(ours.frames.count > 3)
        }
    }

    @Test func recordsLongerThanTheSnapshotKeepTheSnapshotsBytes() throws {
        let dir = try TemporaryDirectory.make(prefix: "savefile")
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try [UInt8](Data(contentsOf: Repository.root.appendingPathComponent("fixtures/pcap/router-vlans.pcap")))
        let path = dir.appendingPathComponent("short-snap.pcap").path
        try Data(Self.rewrite(original, swap: false, nanoseconds: false, snapshot: 50)).write(to: URL(fileURLWithPath: path))
        let ours = try Self.viaCapture(path), theirs = Self.viaLibpcap(path)
        #expect(ours == theirs)
        #expect(ours.frames.contains { $0.bytes.count == 50 } && ours.frames.allSatisfy { $0.bytes.count <= 50 })
    }

    /// Cut at every byte of the last three records and inside the first one: the same frames,
    /// the same cut byte and libpcap's message.
    @Test func everyCutReadsAsLibpcapReadsIt() throws {
        let dir = try TemporaryDirectory.make(prefix: "savefile")
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try [UInt8](Data(contentsOf: Repository.root.appendingPathComponent("fixtures/pcap/duplicate-static.pcap")))
        let path = dir.appendingPathComponent("cut.pcap").path
        let lengths = Array(25..<120) + Array((original.count - 300)..<original.count)
        var truncated = 0
        for length in lengths {
            try Data(original[0..<length]).write(to: URL(fileURLWithPath: path))
            let ours = try Self.viaCapture(path), theirs = Self.viaLibpcap(path)
            #expect(ours == theirs, "cut at \(length): \(ours.end) \(String(describing: ours.truncation)) vs \(theirs.end) \(String(describing: theirs.truncation))")
            if ours.truncation != nil { truncated += 1 }
        }
        #expect(truncated > lengths.count / 2)
    }

    /// A capture length beyond any link type's maximum: an error at that record, frames before it kept.
    @Test func anImpossibleCaptureLengthIsARefusalNamingTheByte() throws {
        let dir = try TemporaryDirectory.make(prefix: "savefile")
        defer { try? FileManager.default.removeItem(at: dir) }
        var bytes = try [UInt8](Data(contentsOf: Repository.root.appendingPathComponent("fixtures/pcap/duplicate-static.pcap")))
        let firstLength = Int(bytes[32]) | Int(bytes[33]) << 8
        let second = 24 + 16 + firstLength
        bytes.replaceSubrange((second + 8)..<(second + 12), with: [0x00, 0x00, 0x50, 0x00])   // 5 MiB
        let path = dir.appendingPathComponent("bogus.pcap").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let ours = try Self.viaCapture(path), theirs = Self.viaLibpcap(path)
        #expect(ours.frames == theirs.frames && ours.frames.count == 1)
        #expect(ours.end.contains("read error after frame 1 at byte \(second)"))
        #expect(ours.end.contains("invalid packet capture length 5242880") && theirs.end.contains("invalid packet capture length 5242880"))
    }
}
