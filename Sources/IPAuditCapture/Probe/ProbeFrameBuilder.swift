import IPAuditKit
import IPCore

/// The probes `ipaudit probe` sends, byte for byte. Neither kind changes anybody's neighbour
/// cache: an RFC 5227 ARP probe has sender address 0.0.0.0, and a DAD-style Neighbor
/// Solicitation (RFC 4862 §5.4.2) comes from `::` to the target's solicited-node group,
/// carrying no source link-layer option (RFC 4861 forbids one with an unspecified source).
public struct ProbeFrameBuilder: Sendable {
    public let source: MACAddress
    /// The 802.1Q VLAN ID the probes are tagged with; nil: untagged.
    public let vlan: UInt16?
    /// The ARP sender address: 0.0.0.0 (RFC 5227) unless `--arp-sender` asks for another,
    /// for proxies that answer only ordinary requests (Linux proxy ARP ignores probes).
    public let arpSender: IPv4Address

    public init(source: MACAddress, vlan: UInt16? = nil, arpSender: IPv4Address = IPv4Address(bits: 0)) {
        self.source = source
        self.vlan = vlan
        self.arpSender = arpSender
    }

    /// 60 bytes untagged (Ethernet's minimum, padded), 64 tagged.
    public func arpProbe(for target: IPv4Address) -> [UInt8] {
        var f = ethernetHeader(destination: .broadcastBits, etherType: NetworkDecoder.arp)
        f += [0, 1, 0x08, 0x00, 6, 4, 0, 1]           // Ethernet, IPv4, lengths, request
        Self.append(source.bits, bytes: 6, to: &f)
        Self.append(UInt64(arpSender.bits), bytes: 4, to: &f)
        f += [0, 0, 0, 0, 0, 0]                         // target MAC: unknown
        Self.append(UInt64(target.bits), bytes: 4, to: &f)
        let minimum = vlan == nil ? 60 : 64
        if f.count < minimum { f += [UInt8](repeating: 0, count: minimum - f.count) }
        return f
    }

    /// A Neighbor Solicitation for `target` from `::`, to ff02::1:ffXX:XXXX at 33:33:ff:XX:XX:XX.
    public func neighborSolicitation(for target: IPv6Address) -> [UInt8] {
        let low24 = UInt64(truncatingIfNeeded: target.bits) & 0xff_ffff
        let group = IPv6Address(bits: (UInt128(0xff02) << 112) | (UInt128(1) << 32) | (UInt128(0xff) << 24) | UInt128(low24))
        var f = ethernetHeader(destination: 0x3333_ff00_0000 | low24, etherType: NetworkDecoder.ipv6)
        var icmp: [UInt8] = [135, 0, 0, 0, 0, 0, 0, 0]   // type, code, checksum (below), reserved
        Self.append(target.bits, to: &icmp)
        let checksum = Self.icmpv6Checksum(source: IPv6Address(bits: 0), destination: group, message: icmp)
        icmp[2] = UInt8(checksum >> 8)
        icmp[3] = UInt8(checksum & 0xff)
        f += [0x60, 0, 0, 0, 0, UInt8(icmp.count), 58, 255]   // version, length, ICMPv6, hop limit 255 (RFC 4861 §7.1.1)
        Self.append(0, to: &f)
        Self.append(group.bits, to: &f)
        return f + icmp
    }

    func ethernetHeader(destination: UInt64, etherType: UInt16) -> [UInt8] {
        var f: [UInt8] = []
        f.reserveCapacity(86)
        Self.append(destination, bytes: 6, to: &f)
        Self.append(source.bits, bytes: 6, to: &f)
        if let vlan { f += [0x81, 0x00, UInt8(vlan >> 8 & 0x0f), UInt8(vlan & 0xff)] }
        f += [UInt8(etherType >> 8), UInt8(etherType & 0xff)]
        return f
    }

    /// RFC 4443 §2.3: the one's complement sum over the IPv6 pseudo-header and the message
    /// (RFC 8200 §8.1: the same for UDP, next header 17).
    static func icmpv6Checksum(source: IPv6Address, destination: IPv6Address, message: [UInt8], nextHeader: UInt8 = 58) -> UInt16 {
        var pseudo: [UInt8] = []
        append(source.bits, to: &pseudo)
        append(destination.bits, to: &pseudo)
        append(UInt64(message.count), bytes: 4, to: &pseudo)
        pseudo += [0, 0, 0, nextHeader]
        var sum: UInt32 = 0
        for bytes in [pseudo, message] {
            var i = 0
            while i < bytes.count {
                sum += UInt32(bytes[i]) << 8 | (i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0)
                i += 2
            }
        }
        while sum >> 16 != 0 { sum = (sum & 0xffff) + (sum >> 16) }
        return ~UInt16(sum)
    }

    static func append(_ value: UInt64, bytes: Int, to out: inout [UInt8]) {
        for i in (0..<bytes).reversed() { out.append(UInt8(truncatingIfNeeded: value >> UInt64(8 * i))) }
    }

    static func append(_ value: UInt128, to out: inout [UInt8]) {
        for i in (0..<16).reversed() { out.append(UInt8(truncatingIfNeeded: value >> UInt128(8 * i))) }
    }
}

extension UInt64 {
    static let broadcastBits: UInt64 = 0xffff_ffff_ffff
}
