import IPAuditKit
import IPCore

/// ARP for IPv4 over Ethernet (RFC 826): 28 bytes. Hardware type 1 (Ethernet) or 6 (IEEE 802:
/// RFC 1042 stacks send it for ARP in 802.3 LLC/SNAP frames; the addresses are the same 48-bit
/// MACs). Other hardware/protocol pairs are not bindings.
public enum ARPDecoder {
    static let ethernet: UInt16 = 1
    static let ieee802: UInt16 = 6

    public static func decode(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws(DecodeError) -> FrameEvent {
        guard bytes.count >= offset + 8 else { throw .truncatedARP }
        let hardwareType = bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self).bigEndian
        let protocolType = bytes.loadUnaligned(fromByteOffset: offset + 2, as: UInt16.self).bigEndian
        let hardwareLength = bytes[offset + 4], protocolLength = bytes[offset + 5]
        guard hardwareType == ethernet || hardwareType == ieee802, protocolType == 0x0800, hardwareLength == 6, protocolLength == 4 else {
            return .other(etherType: NetworkDecoder.arp)
        }
        guard bytes.count >= offset + 28 else { throw .truncatedARP }
        let message = ARPMessage(
            operation: bytes.loadUnaligned(fromByteOffset: offset + 6, as: UInt16.self).bigEndian,
            senderMAC: MACAddress(bytes, at: offset + 8),
            senderIP: IPv4Address(bits: bytes.loadUnaligned(fromByteOffset: offset + 14, as: UInt32.self).bigEndian),
            targetMAC: MACAddress(bytes, at: offset + 18),
            targetIP: IPv4Address(bits: bytes.loadUnaligned(fromByteOffset: offset + 24, as: UInt32.self).bigEndian))
        return .arp(message)
    }
}
