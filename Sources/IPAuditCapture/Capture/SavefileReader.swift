import CPcap
import Foundation

/// Reads the records of a classic pcap file (the format `tcpdump -w` writes) in large blocks
/// and hands each frame over in place, where `pcap_next_ex` makes one `fread` call per record
/// header and one per frame: on a multi-million-frame file those calls were the biggest cost
/// of a scan, larger than decoding and judging the frames.
///
/// libpcap still opens the file: it checks the file header and gives the link type and
/// snapshot length, and it reads anything this reader does not take (pipes, the "modified"
/// format, files older than version 2.4). Records are checked as libpcap checks them, with
/// its messages: a capture length above the link type's maximum is an error, one above the
/// file's snapshot length keeps the snapshot's bytes, and a file ending inside a record is a
/// cut record (the frames before it are kept).
struct SavefileReader {
    static let fileHeaderLength = 24
    static let recordHeaderLength = 16
    /// libpcap's largest capture length for the link types ipaudit decodes.
    static let maximumCaptureLength = 262_144
    /// Large enough for any record (header plus maximum capture length) with room to spare.
    static let blockLength = 1 << 20

    let descriptor: Int32
    let swapped: Bool
    /// Seconds per unit of the file's sub-second field.
    let fileSubsecondUnit: Double
    let snapshot: Int

    /// A reader for the handle's file, or nil when libpcap should read it.
    init?(handle: OpaquePointer) {
        guard let file = pcap_file(handle) else { return nil }
        let fd = fileno(file)
        var st = stat()
        guard fd >= 0, fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { return nil }
        var header = [UInt8](repeating: 0, count: Self.fileHeaderLength)
        guard pread(fd, &header, Self.fileHeaderLength, 0) == Self.fileHeaderLength else { return nil }
        let magic = header.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
        switch magic {
        case 0xa1b2_c3d4: (swapped, fileSubsecondUnit) = (false, 1e-6)
        case 0xd4c3_b2a1: (swapped, fileSubsecondUnit) = (true, 1e-6)
        case 0xa1b2_3c4d: (swapped, fileSubsecondUnit) = (false, 1e-9)
        case 0x4d3c_b2a1: (swapped, fileSubsecondUnit) = (true, 1e-9)
        default: return nil
        }
        let rawVersion = header.withUnsafeBytes { ($0.loadUnaligned(fromByteOffset: 4, as: UInt16.self),
                                                   $0.loadUnaligned(fromByteOffset: 6, as: UInt16.self)) }
        let major = swapped ? rawVersion.0.byteSwapped : rawVersion.0
        let minor = swapped ? rawVersion.1.byteSwapped : rawVersion.1
        // Before 2.4 some writers swapped the two lengths; libpcap knows those quirks.
        guard major == 2, minor >= 4 else { return nil }
        descriptor = fd
        let snap = Int(pcap_snapshot(handle))
        snapshot = snap > 0 ? snap : Self.maximumCaptureLength
    }

