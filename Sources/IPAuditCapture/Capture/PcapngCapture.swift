import CPcap
import Foundation

/// Reads a pcapng file block by block, for files libpcap 1.10 cannot read whole: interfaces
/// with different link types or snap lengths ("an interface has a snapshot length ...
/// different"), and interfaces of one link type that libpcap would merge into one L2 domain.
/// Each interface keeps its own index, so its frames form their own domain.
///
/// Every length is checked against its block and every block against the file before a byte
/// is read; a block past the end of the file is a cut record (the report keeps what came
/// before), any other inconsistency is an error naming the byte offset.
public final class PcapngCapture {
    public let name: String
    private let file: UnsafeMutablePointer<FILE>
    private let userFilter: String?
    private var interfaces: [PcapngInterface] = []
    /// Global index of the current section's interface 0 (indices restart in each section).
    private var sectionBase = 0
    private var bigEndian = false
    /// Whether the file had several interfaces when its first frame came: then every one is
    /// named in its domain; otherwise the lone interface keeps the capture's name.
    private var multiInterface: Bool?
    /// One block's body at a time, grown to the longest block seen.
    private var body = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    public private(set) var truncation: CaptureTruncation?

    static let sectionHeader: UInt32 = 0x0A0D_0D0A
    static let byteOrderMagic: UInt32 = 0x1A2B_3C4D
    static let interfaceDescription: UInt32 = 1
    static let obsoletePacket: UInt32 = 2
    static let simplePacket: UInt32 = 3
    static let enhancedPacket: UInt32 = 6
    /// libpcap's own ceiling for a block; a longer one is corruption, not a frame.
    static let maxBlockLength = 16 * 1024 * 1024

    /// True when the file starts with a pcapng section header block.
    public static func isPcapng(path: String) -> Bool {
        // Only a regular file may be read twice: on a pipe (/dev/stdin, <(tcpdump -w -)) the
        // sniffed bytes would be gone for the real reader, which libpcap then is.
        var st = stat()
        guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG, let f = fopen(path, "rb") else { return false }
        defer { fclose(f) }
        var magic: UInt32 = 0
        return fread(&magic, 4, 1, f) == 1 && magic == sectionHeader
    }

    public convenience init(path: String, filter: String?) throws(CaptureError) {
        guard let f = fopen(path, "rb") else {
            throw CaptureError(source: path, "cannot read capture: \(String(cString: strerror(errno)))")
        }
        self.init(file: f, name: path, filter: filter)
    }

    /// Reads an open stream (closed with the reader); the fuzzer hands in memory this way.
    public init(file: UnsafeMutablePointer<FILE>, name: String, filter: String?) {
        self.name = name
        self.file = file
        userFilter = filter
    }

    deinit {
        fclose(file)
        body.deallocate()
    }

    private func bodyBuffer(_ count: Int) -> UnsafeMutableRawBufferPointer {
        if body.count < count {
            body.deallocate()
            body = .allocate(byteCount: max(count, 4096), alignment: 8)
        }
        return body
    }

    /// The link types of the interfaces, by libpcap's names, for the report.
    public var linkTypeNames: String {
        var seen: [String] = []
        for i in interfaces {
            let n = PacketCapture.linkTypeName(i.dlt)
            if !seen.contains(n) { seen.append(n) }
        }
        return seen.joined(separator: ",")
    }

    public var interfaceCount: Int { interfaces.count }

    public func run<S: PacketSink>(into sink: inout S, count: Int?, tick: (inout S) -> Void) throws(CaptureError) -> CaptureEnd {
        try StopSignal.interruptingReads { () throws(CaptureError) -> CaptureEnd in try readBlocks(into: &sink, count: count, tick: tick) }
    }

