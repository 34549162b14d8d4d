import IPAuditKit
import IPCore

/// One ARP message, sender and target fields as on the wire.
public struct ARPMessage: Sendable, Equatable {
    public var operation: UInt16
    public var senderMAC: MACAddress
    public var senderIP: IPv4Address
    public var targetMAC: MACAddress
    public var targetIP: IPv4Address

    public static let request: UInt16 = 1
    public static let reply: UInt16 = 2

    /// RFC 5227 probe: a request with sender address 0.0.0.0 asking whether the target is in use.
    public var isProbe: Bool { operation == Self.request && senderIP.bits == 0 }
    /// Gratuitous ARP / RFC 5227 announcement: sender and target address are the same.
    public var isGratuitous: Bool { senderIP.bits != 0 && senderIP == targetIP }
}

/// Neighbor Advertisement flags (RFC 4861 §4.4).
public struct NAFlags: OptionSet, Sendable, Equatable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let router = NAFlags(rawValue: 0x80)
    public static let solicited = NAFlags(rawValue: 0x40)
    public static let override = NAFlags(rawValue: 0x20)
}

/// What one frame says, reduced to the fields the scanner uses. No payload is kept.
public enum FrameEvent: Sendable, Equatable {
    case arp(ARPMessage)
    case ipv4(source: IPv4Address, destination: IPv4Address)
    /// A DHCPACK delivered on the client's segment: the server gave `address` to `client`;
    /// `server` says who answered and what else it handed out.
    case dhcpAck(source: IPv4Address, address: IPv4Address, client: MACAddress, server: DHCPServerAnswer)
    /// Any other DHCP server answer to a client (OFFER, NAK, an ACK for non-Ethernet hardware):
    /// binds nothing, names its server.
    case dhcpServerAnswer(DHCPServerAnswer)
    case ipv6(source: IPv6Address, destination: IPv6Address)
    /// NS: `source` is `::` for duplicate address detection; the SLLA option when present.
    case neighborSolicitation(source: IPv6Address, target: IPv6Address, sourceLinkLayer: MACAddress?)
    /// NA: the TLLA option when present.
    case neighborAdvertisement(source: IPv6Address, target: IPv6Address, targetLinkLayer: MACAddress?, flags: NAFlags)
    /// IPv4 from 0.0.0.0 that is neither a DHCP client (UDP 68 → 67) nor IGMP: no host may send it.
    case unspecifiedSource(destination: IPv4Address)
    /// A DHCPv6 REPLY to a client (UDP 547 → 546) that leases addresses: see `DHCPv6Reply`.
    case dhcpv6Reply(DHCPv6Reply)
    /// A Router Advertisement (RFC 4861 §4.2): its link source is a router. `advertisement`
    /// is what it says (nil when the frame is cut before the options).
    case routerAdvertisement(source: IPv6Address, advertisement: RouterAdvertisement?)
    /// A Router Solicitation (RFC 4861 §4.1): a host asking for routers; its source is `::`
    /// before the host has an address.
    case routerSolicitation(source: IPv6Address)
    /// A frame that never left its host (captured on `lo`): skipped, only counted.
    case loopback
    /// A frame of a protocol the scanner does not look at (EtherType given, 0 when unknown).
    case other(etherType: UInt16)
}

/// A decoded frame: its L2 context and its event.
public struct DecodedFrame: Sendable, Equatable {
    public var vlans: VLANStack
    /// The link-layer source; nil for raw IP captures and cooked captures without an Ethernet address.
    public var linkSource: MACAddress?
    /// The Ethernet destination; nil for raw IP and cooked captures.
    public var linkDestination: MACAddress?
    public var event: FrameEvent

    public init(vlans: VLANStack = VLANStack(), linkSource: MACAddress?, linkDestination: MACAddress? = nil, event: FrameEvent) {
        self.vlans = vlans
        self.linkSource = linkSource
        self.linkDestination = linkDestination
        self.event = event
    }
}
