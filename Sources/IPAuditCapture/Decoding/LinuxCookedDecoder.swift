import IPAuditKit
/// Linux cooked capture, v1 (DLT_LINUX_SLL, 16 bytes) and v2 (DLT_LINUX_SLL2, 20 bytes): what the
/// `any` device produces. The link-layer address is the sender's when it is a 6-byte Ethernet one.
public enum LinuxCookedDecoder {
    static let ethernetHardwareType: UInt16 = 1
    /// ARPHRD_LOOPBACK: the frame was captured on `lo` (inside `any`) and never left the host.
    static let loopbackHardwareType: UInt16 = 772

    public static func decode(_ bytes: UnsafeRawBufferPointer, version2: Bool) throws(DecodeError) -> LinkLayerHeader {
        let headerLength = version2 ? 20 : 16
        guard bytes.count >= headerLength else { throw .truncatedCooked }
        let protocolOffset = version2 ? 0 : 14
        let hardwareTypeOffset = version2 ? 8 : 2
        let addressLength: Int = version2 ? Int(bytes[11]) : Int(bytes.loadUnaligned(fromByteOffset: 4, as: UInt16.self).bigEndian)
        let addressOffset = version2 ? 12 : 6
        let hardwareType = bytes.loadUnaligned(fromByteOffset: hardwareTypeOffset, as: UInt16.self).bigEndian
        let source: MACAddress? = hardwareType == ethernetHardwareType && addressLength == 6
            ? MACAddress(bytes, at: addressOffset) : nil
        var etherType = bytes.loadUnaligned(fromByteOffset: protocolOffset, as: UInt16.self).bigEndian
        var offset = headerLength
        var vlans = VLANStack()
        // libpcap re-inserts stripped tags after the cooked header, as in an Ethernet frame.
        try VLANTagDecoder.pop(bytes, etherType: &etherType, offset: &offset, into: &vlans)
        // Protocol 4 (ETH_P_802_2): an 802.3 frame, its LLC header follows.
        if etherType == 0x0004 { try SNAPDecoder.unwrap(bytes, etherType: &etherType, offset: &offset) }
        var header = LinkLayerHeader(source: source, vlans: vlans, etherType: etherType, payloadOffset: offset)
        header.isLoopback = hardwareType == loopbackHardwareType
        return header
    }
}
