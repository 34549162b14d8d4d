import IPAuditKit
/// Entry point of the decoder: one frame's bytes and the capture's link type in, a
/// `DecodedFrame` out. Each header has its own decoder; every one checks the length
/// before it reads, so a short or odd frame throws a `DecodeError` and never traps.
public enum FrameDecoder {
    public static func decode(_ bytes: UnsafeRawBufferPointer, linkType: LinkType) throws(DecodeError) -> DecodedFrame {
        switch linkType {
        case .ethernet:
            let l2 = try EthernetDecoder.decode(bytes)
            if l2.isLoopback { return DecodedFrame(linkSource: nil, event: .loopback) }
            return DecodedFrame(vlans: l2.vlans, linkSource: l2.source, linkDestination: l2.destination,
                                event: try NetworkDecoder.decode(bytes, at: l2.payloadOffset, etherType: l2.etherType))
        case .linuxCooked, .linuxCooked2:
            let l2 = try LinuxCookedDecoder.decode(bytes, version2: linkType == .linuxCooked2)
            if l2.isLoopback { return DecodedFrame(linkSource: nil, event: .loopback) }
            return DecodedFrame(vlans: l2.vlans, linkSource: l2.source,
                                event: try NetworkDecoder.decode(bytes, at: l2.payloadOffset, etherType: l2.etherType))
        case .rawIP:
            return DecodedFrame(linkSource: nil, event: try decodeIP(bytes, at: 0))
        case .ipv4:
            return DecodedFrame(linkSource: nil, event: try IPv4Decoder.decode(bytes, at: 0))
        case .ipv6:
            return DecodedFrame(linkSource: nil, event: try IPv6Decoder.decode(bytes, at: 0))
        case .bsdLoopback:
            // The 4-byte family is in the writer's byte order (DLT_NULL) and AF_INET6 differs
            // between BSDs: the IP version nibble says more, as for raw IP.
            guard bytes.count >= 4 else { throw .truncatedLoopback }
            let event = try decodeIP(bytes, at: 4)
            // lo0 and utun share this link type; traffic to or from a loopback address is lo0's.
            return DecodedFrame(linkSource: nil, event: event.involvesLoopbackAddress ? .loopback : event)
        case .ieee80211:
            return try IEEE80211Decoder.decode(bytes, at: 0, dataPad: false)
        case .ieee80211Radiotap:
            let radio = try RadiotapDecoder.decode(bytes)
            if radio.failedFCS { throw .bad80211FCS }
            return try IEEE80211Decoder.decode(bytes, at: radio.length, dataPad: radio.dataPad)
        case .nflog:
            return try NFLOGDecoder.decode(bytes)
        case .unsupported:
            throw .unsupportedLinkType
        }
    }

    /// IPv4 or IPv6 by the version nibble (raw IP link types carry no EtherType).
    static func decodeIP(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(DecodeError) -> FrameEvent {
        guard bytes.count > offset else { throw .truncatedIPv4 }
        switch bytes[offset] >> 4 {
        case 4: return try IPv4Decoder.decode(bytes, at: offset)
        case 6: return try IPv6Decoder.decode(bytes, at: offset)
        default: throw .badIPVersion
        }
    }
}

extension FrameEvent {
    /// An IP packet from or to 127/8 or ::1.
    var involvesLoopbackAddress: Bool {
        switch self {
        case .ipv4(let s, let d): s.bits >> 24 == 127 || d.bits >> 24 == 127
        case .ipv6(let s, let d): s.bits == 1 || d.bits == 1
        default: false
        }
    }
}

/// Where the network-layer header starts and what it is, after the link layer and its tags.
public struct LinkLayerHeader: Sendable {
    public var source: MACAddress?
    public var vlans: VLANStack
    public var etherType: UInt16
    public var payloadOffset: Int
    /// Ethernet only: cooked captures do not carry it.
    public var destination: MACAddress? = nil
    /// Captured on a loopback device: the frame never was on any wire.
    public var isLoopback = false
}

/// Dispatches on the EtherType once the link layer is peeled off.
public enum NetworkDecoder {
    public static let arp: UInt16 = 0x0806
    public static let ipv4: UInt16 = 0x0800
    public static let ipv6: UInt16 = 0x86dd

    public static func decode(_ bytes: UnsafeRawBufferPointer, at offset: Int, etherType: UInt16) throws(DecodeError) -> FrameEvent {
        switch etherType {
        case arp: return try ARPDecoder.decode(bytes, at: offset)
        case ipv4: return try IPv4Decoder.decode(bytes, at: offset)
        case ipv6: return try IPv6Decoder.decode(bytes, at: offset)
        default: return .other(etherType: etherType)
        }
    }
}
