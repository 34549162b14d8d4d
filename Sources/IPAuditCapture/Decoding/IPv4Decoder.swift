import IPCore

/// IPv4 header: the addresses, and what a registered UDP decoder finds inside (a DHCPACK:
/// see `DecoderRegistry`).
public enum IPv4Decoder {
    static let udp: UInt8 = 17
    static let igmp: UInt8 = 2

    public static func decode(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(DecodeError) -> FrameEvent {
        guard bytes.count >= offset + 20 else { throw .truncatedIPv4 }
        let versionAndLength = bytes[offset]
        guard versionAndLength >> 4 == 4, versionAndLength & 0x0f >= 5 else { throw .badIPv4Header }
        let source = IPv4Address(bits: bytes.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self).bigEndian)
        let destination = IPv4Address(bits: bytes.loadUnaligned(fromByteOffset: offset + 16, as: UInt32.self).bigEndian)
        let headerLength = Int(versionAndLength & 0x0f) * 4
        // Unfragmented UDP only (fragment offset 0, more-fragments clear); the payload ends at
        // the total length, not at the frame's end (Ethernet pads short frames).
        let fragment = bytes.loadUnaligned(fromByteOffset: offset + 6, as: UInt16.self).bigEndian & 0x3fff
        if bytes[offset + 9] == udp, fragment == 0 {
            let total = Int(bytes.loadUnaligned(fromByteOffset: offset + 2, as: UInt16.self).bigEndian)
            if total >= headerLength,
               let event = DecoderRegistry.decodeUDP(bytes, udp: offset + headerLength, end: offset + total, ipv6: false,
                                                     source: .v4(source), destination: .v4(destination)) {
                return event
            }
        }
        if source.bits == 0, !isUnspecifiedSourceAllowed(bytes, at: offset, headerLength: headerLength) {
            return .unspecifiedSource(destination: destination)
        }
        return .ipv4(source: source, destination: destination)
    }

    /// 0.0.0.0 is a valid source only for a host that has no address yet: a DHCP client
    /// (UDP 68 → 67, RFC 2131) and IGMP reports (RFC 4604 allows them before configuration).
    /// A header cut before the ports gets the benefit of the doubt.
    static func isUnspecifiedSourceAllowed(_ bytes: UnsafeRawBufferPointer, at offset: Int, headerLength: Int) -> Bool {
        let proto = bytes[offset + 9]
        if proto == igmp { return true }
        guard proto == udp else { return false }
        // A later fragment carries no UDP header: its first bytes are not ports.
        if bytes.loadUnaligned(fromByteOffset: offset + 6, as: UInt16.self).bigEndian & 0x1fff != 0 { return true }
        let ports = offset + headerLength
        guard bytes.count >= ports + 4 else { return true }
        return bytes.loadUnaligned(fromByteOffset: ports, as: UInt16.self).bigEndian == DHCPDecoder.clientPort
            && bytes.loadUnaligned(fromByteOffset: ports + 2, as: UInt16.self).bigEndian == DHCPDecoder.serverPort
    }
}
