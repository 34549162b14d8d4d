/// Ethernet II with any stack of 802.1Q (0x8100), 802.1ad (0x88a8) and legacy QinQ (0x9100) tags.
public enum EthernetDecoder {
    static func isVLANTag(_ etherType: UInt16) -> Bool {
        etherType == 0x8100 || etherType == 0x88a8 || etherType == 0x9100
    }

    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> LinkLayerHeader {
        guard bytes.count >= 14 else { throw .truncatedEthernet }
        let source = MACAddress(bytes, at: 6)
        var etherType = bytes.loadUnaligned(fromByteOffset: 12, as: UInt16.self).bigEndian
        var offset = 14
        var vlans = VLANStack()
        try VLANTagDecoder.pop(bytes, etherType: &etherType, offset: &offset, into: &vlans)
        return LinkLayerHeader(source: source, vlans: vlans, etherType: etherType, payloadOffset: offset,
                               destination: MACAddress(bytes, at: 0))
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
