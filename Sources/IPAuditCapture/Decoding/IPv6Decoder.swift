import IPCore

/// IPv6 header, then extension headers skipped until the upper layer; ICMPv6 goes to NDP,
/// UDP to the registered payload decoders (DHCPv6).
public enum IPv6Decoder {
    /// Hop-by-hop, routing, destination options, mobility, HIP, shim6: (length + 1) × 8 bytes.
    static func isGenericExtension(_ header: UInt8) -> Bool {
        header == 0 || header == 43 || header == 60 || header == 135 || header == 139 || header == 140
    }
    /// A chain longer than this is refused rather than walked (an attacker can make it long).
    public static let maxExtensionHeaders = 16

    public static func decode(_ frame: UnsafeRawBufferPointer, at offset: Int) throws(DecodeError) -> FrameEvent {
        guard frame.count >= offset + 40 else { throw .truncatedIPv6 }
        guard frame[offset] >> 4 == 6 else { throw .badIPVersion }
        // Everything after the header is read within the payload length: Ethernet padding and
        // a kept FCS follow the packet, and must not be taken for NDP options or headers (as
        // tcpdump does). A snaplen may cut the packet shorter: then the frame's end bounds it.
        // No jumbograms (RFC 2675) here: Ethernet and cooked links cannot carry them, so payload
        // length 0 means nothing follows, whatever the next-header field says.
        let payloadLength = Int(frame.loadUnaligned(fromByteOffset: offset + 4, as: UInt16.self).bigEndian)
        let end = min(frame.count, offset + 40 + payloadLength)
        let bytes = UnsafeRawBufferPointer(rebasing: frame[..<end])
        let source = IPv6Address(bytes, at: offset + 8)
        let destination = IPv6Address(bytes, at: offset + 24)
        let hopLimit = bytes[offset + 7]
        var next = bytes[offset + 6]
        var cursor = offset + 40
        var walked = 0
        var firstFragment = false
        while true {
            if next == NDPDecoder.icmpv6 {
                return try NDPDecoder.decode(bytes, at: cursor, source: source, destination: destination, hopLimit: hopLimit)
            }
            if next == IPv4Decoder.udp, !firstFragment {
                return DecoderRegistry.decodeUDP(bytes, udp: cursor, end: bytes.count, ipv6: true,
                                                 source: .v6(source), destination: .v6(destination))
                    ?? .ipv6(source: source, destination: destination)
            }
            if isGenericExtension(next) || next == 51 || next == 44 {
                walked += 1
                guard walked <= maxExtensionHeaders, bytes.count >= cursor + 8 else { throw .badExtensionHeader }
                let following = bytes[cursor]
                let length: Int
                switch next {
                case 44:  // fragment: fixed 8 bytes; a non-first fragment has no upper-layer header
                    let fragmentOffset = bytes.loadUnaligned(fromByteOffset: cursor + 2, as: UInt16.self).bigEndian >> 3
                    if fragmentOffset != 0 { return .ipv6(source: source, destination: destination) }
                    // More fragments follow: the datagram is not whole, its payload not to be read.
                    firstFragment = bytes[cursor + 3] & 1 != 0
                    length = 8
                case 51: length = (Int(bytes[cursor + 1]) + 2) * 4   // AH counts 4-byte units
                default: length = (Int(bytes[cursor + 1]) + 1) * 8
                }
                next = following
                cursor += length
                continue
            }
            return .ipv6(source: source, destination: destination)
        }
    }
}

extension IPv6Address {
    /// Reads 16 bytes at `offset`; the caller has checked that they exist.
    init(_ bytes: UnsafeRawBufferPointer, at offset: Int) {
        let high = UInt128(bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).bigEndian)
        let low = UInt128(bytes.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self).bigEndian)
        self.init(bits: high << 64 | low)
    }
}
