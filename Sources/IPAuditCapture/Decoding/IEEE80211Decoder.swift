import IPAuditKit
/// An IEEE 802.11 MAC frame (DLT 105, or after radiotap): only unprotected data frames carry
/// something to read, an 802.2 LLC/SNAP header then ARP, IPv4 or IPv6 as on Ethernet.
/// Management, control, null-data, protected (encrypted), A-MSDU frames and later fragments are `other`.
public enum IEEE80211Decoder {
    static let dataType: UInt8 = 2
    static let toDS: UInt8 = 0x01
    static let fromDS: UInt8 = 0x02
    static let protected: UInt8 = 0x40
    /// +HTC/Order: in a QoS data frame, a 4-byte HT Control field follows QoS Control.
    static let order: UInt8 = 0x80

    public static func decode(_ bytes: UnsafeRawBufferPointer, at start: Int, dataPad: Bool) throws(DecodeError) -> DecodedFrame {
        guard bytes.count >= start + 2 else { throw .truncated80211 }
        let control = bytes[start], flags = bytes[start + 1]
        let version = control & 0x03, type = control >> 2 & 0x03, subtype = control >> 4
        let other = DecodedFrame(linkSource: nil, event: .other(etherType: 0))
        // Subtypes with bit 2 set (null, CF-Ack/Poll without data) have no body.
        guard version == 0, type == dataType, subtype & 0x04 == 0, flags & protected == 0 else { return other }
        let wds = flags & toDS != 0 && flags & fromDS != 0
        let qos = subtype & 0x08 != 0
        let qosControl = start + 24 + (wds ? 6 : 0)
        var length = qosControl - start + (qos ? 2 : 0) + (qos && flags & order != 0 ? 4 : 0)
        guard bytes.count >= start + length else { throw .truncated80211 }
        // A-MSDU: the body is a train of subframes with their own addresses, not one LLC packet.
        if qos, bytes[qosControl] & 0x80 != 0 { return other }
        // A later fragment continues an MSDU: its first bytes are no LLC header.
        if bytes[start + 22] & 0x0f != 0 { return other }
        if dataPad { length = (length + 3) & ~3 }
        let (source, destination) = addresses(bytes, at: start, toDS: flags & toDS != 0, fromDS: flags & fromDS != 0)
        var offset = start + length
        var etherType: UInt16 = 0
        try SNAPDecoder.unwrap(bytes, etherType: &etherType, offset: &offset)
        let event: FrameEvent = etherType == 0 ? .other(etherType: 0)
            : try NetworkDecoder.decode(bytes, at: offset, etherType: etherType)
        return DecodedFrame(linkSource: source, linkDestination: destination, event: event)
    }

    /// Source and destination addresses (SA, DA) by the DS bits (IEEE 802.11 table 9-26):
    /// within a BSS addr2/addr1; to the AP addr2/addr3; from the AP addr3/addr1; WDS addr4/addr3.
    static func addresses(_ bytes: UnsafeRawBufferPointer, at start: Int, toDS: Bool, fromDS: Bool) -> (MACAddress, MACAddress) {
        let a1 = start + 4, a2 = start + 10, a3 = start + 16, a4 = start + 24
        let (sa, da) = switch (toDS, fromDS) {
        case (false, false): (a2, a1)
        case (true, false): (a2, a3)
        case (false, true): (a3, a1)
        case (true, true): (a4, a3)
        }
        return (MACAddress(bytes, at: sa), MACAddress(bytes, at: da))
    }
}
