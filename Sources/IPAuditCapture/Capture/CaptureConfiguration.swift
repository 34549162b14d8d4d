/// How to open a capture: a live interface or a file, and the libpcap knobs.
public struct CaptureConfiguration: Sendable {
    public enum Source: Sendable, Equatable {
        case interface(String)
        case file(String)
    }

    public var source: Source
    /// A whole frame at MTU 1500 behind the longest link header (Linux cooked v2, 20 bytes) and
    /// two VLAN tags, so a DHCPACK (342-576 bytes, at most an MTU: fragments are not read) is
    /// never cut. Not tcpdump's 262144: on interfaces with offloads (veth, most NICs) libpcap
    /// sizes each ring slot by the snaplen, and a 2 MiB ring then holds 8 frames — a burst of
    /// 3000 ARP frames lost 67 % (bridge port) and 86 % (`any`) of them, against none at 1600.
    public static let defaultSnaplen: Int32 = 1600
    public var snaplen: Int32 = defaultSnaplen
    /// Live: the kernel ring when none is given. With 1600-byte slots libpcap's 2 MiB lost 2 %
    /// of that burst on `any`; 4 MiB lost none, for 2.5 MB more resident memory.
    public static let defaultBufferSize: Int32 = 4 << 20
    /// Kernel buffer in bytes; nil: `defaultBufferSize`.
    public var bufferSize: Int32?
    public var promiscuous = false
    /// A user BPF filter; it also applies inside VLAN tags (see `CaptureFilter`).
    public var filter: String?
    /// Stop after this many seconds of wall time (live) or... nil: until EOF / signal.
    public var duration: Double?
    /// Stop after this many packets.
    public var count: Int?
    /// What a permission error suggests besides privileges: scan can read a file instead;
    /// nil where the command has no such option (probe).
    public var permissionAlternative: String? = "or use --read FILE"

    public init(source: Source) { self.source = source }

    public var name: String {
        switch source {
        case .interface(let n): n
        case .file(let p): p
        }
    }
}

/// The BPF program handed to libpcap, built for the capture's link type.
///
/// On Ethernet a plain `arp` filter misses tagged ARP in files (and on interfaces that keep tags
/// inline), because BPF's `arp` tests the outer EtherType. The expression is therefore repeated
/// after one and two `vlan` keywords. They must nest: each `vlan` moves libpcap's offsets for the
/// rest of the whole expression, so `F or (vlan and F) or (vlan and vlan and F)` would test the
/// third clause three tags deep and miss QinQ.
///
/// Other link types (Linux cooked v1/v2 — what `any` gives —, raw IP, BSD loopback) carry no
/// inline tags, and libpcap refuses `vlan` on them ("no VLAN support for Linux cooked v1"):
/// they get the expression as written.
public enum CaptureFilter {
    /// What the scanner decodes; used live when the user gives no filter.
    public static let liveDefault = "arp or ip or ip6"

    public static func expression(user: String?, live: Bool, linkType: LinkType) -> String? {
        // NFLOG holds what the firewall rule chose to log: nothing to narrow by default.
        guard let base = user ?? (live && linkType != .nflog ? liveDefault : nil) else { return nil }
        guard linkType == .ethernet else { return base }
        return "(\(base)) or (vlan and ((\(base)) or (vlan and (\(base)))))"
    }
}