    private func readBlocks<S: PacketSink>(into sink: inout S, count: Int?, tick: (inout S) -> Void) throws(CaptureError) -> CaptureEnd {
        var offset = 0, frame = 0, passed = 0
        let limit = count ?? Int.max
        var header: (UInt32, UInt32, UInt32) = (0, 0, 0)
        while passed < limit {
            // Type and length (and, for a section header, its byte-order magic).
            // Every block: a FIFO may trickle; a read a stop interrupted (EINTR) is no cut.
            if StopSignal.requested { return .signal }
            let got = withUnsafeMutableBytes(of: &header) { fread($0.baseAddress, 1, 12, file) }
            if StopSignal.requested { return .signal }
            if got == 0 { return .endOfFile }
            if got < 8 { return cut(at: offset, frame: frame, "\(got) of a block's 8 header bytes") }
            var type = bigEndian ? UInt32(bigEndian: header.0) : UInt32(littleEndian: header.0)
            if header.0 == Self.sectionHeader {
                guard got == 12 else { return cut(at: offset, frame: frame, "section header of \(got) bytes") }
                switch header.2 {
                case Self.byteOrderMagic.littleEndian: bigEndian = false
                case Self.byteOrderMagic.bigEndian: bigEndian = true
                default: throw corrupt(offset, "section header with an unknown byte-order magic")
                }
                type = Self.sectionHeader
            }
            let length = Int(bigEndian ? UInt32(bigEndian: header.1) : UInt32(littleEndian: header.1))
            guard length >= 12, length % 4 == 0, length <= Self.maxBlockLength else {
                throw corrupt(offset, "block of type \(type) with impossible length \(length)")
            }
            // The body after the 8 header bytes, with the trailing length; 4 bytes may be read already.
            let already = got - 8
            let rest = length - 8
            guard already <= rest else { throw corrupt(offset, "block of length \(length) cannot hold its header") }
            let buffer = bodyBuffer(rest)
            withUnsafeBytes(of: &header) { h in
                for i in 0..<already { buffer[i] = h[8 + i] }
            }
            let read = already + fread(buffer.baseAddress! + already, 1, rest - already, file)
            if read < rest, StopSignal.requested { return .signal }
            if read < rest { return cut(at: offset, frame: frame, "block of \(length) bytes, only \(read + 8) in the file") }
            let block = PcapngBytes(raw: UnsafeRawBufferPointer(rebasing: buffer[..<(rest - 4)]), bigEndian: bigEndian)
            let trailer = PcapngBytes(raw: UnsafeRawBufferPointer(rebasing: buffer[(rest - 4)..<rest]), bigEndian: bigEndian)
            guard Int(trailer.u32(0)) == length else {
                throw corrupt(offset, "block length \(length) differs from its trailing copy \(trailer.u32(0))")
            }
            try handle(type, block, offset: offset, frame: &frame, passed: &passed, sink: &sink)
            offset += length
            if frame & 0x3fff == 0, frame > 0 { tick(&sink) }
        }
        return .count
    }

