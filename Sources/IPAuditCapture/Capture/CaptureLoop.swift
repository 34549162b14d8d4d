import CPcap
import Foundation

/// Why the loop ended.
public enum CaptureEnd: String, Sendable {
    case endOfFile = "end-of-file"
    /// The file ended inside a record (tcpdump stopped, a file copied while written).
    case truncated = "truncated-record"
    case duration
    case count
    case signal
}

extension PacketCapture {
    /// Reads frames into `sink` until end of file, `duration`, `count` or SIGINT/SIGTERM.
    /// `tick` runs about every 100 ms of wall time (live; every 16,384 frames of a file) and may
    /// change the sink: the status line, and a watcher evaluating while the link is silent.
    ///
    /// Live captures poll the selectable fd in non-blocking mode: on Linux a blocking
    /// `pcap_next_ex` never returns on a silent link, so a deadline would never be honoured.
    public func run<S: PacketSink>(into sink: inout S, duration: Double?, count: Int?,
                                   tick: (inout S) -> Void) throws(CaptureError) -> CaptureEnd {
        if isLive { return try runLive(into: &sink, duration: duration, count: count, tick: tick) }
        return try StopSignal.interruptingReads { () throws(CaptureError) -> CaptureEnd in
            try runOffline(into: &sink, count: count, tick: tick)
        }
    }

    /// Every record is numbered (the file's frame number), then filtered in user space.
    private func runOffline<S: PacketSink>(into sink: inout S, count: Int?, tick: (inout S) -> Void) throws(CaptureError) -> CaptureEnd {
        if let reader = SavefileReader(handle: handle) { return try reader.run(into: &sink, capture: self, count: count, tick: tick) }
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        var frame = 0, passed = 0
        let limit = count ?? Int.max
        let link = linkType
        let unit = subsecondUnit
        // Where the next record starts, for the warning when it is cut: counted, not asked
        // (glibc's ftell is an lseek, and one per frame tripled the time of a 2M-frame read).
        var offset = pcap_file(handle).map { ftell($0) } ?? -1
        while passed < limit {
            // Every record: a FIFO may trickle a few frames a second (a load and a branch).
            if StopSignal.requested { return .signal }
            let rc = pcap_next_ex(handle, &header, &data)
            if rc == PCAP_ERROR_BREAK { return .endOfFile }
            guard rc == 1, let h = header, let bytes = data else {
                // A stop interrupted the read (EINTR): not a read error.
                if StopSignal.requested { return .signal }
                let detail = String(cString: pcap_geterr(handle))
                if detail.contains("truncated") { return cut(at: offset, after: frame, detail) }
                throw CaptureError(source: name, "read error after frame \(frame) at byte \(offset): \(detail)")
            }
            frame += 1
            offset += recordHeaderLength + Int(h.pointee.caplen)
            if frame & 0x3fff == 0 { tick(&sink) }
            if let offlineFilter, !offlineFilter.matches(h, bytes) { continue }
            passed += 1
            sink.packet(UnsafeRawBufferPointer(start: bytes, count: Int(h.pointee.caplen)), linkType: link,
                        time: Double(h.pointee.ts.tv_sec) + Double(h.pointee.ts.tv_usec) * unit, frame: frame, interface: 0)
        }
        return .count
    }

    private func runLive<S: PacketSink>(into sink: inout S, duration: Double?, count: Int?, tick: (inout S) -> Void) throws(CaptureError) -> CaptureEnd {
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        guard pcap_setnonblock(handle, 1, &errbuf) == 0 else {
            throw CaptureError(source: name, "cannot set non-blocking mode: \(Self.text(errbuf))")
        }
        let fd = pcap_get_selectable_fd(handle)
        let deadline = duration.map { Date().timeIntervalSince1970 + $0 }
        let limit = count ?? Int.max
        let link = linkType
        let unit = subsecondUnit
        var header: UnsafeMutablePointer<pcap_pkthdr>?
        var data: UnsafePointer<UInt8>?
        var frame = 0, filteredOut = 0
        while true {
            if StopSignal.requested { return .signal }
            var waitMilliseconds: Int32 = 100
            if let deadline {
                let left = deadline - Date().timeIntervalSince1970
                if left <= 0 { return .duration }
                waitMilliseconds = Int32(max(1, min(100, (left * 1000).rounded(.up))))
            }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            _ = poll(&descriptor, 1, waitMilliseconds)   // EINTR on a signal: the flag is checked next turn
            while frame < limit {
                let rc = pcap_next_ex(handle, &header, &data)
                if rc == 0 { break }   // nothing more right now
                // libpcap's NFLOG reader reports a non-blocking recv's EAGAIN as an error: it is the same "nothing now".
                if rc == PCAP_ERROR, linkType == .nflog, errno == EAGAIN || errno == EWOULDBLOCK { break }
                guard rc == 1, let h = header?.pointee else {
                    if rc == PCAP_ERROR_BREAK { return .signal }
                    throw CaptureError(source: name, "capture error: \(String(cString: pcap_geterr(handle)))")
                }
                if let offlineFilter, let header, let data, !offlineFilter.matches(header, data) {
                    // Filtered out in user space (NFLOG): not a frame, yet the outer loop gets its turn.
                    filteredOut += 1
                    if filteredOut & 0x3ff == 0 { break }
                    continue
                }
                frame += 1
                sink.packet(UnsafeRawBufferPointer(start: data, count: Int(h.caplen)), linkType: link,
                            time: Double(h.ts.tv_sec) + Double(h.ts.tv_usec) * unit, frame: frame, interface: 0)
                // On a saturated link the buffer never runs dry: back to the outer loop now and
                // then, so a signal, the deadline and the tick are still honoured.
                if frame & 0x3ff == 0 { break }
            }
            if frame >= limit { return .count }
            tick(&sink)
        }
    }
}
