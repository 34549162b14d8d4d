import IPAuditKit
/// Ethernet II with any stack of 802.1Q (0x8100), 802.1ad (0x88a8) and legacy QinQ (0x9100) tags,
/// and IEEE 802.3 frames whose 802.2 LLC header is SNAP (some switches and old stacks send ARP so).
public enum EthernetDecoder {
    static func isVLANTag(_ etherType: UInt16) -> Bool {
        etherType == 0x8100 || etherType == 0x88a8 || etherType == 0x9100
    }

    /// A type field up to this is an 802.3 length, not an EtherType.
    static let maxLength: UInt16 = 1500

    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> LinkLayerHeader {
        guard bytes.count >= 14 else { throw .truncatedEthernet }
        let source = MACAddress(bytes, at: 6)
        let destination = MACAddress(bytes, at: 0)
        var etherType = bytes.loadUnaligned(fromByteOffset: 12, as: UInt16.self).bigEndian
        var offset = 14
        var vlans = VLANStack()
        try VLANTagDecoder.pop(bytes, etherType: &etherType, offset: &offset, into: &vlans)
        if etherType <= maxLength { try SNAPDecoder.unwrap(bytes, etherType: &etherType, offset: &offset) }
        var header = LinkLayerHeader(source: source, vlans: vlans, etherType: etherType, payloadOffset: offset,
                                     destination: destination)
        // Linux's `lo` is an Ethernet device with all-zero addresses: nothing on it left the host.
        header.isLoopback = source.isZero && destination.isZero
        return header
    }
}

/// 802.2 LLC with a SNAP header (DSAP 0xAA, SSAP 0xAA, UI 0x03, OUI, EtherType): RFC 1042
/// (OUI 00-00-00) and 802.1H bridge tunnel (00-00-F8) both carry an ordinary EtherType.
/// Other LLC payloads (STP, NetBEUI, IPX) keep the 802.3 length as their "type": not ours.
enum SNAPDecoder {
    static func unwrap(_ bytes: UnsafeRawBufferPointer, etherType: inout UInt16, offset: inout Int) throws(DecodeError) {
        guard bytes.count >= offset + 3, bytes[offset] == 0xaa, bytes[offset + 1] == 0xaa, bytes[offset + 2] == 0x03 else { return }
        guard bytes.count >= offset + 8 else { throw .truncatedLLC }
        let oui = UInt32(bytes[offset + 3]) << 16 | UInt32(bytes[offset + 4]) << 8 | UInt32(bytes[offset + 5])
        guard oui == 0 || oui == 0xf8 else { return }
        etherType = bytes.loadUnaligned(fromByteOffset: offset + 6, as: UInt16.self).bigEndian
        offset += 8
    }
}

/// Peels VLAN tags (TCI + next EtherType, 4 bytes each) off a frame, outermost first.
public enum VLANTagDecoder {
    public static func pop(_ bytes: UnsafeRawBufferPointer, etherType: inout UInt16, offset: inout Int,
                           into vlans: inout VLANStack) throws(DecodeError) {
        while EthernetDecoder.isVLANTag(etherType) {
            guard bytes.count >= offset + 4 else { throw .truncatedVLAN }
            let tci = bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self).bigEndian
            guard vlans.push(tci & 0x0fff) else { throw .tooManyVLANTags }
            etherType = bytes.loadUnaligned(fromByteOffset: offset + 2, as: UInt16.self).bigEndian
            offset += 4
        }
    }
}