    private func handle<S: PacketSink>(_ type: UInt32, _ block: PcapngBytes, offset: Int, frame: inout Int, passed: inout Int,
                                       sink: inout S) throws(CaptureError) {
        switch type {
        case Self.sectionHeader:
            guard block.count >= 16 else { throw corrupt(offset, "section header shorter than 28 bytes") }
            guard block.u16(4) == 1 else { throw corrupt(offset, "pcapng major version \(block.u16(4)); only 1 exists") }
            sectionBase = interfaces.count
        case Self.interfaceDescription:
            var interface: PcapngInterface
            switch PcapngInterface.parse(block) {
            case .success(let i): interface = i
            case .failure(let e): throw corrupt(offset, e.reason)
            }
            if interface.linkType.isSupported,
               let expression = CaptureFilter.expression(user: userFilter, live: false, linkType: interface.linkType) {
                do {
                    interface.filter = try OfflineFilter(expression: expression, userFilter: userFilter, dlt: interface.dlt, source: name)
                } catch {
                    // Refused for this link type only: the interface matches nothing (see `LinkTypeFilterRejection`).
                    guard LinkTypeFilterRejection.isLinkTypeSpecific(userFilter: userFilter) else { throw error }
                    interface.filterRejection = error
                }
            }
            interfaces.append(interface)
        case Self.enhancedPacket, Self.obsoletePacket, Self.simplePacket:
            frame += 1
            guard let packet = packetFields(type, block) else {
                throw corrupt(offset, "packet block \(frame) whose lengths do not fit it")
            }
            let index = sectionBase + packet.interface
            guard packet.interface >= 0, index < interfaces.count else {
                throw corrupt(offset, "packet block \(frame) names interface \(packet.interface), which the section does not declare")
            }
            if !interfaces[index].started { try start(index, sink: &sink) }
            let bytes = UnsafeRawBufferPointer(rebasing: block.raw[packet.data..<(packet.data + packet.captured)])
            if interfaces[index].filterRejection != nil { return }
            if let filter = interfaces[index].filter, !filter.matches(bytes, wireLength: packet.wire) { return }
            passed += 1
            sink.packet(bytes, linkType: interfaces[index].linkType, time: interfaces[index].seconds(packet.stamp),
                        frame: frame, interface: index)
        default:
            break   // name resolution, statistics, custom blocks: nothing to bind
        }
    }

    /// Interface (section-relative), timestamp, where the data starts, captured and wire length.
    private func packetFields(_ type: UInt32, _ b: PcapngBytes)
        -> (interface: Int, stamp: UInt64, data: Int, captured: Int, wire: Int)? {
        switch type {
        case Self.enhancedPacket:
            guard b.count >= 20 else { return nil }
            let captured = Int(b.u32(12))
            guard captured <= b.count - 20 else { return nil }
            return (Int(b.u32(0)), UInt64(b.u32(4)) << 32 | UInt64(b.u32(8)), 20, captured, Int(b.u32(16)))
        case Self.obsoletePacket:
            guard b.count >= 20 else { return nil }
            let captured = Int(b.u32(12))
            guard captured <= b.count - 20 else { return nil }
            return (Int(b.u16(0)), UInt64(b.u32(4)) << 32 | UInt64(b.u32(8)), 20, captured, Int(b.u32(16)))
        default:   // simple packet: interface 0, no timestamp, captured = min(wire, snaplen, room)
            guard b.count >= 4, sectionBase < interfaces.count else { return nil }
            let wire = Int(b.u32(0))
            let snap = interfaces[sectionBase].snaplen
            let captured = min(wire, snap == 0 ? Int.max : snap, b.count - 4)
            return (0, 0, 4, captured, wire)
        }
    }

    /// Tells the sink about an interface before its first frame, with its domain name.
    private func start<S: PacketSink>(_ index: Int, sink: inout S) throws(CaptureError) {
        if multiInterface == nil {
            guard interfaces.contains(where: { $0.linkType.isSupported }) else {
                throw CaptureError(source: name, PacketCapture.unsupportedMessage(interfaces[index].dlt))
            }
            let supported = interfaces.filter(\.linkType.isSupported)
            if let refused = supported.first?.filterRejection, supported.allSatisfy({ $0.filterRejection != nil }) { throw refused }
            multiInterface = interfaces.count > 1
        }
        interfaces[index].started = true
        let named = multiInterface == true || index > 0
        // A name two interfaces share (one per section, say) would merge them: the index then.
        let name = interfaces[index].name.flatMap { n in
            interfaces.indices.contains { $0 != index && interfaces[$0].name == n } ? nil : n
        }
        sink.startInterface(index, domainSuffix: named ? "/" + (name ?? String(index)) : nil)
    }

    private func cut(at offset: Int, frame: Int, _ detail: String) -> CaptureEnd {
        truncation = CaptureTruncation(offset: offset, lastFrame: frame, detail: detail)
        return .truncated
    }

    private func corrupt(_ offset: Int, _ reason: String) -> CaptureError {
        CaptureError(source: name, "corrupt pcapng block at byte \(offset): \(reason)")
    }
}