    /// The records from the file header on, as `PacketCapture.runOffline` reads them from
    /// libpcap: each one numbered, filtered in user space, then given to the sink.
    func run<S: PacketSink>(into sink: inout S, capture: PacketCapture, count: Int?,
                            tick: (inout S) -> Void) throws(CaptureError) -> CaptureEnd {
        let block = UnsafeMutableRawBufferPointer.allocate(byteCount: Self.blockLength, alignment: 8)
        defer { block.deallocate() }
        let link = capture.linkType
        // Timestamps as libpcap would give them at the handle's precision, so both readers
        // produce the same Double for the same record.
        let scale = fileSubsecondUnit == capture.subsecondUnit ? 1.0
            : (fileSubsecondUnit > capture.subsecondUnit ? 1000.0 : 0.001)
        let unit = capture.subsecondUnit
        let filter = capture.offlineFilter
        var fileOffset = Self.fileHeaderLength   // of the block's first byte
        var start = 0, end = 0                   // the unread bytes in the block
        var atEndOfFile = false
        var frame = 0, passed = 0
        let limit = count ?? Int.max
        while passed < limit {
            if StopSignal.requested { return .signal }
            if end - start < Self.recordHeaderLength && !atEndOfFile {
                switch try refill(block, start: &start, end: &end, fileOffset: &fileOffset, capture: capture, frame: frame) {
                case .stopped: return .signal
                case .endOfFile: atEndOfFile = true
                case .more: break
                }
                continue
            }
            let recordOffset = fileOffset + start
            let available = end - start
            if available == 0 { return .endOfFile }
            if available < Self.recordHeaderLength {
                return capture.cut(at: recordOffset, after: frame,
                                   "truncated dump file; tried to read \(Self.recordHeaderLength) header bytes, only got \(available)")
            }
            let seconds = field(block, start), subseconds = field(block, start + 4)
            let captured = Int(field(block, start + 8)), wire = field(block, start + 12)
            guard captured <= max(Self.maximumCaptureLength, snapshot) else {
                throw CaptureError(source: capture.name, "read error after frame \(frame) at byte \(recordOffset): "
                                   + "invalid packet capture length \(captured), bigger than maximum of \(max(Self.maximumCaptureLength, snapshot))")
            }
            let recordLength = Self.recordHeaderLength + captured
            if available < recordLength && !atEndOfFile {
                switch try refill(block, start: &start, end: &end, fileOffset: &fileOffset, capture: capture, frame: frame) {
                case .stopped: return .signal
                case .endOfFile: atEndOfFile = true
                case .more: break
                }
                continue
            }
            if available < recordLength {
                return capture.cut(at: recordOffset, after: frame, "truncated dump file; tried to read \(min(captured, snapshot)) captured bytes, "
                                   + "only got \(min(available - Self.recordHeaderLength, snapshot))")
            }
            frame += 1
            let data = block.baseAddress! + start + Self.recordHeaderLength
            let kept = min(captured, snapshot)
            start += recordLength
            if frame & 0x3fff == 0 { tick(&sink) }
            if let filter {
                var header = pcap_pkthdr()
                header.ts.tv_sec = Int(seconds)
                header.ts.tv_usec = Int(Double(subseconds) * scale)
                header.caplen = UInt32(kept)
                header.len = wire
                if !filter.matches(&header, data.assumingMemoryBound(to: UInt8.self)) { continue }
            }
            passed += 1
            let subsecondsAtHandle = scale == 1 ? Double(subseconds) : (Double(subseconds) * scale).rounded(.towardZero)
            sink.packet(UnsafeRawBufferPointer(start: data, count: kept), linkType: link,
                        time: Double(seconds) + subsecondsAtHandle * unit, frame: frame, interface: 0)
        }
        return .count
    }

    @inline(__always)
    private func field(_ block: UnsafeMutableRawBufferPointer, _ offset: Int) -> UInt32 {
        let v = block.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        return swapped ? v.byteSwapped : v
    }

    enum Refill { case more, endOfFile, stopped }

    /// Moves the unread bytes to the front of the block and reads after them.
    private func refill(_ block: UnsafeMutableRawBufferPointer, start: inout Int, end: inout Int, fileOffset: inout Int,
                        capture: PacketCapture, frame: Int) throws(CaptureError) -> Refill {
        let unread = end - start
        if start > 0 {
            if unread > 0 { block.baseAddress!.copyMemory(from: block.baseAddress! + start, byteCount: unread) }
            fileOffset += start
            start = 0
            end = unread
        }
        while true {
            let n = pread(descriptor, block.baseAddress! + end, block.count - end, off_t(fileOffset + end))
            if n > 0 { end += n; return .more }
            if n == 0 { return .endOfFile }
            if errno == EINTR {
                // A stop interrupted the read: not a read error.
                if StopSignal.requested { return .stopped }
                continue
            }
            throw CaptureError(source: capture.name, "read error after frame \(frame) at byte \(fileOffset + end): \(String(cString: strerror(errno)))")
        }
    }
}

extension PacketCapture {
    /// Notes where the file was cut, and ends the read there.
    func cut(at offset: Int, after frame: Int, _ detail: String) -> CaptureEnd {
        truncation = CaptureTruncation(offset: offset, lastFrame: frame, detail: detail)
        return .truncated
    }
}
