/// How to open a capture: a live interface or a file, and the libpcap knobs.
public struct CaptureConfiguration: Sendable {
    public enum Source: Sendable, Equatable {
        case interface(String)
        case file(String)
    }

    public var source: Source
    public var snaplen: Int32 = 256
    /// Kernel buffer in bytes; nil keeps libpcap's default (2 MiB on Linux).
    public var bufferSize: Int32?
    public var promiscuous = false
    /// A user BPF filter; it also applies inside VLAN tags (see `CaptureFilter`).
    public var filter: String?
    /// Stop after this many seconds of wall time (live) or... nil: until EOF / signal.
    public var duration: Double?
    /// Stop after this many packets.
    public var count: Int?

    public init(source: Source) { self.source = source }

    public var name: String {
        switch source {
        case .interface(let n): n
        case .file(let p): p
        }
    }
}

/// The BPF program handed to libpcap.
///
/// A plain `arp` filter misses tagged ARP in files (and on interfaces that keep tags inline),
/// because BPF's `arp` tests the outer EtherType. The expression is therefore repeated after
/// one and two `vlan` keywords. They must nest: each `vlan` moves libpcap's offsets for the
/// rest of the whole expression, so `F or (vlan and F) or (vlan and vlan and F)` would test
/// the third clause three tags deep and miss QinQ.
public enum CaptureFilter {
    /// What the scanner decodes; used live when the user gives no filter.
    public static let liveDefault = "arp or ip or ip6"

    public static func expression(user: String?, live: Bool) -> String? {
        guard let base = user ?? (live ? liveDefault : nil) else { return nil }
        return "(\(base)) or (vlan and ((\(base)) or (vlan and (\(base)))))"
    }
}
