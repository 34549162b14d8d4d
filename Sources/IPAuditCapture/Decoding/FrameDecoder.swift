/// Entry point of the decoder: one frame's bytes and the capture's link type in, a
/// `DecodedFrame` out. Each header has its own decoder; every one checks the length
/// before it reads, so a short or odd frame throws a `DecodeError` and never traps.
public enum FrameDecoder {
    public static func decode(_ bytes: UnsafeRawBufferPointer, linkType: LinkType) throws(DecodeError) -> DecodedFrame {
        switch linkType {
        case .ethernet:
            let l2 = try EthernetDecoder.decode(bytes)
            return DecodedFrame(vlans: l2.vlans, linkSource: l2.source, linkDestination: l2.destination,
                                event: try NetworkDecoder.decode(bytes, at: l2.payloadOffset, etherType: l2.etherType))
        case .linuxCooked, .linuxCooked2:
            let l2 = try LinuxCookedDecoder.decode(bytes, version2: linkType == .linuxCooked2)
            return DecodedFrame(vlans: l2.vlans, linkSource: l2.source,
                                event: try NetworkDecoder.decode(bytes, at: l2.payloadOffset, etherType: l2.etherType))
        case .rawIP:
            guard bytes.count >= 1 else { throw .truncatedIPv4 }
            switch bytes[0] >> 4 {
            case 4: return DecodedFrame(linkSource: nil, event: try IPv4Decoder.decode(bytes, at: 0))
            case 6: return DecodedFrame(linkSource: nil, event: try IPv6Decoder.decode(bytes, at: 0))
            default: throw .badIPVersion
            }
        case .ipv4:
            return DecodedFrame(linkSource: nil, event: try IPv4Decoder.decode(bytes, at: 0))
        case .ipv6:
            return DecodedFrame(linkSource: nil, event: try IPv6Decoder.decode(bytes, at: 0))
        case .unsupported:
            throw .unsupportedLinkType
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
