import IPAuditKit
import IPCore

/// The frames `probe --dhcp` and `probe --routers` send to make every DHCP server and router
/// on the link answer, as dhcp_probe does: a DHCPDISCOVER and a DHCPv6 SOLICIT (which only
/// ask for offers: no REQUEST follows and no Rapid Commit is asked, so no server leases
/// anything) and a Router Solicitation.
extension ProbeFrameBuilder {
    /// A DHCPDISCOVER from 0.0.0.0:68 to 255.255.255.255:67 for this MAC, broadcast flag set so
    /// the OFFER is broadcast (this host has no address to receive it at).
    public func dhcpDiscover(xid: UInt32) -> [UInt8] {
        var bootp: [UInt8] = [1, 1, 6, 0]
        Self.append(UInt64(xid), bytes: 4, to: &bootp)
        bootp += [0, 0, 0x80, 0] + [UInt8](repeating: 0, count: 16)   // secs, flags; ciaddr, yiaddr, siaddr, giaddr
        Self.append(source.bits, bytes: 6, to: &bootp)
        bootp += [UInt8](repeating: 0, count: 10 + 64 + 128)
        bootp += [0x63, 0x82, 0x53, 0x63, 53, 1, 1]
        bootp += [55, 4, 1, 3, 6, 54]                                 // subnet mask, router, DNS, server identifier
        bootp += [61, 7, 1]                                           // client identifier: Ethernet, this MAC
        Self.append(source.bits, bytes: 6, to: &bootp)
        bootp.append(255)
        while bootp.count < 300 { bootp.append(0) }                  // BOOTP's minimum, which old relays expect
        let udpLength = 8 + bootp.count
        var ip: [UInt8] = [0x45, 0, UInt8((20 + udpLength) >> 8), UInt8((20 + udpLength) & 0xff), 0, 0, 0, 0, 64, 17, 0, 0,
                           0, 0, 0, 0, 255, 255, 255, 255]
        let checksum = Self.ipv4HeaderChecksum(ip)
        ip[10] = UInt8(checksum >> 8); ip[11] = UInt8(checksum & 0xff)
        // UDP checksum 0: none (RFC 768), which every IPv4 stack accepts.
        let udp: [UInt8] = [0, 68, 0, 67, UInt8(udpLength >> 8), UInt8(udpLength & 0xff), 0, 0]
        return ethernetHeader(destination: .broadcastBits, etherType: NetworkDecoder.ipv4) + ip + udp + bootp
    }

    /// A DHCPv6 SOLICIT from `linkLocal`:546 to All_DHCP_Relay_Agents_and_Servers (ff02::1:2):547,
    /// with a DUID-LL of this MAC and an empty IA_NA.
    public func dhcpv6Solicit(from linkLocal: IPv6Address, transaction: UInt32) -> [UInt8] {
        let group = IPv6Address(bits: UInt128(0xff02) << 112 | UInt128(0x1_0002))
        var message: [UInt8] = [1]
        Self.append(UInt64(transaction & 0xff_ffff), bytes: 3, to: &message)
        var duid: [UInt8] = [0, 3, 0, 1]                               // DUID-LL, Ethernet
        Self.append(source.bits, bytes: 6, to: &duid)
        message += [0, 1, 0, UInt8(duid.count)] + duid                 // Client Identifier
        message += [0, 3, 0, 12] + [UInt8](repeating: 0, count: 12)    // IA_NA: IAID 0, T1 0, T2 0
        message += [0, 8, 0, 2, 0, 0]                                  // Elapsed Time 0
        message += [0, 6, 0, 2, 0, 23]                                 // Option Request: DNS servers
        let length = 8 + message.count
        var udp: [UInt8] = [0x02, 0x22, 0x02, 0x23, UInt8(length >> 8), UInt8(length & 0xff), 0, 0] + message
        let checksum = Self.icmpv6Checksum(source: linkLocal, destination: group, message: udp, nextHeader: 17)
        udp[6] = UInt8(checksum >> 8); udp[7] = UInt8(checksum & 0xff)
        var f = ethernetHeader(destination: 0x3333_0001_0002, etherType: NetworkDecoder.ipv6)
        f += [0x60, 0, 0, 0, UInt8(udp.count >> 8), UInt8(udp.count & 0xff), 17, 1]   // a link-scope group: hop limit 1
        Self.append(linkLocal.bits, to: &f)
        Self.append(group.bits, to: &f)
        return f + udp
    }

    /// A Router Solicitation (RFC 4861 §4.1) from `::` to all routers (ff02::2), hop limit 255;
    /// with an unspecified source it carries no link-layer option, and routers answer to all nodes.
    public func routerSolicitation() -> [UInt8] {
        let group = IPv6Address(bits: UInt128(0xff02) << 112 | 2)
        var icmp: [UInt8] = [133, 0, 0, 0, 0, 0, 0, 0]
        let checksum = Self.icmpv6Checksum(source: IPv6Address(bits: 0), destination: group, message: icmp)
        icmp[2] = UInt8(checksum >> 8); icmp[3] = UInt8(checksum & 0xff)
        var f = ethernetHeader(destination: 0x3333_0000_0002, etherType: NetworkDecoder.ipv6)
        f += [0x60, 0, 0, 0, 0, UInt8(icmp.count), 58, 255]
        Self.append(0, to: &f)
        Self.append(group.bits, to: &f)
        return f + icmp
    }

    static func ipv4HeaderChecksum(_ header: [UInt8]) -> UInt16 {
        var sum: UInt32 = 0
        for i in stride(from: 0, to: header.count, by: 2) { sum += UInt32(header[i]) << 8 | UInt32(header[i + 1]) }
        while sum >> 16 != 0 { sum = (sum & 0xffff) + (sum >> 16) }
        return ~UInt16(sum)
    }
}
