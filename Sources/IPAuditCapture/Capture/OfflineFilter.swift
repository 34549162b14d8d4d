import CPcap

/// A compiled BPF program run in user space on frames read from a file
/// (`pcap_offline_filter`), so every record is still counted and frame numbers stay the
/// file's own (what Wireshark shows), whatever the filter drops.
final class OfflineFilter {
    private var program = bpf_program()
    /// NFLOG: libpcap compiles no filter for it ("NFLOG link-layer type filtering not
    /// implemented"), so the expression is compiled for raw IP and run on the logged packet.
    private let onNFLOGPayload: Bool

    /// Compiles `expression` for the link type `dlt` (a dead handle: no file or interface needed).
    init(expression: String, userFilter: String?, dlt: Int32, source: String) throws(CaptureError) {
        onNFLOGPayload = dlt == DLT_NFLOG
        guard let dead = pcap_open_dead(onNFLOGPayload ? DLT_RAW : dlt, 262_144) else {
            throw CaptureError(source: source, "cannot compile a filter for link type \(dlt)")
        }
        defer { pcap_close(dead) }
        guard pcap_compile(dead, &program, expression, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
            throw CaptureError(source: source, "bad --filter '\(userFilter ?? expression)': \(String(cString: pcap_geterr(dead)))")
        }
    }

    deinit { pcap_freecode(&program) }

    func matches(_ header: UnsafePointer<pcap_pkthdr>, _ data: UnsafePointer<UInt8>) -> Bool {
        if onNFLOGPayload {
            let frame = UnsafeRawBufferPointer(start: data, count: Int(header.pointee.caplen))
            guard let payload = NFLOGDecoder.payloadRange(frame) else { return false }
            var inner = header.pointee
            inner.caplen = UInt32(payload.count)
            let before = UInt32(payload.lowerBound)
            inner.len = inner.len > before ? max(inner.caplen, inner.len - before) : inner.caplen
            return withUnsafePointer(to: &program) { pcap_offline_filter($0, &inner, data + payload.lowerBound) != 0 }
        }
        return withUnsafePointer(to: &program) { pcap_offline_filter($0, header, data) != 0 }
    }

    /// The same, for a frame that is not in a libpcap buffer (the pcapng reader's).
    func matches(_ bytes: UnsafeRawBufferPointer, wireLength: Int) -> Bool {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return false }
        var header = pcap_pkthdr()
        header.caplen = UInt32(bytes.count)
        header.len = UInt32(clamping: wireLength)
        return matches(&header, base)
    }
}
