import IPAuditKit
import IPCore

/// A DHCPv4 server's answer to a client (OFFER, ACK or NAK from port 67 to port 68): who
/// answered and what it handed out, for the rogue-server rules (`DHCPServerRules`).
///
/// The server is named by its Server Identifier (option 54, which RFC 2131 §4.3 requires in
/// every OFFER, ACK and NAK), else by the IP source. A relay agent (giaddr set) hands the
/// answer over on the client's segment from its own MAC and address, and a unicast renewal is
/// routed here from the router's MAC: both still carry the real server's identifier, so neither
/// is taken for a second server.
public struct DHCPServerAnswer: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        case offer = 2, ack = 5, nak = 6

        var name: String {
            switch self {
            case .offer: "OFFER"
            case .ack: "ACK"
            case .nak: "NAK"
            }
        }
    }

    public var kind: Kind
    /// The IP header's source and destination: the server's, or the relay agent's or router's.
    public var source: IPv4Address
    public var destination: IPv4Address
    /// Option 54.
    public var serverIdentifier: IPv4Address?
    /// giaddr: the relay agent that handed the answer over, when there is one.
    public var relayAgent: IPv4Address?
    /// yiaddr (0 for a NAK, or an ACK to a DHCPINFORM).
    public var offered: IPv4Address
    /// chaddr, when the client's hardware is Ethernet.
    public var client: MACAddress?
    /// Option 3 (routers) and option 6 (DNS servers), in message order.
    public var routers: [IPv4Address] = []
    public var dnsServers: [IPv4Address] = []

    /// Who answered: the Server Identifier, else the IP source.
    public var server: IPv4Address { serverIdentifier ?? source }

    static let serverIdentifierOption: UInt8 = 54
    static let routerOption: UInt8 = 3
    static let dnsOption: UInt8 = 6

    /// Reads a BOOTREPLY at `udp` (the UDP header; ports already checked by the registry) up to
    /// `end`; nil unless it is a whole, well-formed OFFER, ACK or NAK. Every read is checked
    /// against `end` first.
    static func read(_ bytes: UnsafeRawBufferPointer, udp: Int, end: Int, source: IPv4Address, destination: IPv4Address) -> DHCPServerAnswer? {
        let bootp = udp + 8
        guard end <= bytes.count, bootp + 240 <= end, bytes[bootp] == 2,
              load32(bytes, bootp + 236) == DHCPDecoder.magicCookie else { return nil }
        var kind: Kind?
        var identifier: IPv4Address?
        var routers: [IPv4Address] = [], dns: [IPv4Address] = []
        var p = bootp + 240
        while p < end {
            let code = bytes[p]
            if code == 255 { break }              // end
            if code == 0 { p += 1; continue }     // pad
            guard p + 2 <= end else { return nil }
            let length = Int(bytes[p + 1])
            guard p + 2 + length <= end else { return nil }
            switch code {
            case DHCPDecoder.messageTypeOption:
                guard length == 1, kind == nil, let k = Kind(rawValue: bytes[p + 2]) else { return nil }
                kind = k
            case serverIdentifierOption where length == 4 && identifier == nil:
                identifier = IPv4Address(bits: load32(bytes, p + 2))
            case routerOption where length % 4 == 0:
                routers += addresses(bytes, at: p + 2, count: length / 4)
            case dnsOption where length % 4 == 0:
                dns += addresses(bytes, at: p + 2, count: length / 4)
            default:
                break
            }
            p += 2 + length
        }
        guard let kind else { return nil }
        let giaddr = load32(bytes, bootp + 24)
        let ethernetClient = bytes[bootp + 1] == 1 && bytes[bootp + 2] == 6
        var answer = DHCPServerAnswer(kind: kind, source: source, destination: destination, serverIdentifier: identifier,
                                      relayAgent: giaddr == 0 ? nil : IPv4Address(bits: giaddr),
                                      offered: IPv4Address(bits: load32(bytes, bootp + 16)),
                                      client: ethernetClient ? MACAddress(bytes, at: bootp + 28) : nil)
        answer.routers = routers
        answer.dnsServers = dns
        return answer
    }

    private static func addresses(_ bytes: UnsafeRawBufferPointer, at start: Int, count: Int) -> [IPv4Address] {
        // At most 8 of each: what a finding names, not a buffer an attacker sizes.
        (0..<min(count, 8)).map { IPv4Address(bits: load32(bytes, start + 4 * $0)) }
    }

    private static func load32(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        b.loadUnaligned(fromByteOffset: at, as: UInt32.self).bigEndian
    }
}
