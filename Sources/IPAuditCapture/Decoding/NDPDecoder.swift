import IPAuditKit
import IPCore

/// ICMPv6 Neighbor Solicitation (135) and Advertisement (136), RFC 4861, with their
/// link-layer address options; Router Solicitation (133) and Advertisement (134) for their source. Other ICMPv6 messages are plain IPv6 traffic here.
public enum NDPDecoder {
    /// The IPv6 next header of ICMPv6.
    static let icmpv6: UInt8 = 58
    static let neighborSolicitation: UInt8 = 135
    static let neighborAdvertisement: UInt8 = 136
    static let routerAdvertisement: UInt8 = 134
    static let routerSolicitation: UInt8 = 133
    static let sourceLinkLayerOption: UInt8 = 1
    static let targetLinkLayerOption: UInt8 = 2

    public static func decode(_ bytes: UnsafeRawBufferPointer, at offset: Int, source: IPv6Address,
                              destination: IPv6Address, hopLimit: UInt8) throws(DecodeError) -> FrameEvent {
        guard bytes.count >= offset + 4 else { throw .truncatedICMPv6 }
        let type = bytes[offset]
        guard type == neighborSolicitation || type == neighborAdvertisement || type == routerAdvertisement
                || type == routerSolicitation else {
            return .ipv6(source: source, destination: destination)
        }
        // RFC 4861 §6.1.2/§7.1.1/§7.1.2: hop limit 255 and code 0, else the message came through
        // a router or is forged and must not be believed.
        guard hopLimit == 255, bytes[offset + 1] == 0 else { return .ipv6(source: source, destination: destination) }
        if type == routerAdvertisement {
            return .routerAdvertisement(source: source, advertisement: RouterAdvertisement.read(bytes, at: offset))
        }
        if type == routerSolicitation { return .routerSolicitation(source: source) }
        guard bytes.count >= offset + 24 else { throw .truncatedICMPv6 }
        let target = IPv6Address(bytes, at: offset + 8)
        let wanted = type == neighborSolicitation ? sourceLinkLayerOption : targetLinkLayerOption
        let linkLayer = try linkLayerOption(bytes, from: offset + 24, type: wanted)
        if type == neighborSolicitation {
            return .neighborSolicitation(source: source, target: target, sourceLinkLayer: linkLayer)
        }
        return .neighborAdvertisement(source: source, target: target, targetLinkLayer: linkLayer,
                                      flags: NAFlags(rawValue: bytes[offset + 4] & 0xe0))
    }

    /// Walks the options (type, length in 8-byte units); a zero length is invalid (RFC 4861 §4.6).
    static func linkLayerOption(_ bytes: UnsafeRawBufferPointer, from start: Int, type wanted: UInt8) throws(DecodeError) -> MACAddress? {
        var cursor = start
        var found: MACAddress?
        while cursor + 2 <= bytes.count {
            let type = bytes[cursor]
            let length = Int(bytes[cursor + 1]) * 8
            guard length > 0 else { throw .badNDPOption }
            guard cursor + length <= bytes.count else {
                // The capture may be cut by the snaplen: trust only options that are whole.
                break
            }
            if type == wanted, length >= 8, found == nil { found = MACAddress(bytes, at: cursor + 2) }
            cursor += length
        }
        return found
    }
}
