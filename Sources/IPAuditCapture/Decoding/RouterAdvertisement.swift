import IPAuditKit
import IPCore

/// What a Router Advertisement (RFC 4861 §4.2) says, for the rogue-router rules
/// (`RouterAdvertisementRules`): whether it offers itself as a default router, for how long,
/// and the prefixes it hands out.
public struct RouterAdvertisement: Sendable, Equatable {
    /// One Prefix Information option (RFC 4861 §4.6.2).
    public struct PrefixInformation: Sendable, Equatable, Hashable {
        public var prefix: IPPrefix
        /// The A flag: hosts build addresses in it (SLAAC).
        public var autonomous: Bool
        public var onLink: Bool
        public var validLifetime: UInt32
        public var preferredLifetime: UInt32
    }

    /// Seconds; 0: "I am not a default router" (what `kill_router6` forges to cut hosts off).
    public var routerLifetime: UInt16
    /// The M and O flags: addresses or other settings from DHCPv6.
    public var managed: Bool
    public var otherConfiguration: Bool
    public var prefixes: [PrefixInformation] = []
    /// The Source Link-Layer Address option, when present.
    public var sourceLinkLayer: MACAddress?

    static let fixedLength = 16
    static let prefixInformationOption: UInt8 = 3
    static let maxPrefixes = 16

    /// Reads the RA at `offset` (the ICMPv6 header) within `bytes` (already cut at the IPv6
    /// payload's end); nil when the fixed part is cut. Only whole options are read, as the NDP
    /// decoder does; a zero-length option ends the walk (RFC 4861 §4.6: the packet is invalid).
    static func read(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> RouterAdvertisement? {
        guard offset + fixedLength <= bytes.count else { return nil }
        let flags = bytes[offset + 5]
        var ra = RouterAdvertisement(routerLifetime: load16(bytes, offset + 6),
                                     managed: flags & 0x80 != 0, otherConfiguration: flags & 0x40 != 0)
        var cursor = offset + fixedLength
        while cursor + 2 <= bytes.count {
            let type = bytes[cursor]
            let length = Int(bytes[cursor + 1]) * 8
            guard length > 0, cursor + length <= bytes.count else { break }
            if type == NDPDecoder.sourceLinkLayerOption, length >= 8, ra.sourceLinkLayer == nil {
                ra.sourceLinkLayer = MACAddress(bytes, at: cursor + 2)
            } else if type == prefixInformationOption, length == 32, ra.prefixes.count < maxPrefixes {
                let prefixLength = Int(bytes[cursor + 2])
                if prefixLength <= 128 {
                    let address = IPv6Address(bytes, at: cursor + 16)
                    ra.prefixes.append(PrefixInformation(prefix: IPPrefix(masking: .v6(address), length: prefixLength),
                                                         autonomous: bytes[cursor + 3] & 0x40 != 0,
                                                         onLink: bytes[cursor + 3] & 0x80 != 0,
                                                         validLifetime: load32(bytes, cursor + 4),
                                                         preferredLifetime: load32(bytes, cursor + 8)))
                }
            }
            cursor += length
        }
        return ra
    }

    private static func load16(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt16 {
        b.loadUnaligned(fromByteOffset: at, as: UInt16.self).bigEndian
    }

    private static func load32(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        b.loadUnaligned(fromByteOffset: at, as: UInt32.self).bigEndian
    }
}
