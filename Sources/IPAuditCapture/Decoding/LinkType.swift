/// The link-layer header types the decoder understands (libpcap DLT_/LINKTYPE_ values).
public enum LinkType: Sendable, Equatable {
    case ethernet
    case linuxCooked
    case linuxCooked2
    case rawIP
    case ipv4
    case ipv6
    /// DLT_NULL / DLT_LOOP: BSD and macOS loopback and utun, a 4-byte address family then plain IP.
    case bsdLoopback
    /// DLT_IEEE802_11: 802.11 MAC frames as received, no radio header (monitor mode).
    case ieee80211
    /// DLT_IEEE802_11_RADIO: 802.11 behind a radiotap header (Linux and macOS monitor mode).
    case ieee80211Radiotap
    /// DLT_NFLOG: Linux netfilter log messages (`-i nflog:N`), the IP packet in a TLV.
    case nflog
    case unsupported(Int32)

    public init(dlt: Int32) {
        switch dlt {
        case 1: self = .ethernet
        case 113: self = .linuxCooked
        case 276: self = .linuxCooked2
        case 12, 14, 101: self = .rawIP          // DLT_RAW has three historical numbers
        case 228: self = .ipv4
        case 229: self = .ipv6
        case 0, 108: self = .bsdLoopback     // DLT_NULL (host byte order), DLT_LOOP (network order)
        case 105: self = .ieee80211
        case 127: self = .ieee80211Radiotap
        case 239: self = .nflog
        default: self = .unsupported(dlt)
        }
    }

    public var isSupported: Bool {
        if case .unsupported = self { return false }
        return true
    }
}
