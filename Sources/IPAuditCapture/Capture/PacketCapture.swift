import CPcap
import Foundation

/// Receives every captured frame: its bytes (valid only during the call), its capture time
/// (epoch seconds), its 1-based number in the file and the capture interface it came from
/// (always 0 but in pcapng files with several). Generic so the loop is specialised, not dynamic.
public protocol PacketSink {
    mutating func packet(_ bytes: UnsafeRawBufferPointer, linkType: LinkType, time: Double, frame: Int, interface: Int)
    /// Called before the first frame of interface `index` (> 0 only in pcapng files): its frames
    /// are their own L2 domain, named with `domainSuffix` (nil: the capture's own name).
    mutating func startInterface(_ index: Int, domainSuffix: String?)
}

/// libpcap's own counters for a live capture (`pcap_stats`).
public struct CaptureStatistics: Sendable, Equatable {
    public var received: UInt32
    public var dropped: UInt32
    public var interfaceDropped: UInt32
}

/// One open libpcap handle, live or offline. The only type that calls libpcap to read.
public final class PacketCapture {
    let handle: OpaquePointer
    public let linkType: LinkType
    public let isLive: Bool
    public let name: String
    /// Files: the user's filter, run in user space so frame numbers stay the file's.
    var offlineFilter: OfflineFilter?
    /// Seconds per unit of `ts.tv_usec`: what the handle really delivers (nanoseconds when
    /// libpcap granted that precision, else microseconds; `pcap_set_tstamp_precision` may refuse).
    public private(set) var subsecondUnit = 1e-6
    /// Set when the file ended inside a record.
    public internal(set) var truncation: CaptureTruncation?
    /// Bytes before each record's data: 16, or 24 in the "modified" (Kuznetzov) pcap format.
    var recordHeaderLength = 16

    private init(handle: OpaquePointer, isLive: Bool, name: String) {
        self.handle = handle
        self.isLive = isLive
        self.name = name
        linkType = LinkType(dlt: pcap_datalink(handle))
    }

    deinit { pcap_close(handle) }

    /// Opens the file or interface, applies the filter, and checks the link type is one we decode.
    public static func open(_ config: CaptureConfiguration) throws(CaptureError) -> PacketCapture {
        var errbuf = [CChar](repeating: 0, count: Int(PCAP_ERRBUF_SIZE))
        let capture: PacketCapture
        switch config.source {
        case .file(let path):
            guard let h = pcap_open_offline_with_tstamp_precision(path, UInt32(PCAP_TSTAMP_PRECISION_NANO), &errbuf) else {
                throw CaptureError(source: path, "cannot read capture: \(Self.text(errbuf))")
            }
            capture = PacketCapture(handle: h, isLive: false, name: path)
            if Self.isModifiedPcap(path: path) { capture.recordHeaderLength = 24 }
        case .interface(let name):
            guard let h = pcap_create(name, &errbuf) else {
                throw CaptureError(source: name, "cannot open interface: \(Self.text(errbuf))")
            }
            pcap_set_snaplen(h, config.snaplen)
            pcap_set_promisc(h, config.promiscuous ? 1 : 0)
            pcap_set_immediate_mode(h, 1)
            pcap_set_timeout(h, 100)
            // Asked, not assumed: a device without nanosecond stamps keeps microseconds, and
            // the precision in effect is read back after activation.
            _ = pcap_set_tstamp_precision(h, Int32(PCAP_TSTAMP_PRECISION_NANO))
            pcap_set_buffer_size(h, config.bufferSize ?? CaptureConfiguration.defaultBufferSize)
            let rc = pcap_activate(h)
            if rc < 0 {
                let detail = String(cString: pcap_geterr(h))
                pcap_close(h)
                throw CaptureError(source: name, Self.activationMessage(rc, detail: detail, alternative: config.permissionAlternative))
            }
            capture = PacketCapture(handle: h, isLive: true, name: name)
        }
        capture.subsecondUnit = pcap_get_tstamp_precision(capture.handle) == Int32(PCAP_TSTAMP_PRECISION_NANO) ? 1e-9 : 1e-6
        guard capture.linkType.isSupported else {
            throw CaptureError(source: capture.name, Self.unsupportedMessage(pcap_datalink(capture.handle)))
        }
        if let expression = CaptureFilter.expression(user: config.filter, live: capture.isLive, linkType: capture.linkType) {
            // libpcap compiles nothing for NFLOG: its filter runs on the payload, in user space.
            if capture.isLive && capture.linkType != .nflog {
                try capture.setFilter(expression, userFilter: config.filter)
            } else {
                capture.offlineFilter = try OfflineFilter(expression: expression, userFilter: config.filter,
                                                          dlt: pcap_datalink(capture.handle), source: capture.name)
            }
        }
        return capture
    }

