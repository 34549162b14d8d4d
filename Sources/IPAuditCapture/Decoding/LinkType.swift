/// The link-layer header types the decoder understands (libpcap DLT_/LINKTYPE_ values).
public enum LinkType: Sendable, Equatable {
    case ethernet
    case linuxCooked
    case linuxCooked2
    case rawIP
    case ipv4
    case ipv6
    case unsupported(Int32)

    public init(dlt: Int32) {
        switch dlt {
        case 1: self = .ethernet
        case 113: self = .linuxCooked
        case 276: self = .linuxCooked2
        case 12, 14, 101: self = .rawIP          // DLT_RAW has three historical numbers
        case 228: self = .ipv4
        case 229: self = .ipv6
        default: self = .unsupported(dlt)
        }
    }

    public var isSupported: Bool {
        if case .unsupported = self { return false }
        return true
    }
}
