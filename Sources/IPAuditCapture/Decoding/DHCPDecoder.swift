import IPAuditKit
import IPCore

/// DHCP (RFC 2131) over UDP from port 67 to port 68: only a DHCPACK is kept, as on-link
/// evidence that the server gave `yiaddr` to the client hardware address `chaddr`.
///
/// Port 68 as the destination: the reply is for the client (a relay agent hands it over on the
/// client's segment; the server's copy to the relay goes to port 67). Whether this frame is on
/// the client's segment is the analyzer's call, from the Ethernet destination. Anything that
/// is not a well-formed ACK for an Ethernet client (NAK, OFFER, a short or odd message) is
/// left to the IPv4 path.
enum DHCPDecoder: UDPPayloadDecoder {
    static let ports = UDPPorts.ipv4(from: serverPort, to: clientPort)
    static let serverPort: UInt16 = 67
    static let clientPort: UInt16 = 68
    static let magicCookie: UInt32 = 0x6382_5363
    static let messageTypeOption: UInt8 = 53
    static let ack: UInt8 = 5

    /// `udp` is the offset of the UDP header, `end` where the IP payload ends.
    static func decodeAck(_ bytes: UnsafeRawBufferPointer, udp: Int, end: Int) -> (address: IPv4Address, client: MACAddress)? {
        // UDP header (8), BOOTP fixed fields (236), magic cookie (4).
        let bootp = udp + 8
        guard end <= bytes.count, bootp + 240 <= end,
              load16(bytes, udp) == serverPort, load16(bytes, udp + 2) == clientPort else { return nil }
        // op BOOTREPLY, htype Ethernet, hlen 6.
        guard bytes[bootp] == 2, bytes[bootp + 1] == 1, bytes[bootp + 2] == 6,
              load32(bytes, bootp + 236) == magicCookie else { return nil }
        var p = bootp + 240
        while p < end {
            let code = bytes[p]
            if code == 255 { return nil }         // end: no message type
            if code == 0 { p += 1; continue }     // pad
            guard p + 2 <= end else { return nil }
            let length = Int(bytes[p + 1])
            guard p + 2 + length <= end else { return nil }
            if code == messageTypeOption {
                guard length == 1, bytes[p + 2] == ack else { return nil }
                return (IPv4Address(bits: load32(bytes, bootp + 16)), MACAddress(bytes, at: bootp + 28))
            }
            p += 2 + length
        }
        return nil
    }

    static func decode(_ bytes: UnsafeRawBufferPointer, udp: Int, end: Int,
                       source: IPAddress, destination: IPAddress) -> FrameEvent? {
        guard case .v4(let from) = source, let ack = decodeAck(bytes, udp: udp, end: end) else { return nil }
        return .dhcpAck(source: from, address: ack.address, client: ack.client,
                        router: DHCPRouterOption.first(bytes, options: udp + 8 + 240, end: end))
    }

    private static func load16(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt16 {
        b.loadUnaligned(fromByteOffset: at, as: UInt16.self).bigEndian
    }

    private static func load32(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        b.loadUnaligned(fromByteOffset: at, as: UInt32.self).bigEndian
    }
}