    /// The "modified" pcap format (magic 0xa1b2cd34, either byte order) has 8 more bytes per record header.
    static func isModifiedPcap(path: String) -> Bool {
        // Only a regular file may be read twice: on a pipe (/dev/stdin, <(tcpdump -w -)) the
        // sniffed bytes would be gone for the real reader, which libpcap then is.
        var st = stat()
        guard stat(path, &st) == 0, st.st_mode & S_IFMT == S_IFREG, let f = fopen(path, "rb") else { return false }
        defer { fclose(f) }
        var magic: UInt32 = 0
        return fread(&magic, 4, 1, f) == 1 && (magic == 0xa1b2_cd34 || magic == 0x34cd_b2a1)
    }

    static func unsupportedMessage(_ dlt: Int32) -> String {
        "unsupported link type \(dlt) (\(linkTypeName(dlt))); ipaudit decodes Ethernet, Linux cooked v1/v2, raw IP, BSD loopback, 802.11 (plain or radiotap) and NFLOG"
    }

    private func setFilter(_ expression: String, userFilter: String?) throws(CaptureError) {
        var program = bpf_program()
        guard pcap_compile(handle, &program, expression, 1, PCAP_NETMASK_UNKNOWN) == 0 else {
            throw CaptureError(source: name, "bad --filter '\(userFilter ?? expression)': \(String(cString: pcap_geterr(handle)))")
        }
        defer { pcap_freecode(&program) }
        guard pcap_setfilter(handle, &program) == 0 else {
            throw CaptureError(source: name, "cannot set filter: \(String(cString: pcap_geterr(handle)))")
        }
    }

    static func activationMessage(_ rc: Int32, detail: String, alternative: String? = "or use --read FILE") -> String {
        switch rc {
        case PCAP_ERROR_NO_SUCH_DEVICE:
            "no such interface (\(detail)); list interfaces with 'ip link'"
        case PCAP_ERROR_PERM_DENIED, PCAP_ERROR_PROMISC_PERM_DENIED:
            // Not `setcap` on the binary: that gives the right to every subcommand and every user.
            "permission denied (\(detail)): capturing needs root (sudo works: the run then goes on as you once the interface is open) "
                + "or CAP_NET_RAW given to this process only (systemd's AmbientCapabilities=CAP_NET_RAW)\(alternative.map { ", " + $0 } ?? "")"
        default:
            "cannot start capture: \(detail)"
        }
    }

    static func text(_ errbuf: [CChar]) -> String {
        errbuf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    static func linkTypeName(_ handle: OpaquePointer) -> String { linkTypeName(pcap_datalink(handle)) }

    static func linkTypeName(_ dlt: Int32) -> String {
        pcap_datalink_val_to_name(dlt).map { String(cString: $0) } ?? "unknown"
    }

    /// `pcap_stats` for live captures; nil for files (libpcap has none to give).
    public func statistics() -> CaptureStatistics? {
        guard isLive else { return nil }
        var s = pcap_stat()
        guard pcap_stats(handle, &s) == 0 else { return nil }
        return CaptureStatistics(received: s.ps_recv, dropped: s.ps_drop, interfaceDropped: s.ps_ifdrop)
    }
}
