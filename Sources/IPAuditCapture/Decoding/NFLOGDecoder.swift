import IPAuditKit
/// Linux netfilter log messages (DLT 239, what `-i nflog:N` captures): a 4-byte header (address
/// family, version 0, resource id) then netlink-style attributes, each a 16-bit length (header
/// included) and 16-bit type, padded to 4 bytes. Those two fields are in the capturing host's
/// byte order (see `isBigEndian`). NFULA_PAYLOAD is the IP packet; NFULA_HWADDR, when the
/// packet came in with a MAC header, is its link source.
public enum NFLOGDecoder {
    static let packetHeaderType: UInt16 = 1
    static let hardwareAddressType: UInt16 = 8
    static let payloadType: UInt16 = 9
    /// NLA_F_NESTED and NLA_F_NET_BYTEORDER are flags, not part of the type.
    static let typeMask: UInt16 = 0x3fff
    static let inet: UInt8 = 2
    static let inet6: UInt8 = 10

    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(DecodeError) -> DecodedFrame {
        guard bytes.count >= 4 else { throw .truncatedNFLOG }
        guard bytes[1] == 0 else { throw .badNFLOGHeader }
        let family = bytes[0]
        let bigEndian = isBigEndian(bytes)
        var source: MACAddress?
        var hardwareProtocol: UInt16 = 0
        var offset = 4
        while offset < bytes.count {
            let (type, length) = try attribute(bytes, at: offset, bigEndian: bigEndian)
            let value = offset + 4, end = offset + length
            if type == payloadType {
                // A snap length may cut the payload: decode what is there, as on any link type.
                let payload = UnsafeRawBufferPointer(rebasing: bytes[value..<min(end, bytes.count)])
                return DecodedFrame(linkSource: source, event: try decodePayload(payload, family: family, hardwareProtocol: hardwareProtocol))
            }
            guard end <= bytes.count else { throw .truncatedNFLOG }
            switch type {
            case packetHeaderType:
                // nfulnl_msg_packet_hdr: hw_protocol (big-endian EtherType), hook, pad.
                guard length >= 4 + 2 else { throw .badNFLOGAttribute }
                hardwareProtocol = bytes.loadUnaligned(fromByteOffset: value, as: UInt16.self).bigEndian
            case hardwareAddressType:
                // nfulnl_msg_packet_hw: hw_addrlen (big-endian), 2 bytes pad, hw_addr[8].
                guard length >= 4 + 4 else { throw .badNFLOGAttribute }
                let addressLength = bytes.loadUnaligned(fromByteOffset: value, as: UInt16.self).bigEndian
                if addressLength == 6 {
                    guard length >= 4 + 4 + 6 else { throw .badNFLOGAttribute }
                    source = MACAddress(bytes, at: value + 4)
                }
            default:
                break
            }
            offset += (length + 3) & ~3
        }
        // Logged without its packet (a copy range of 0).
        return DecodedFrame(linkSource: source, event: .other(etherType: hardwareProtocol))
    }

    /// The attribute header at `offset`: its type (flag bits masked) and length (header included).
    static func attribute(_ bytes: UnsafeRawBufferPointer, at offset: Int, bigEndian: Bool) throws(DecodeError) -> (type: UInt16, length: Int) {
        guard bytes.count >= offset + 4 else { throw .truncatedNFLOG }
        let rawLength = bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self)
        let rawType = bytes.loadUnaligned(fromByteOffset: offset + 2, as: UInt16.self)
        let length = Int(bigEndian ? UInt16(bigEndian: rawLength) : UInt16(littleEndian: rawLength))
        let type = (bigEndian ? UInt16(bigEndian: rawType) : UInt16(littleEndian: rawType)) & typeMask
        guard length >= 4 else { throw .badNFLOGAttribute }
        return (type, length)
    }

    /// Whether the message was written by a big-endian host (a MIPS or PowerPC router): libpcap
    /// would swap such a file's attributes when reading it, ipaudit's own pcap and pcapng readers
    /// pass them on as written. NFULA types are below 256, so the first attribute's type tells:
    /// read little-endian, a big-endian type lands in the high byte.
    static func isBigEndian(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= 8 else { return false }
        let raw = bytes.loadUnaligned(fromByteOffset: 6, as: UInt16.self)
        return UInt16(littleEndian: raw) & typeMask > 0xff && UInt16(bigEndian: raw) & typeMask <= 0xff
    }

    /// Where the logged packet (NFULA_PAYLOAD's value, cut at the frame's end) lies, for a
    /// filter compiled for raw IP; nil when the message has none or is malformed before it.
    public static func payloadRange(_ bytes: UnsafeRawBufferPointer) -> Range<Int>? {
        guard bytes.count >= 4, bytes[1] == 0 else { return nil }
        var offset = 4
        let bigEndian = isBigEndian(bytes)
        while let (type, length) = try? attribute(bytes, at: offset, bigEndian: bigEndian) {
            if type == payloadType { return offset + 4..<min(offset + length, bytes.count) }
            offset += (length + 3) & ~3
        }
        return nil
    }

    static func decodePayload(_ payload: UnsafeRawBufferPointer, family: UInt8, hardwareProtocol: UInt16) throws(DecodeError) -> FrameEvent {
        let event: FrameEvent
        switch family {
        case inet: event = try IPv4Decoder.decode(payload, at: 0)
        case inet6: event = try IPv6Decoder.decode(payload, at: 0)
        default: return .other(etherType: hardwareProtocol)   // ARP and bridge families: not read
        }
        // The OUTPUT chain logs `lo` traffic too: 127/8 and ::1 never were on a wire.
        return event.involvesLoopbackAddress ? .loopback : event
    }
}
