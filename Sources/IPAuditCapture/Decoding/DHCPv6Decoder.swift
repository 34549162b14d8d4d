import IPAuditKit
import IPCore

/// A DHCPv6 REPLY (RFC 8415) delivered to a client: the addresses it leases and the MAC the
/// client's DUID names.
public struct DHCPv6Reply: Sendable, Equatable {
    public var source: IPv6Address
    public var destination: IPv6Address
    /// IA_NA and IA_TA addresses with a valid lifetime, in message order.
    public var leased: [IPv6Address]
    /// The link-layer address of a DUID-LLT or DUID-LL (Ethernet) in the Client Identifier.
    public var duidMAC: MACAddress?
    /// REPLY (7) or ADVERTISE (2, which offers and leases nothing).
    public var messageType: UInt8 = DHCPv6Decoder.reply
    /// The Server Identifier's DUID (who answered, whichever relay handed it over).
    public var serverDUID: [UInt8]?
    /// IA addresses an ADVERTISE offers, and DNS servers (option 23): what the server hands out.
    public var offered: [IPv6Address] = []
    public var dnsServers: [IPv6Address] = []

    /// The MAC the leases bind to, given the frame's Ethernet destination (nil on cooked and
    /// raw captures), or nil when this frame proves nothing about the client's link.
    ///
    /// A REPLY to a link-local address never crossed a router: its Ethernet destination is the
    /// client's NIC. That wins over the DUID, which RFC 8415 §11.2 lets come from any interface
    /// and which cloned machines share: binding the DUID's MAC would open a false duplicate
    /// against the client's own NDP. Without an Ethernet destination the DUID's MAC is all
    /// there is. A REPLY to a global address (the server-unicast option) is routed like any
    /// datagram: it binds only when delivered to the MAC its DUID names, as a DHCPv4 ACK binds
    /// only when delivered to its chaddr.
    public func client(linkDestination: MACAddress?) -> MACAddress? {
        let delivered = linkDestination.flatMap { $0.isMulticast || $0.isZero ? nil : $0 }
        if destination.bits >> 118 == 0x3fa { return delivered ?? (linkDestination == nil ? duidMAC : nil) }
        guard let delivered, delivered == duidMAC else { return nil }
        return delivered
    }
}

/// DHCPv6 REPLY and ADVERTISE messages from the server port 547 to the client port 546: only
/// a REPLY binds, as only an ACK binds in DHCPv4 (an ADVERTISE offers, it commits nothing);
/// both name their server (Server Identifier) for the rogue-server rules.
///
/// Walks the options within the UDP datagram; every read is checked against its end first. An
/// option running past the end makes the message not a lease (left to the IPv6 path). Leased
/// addresses are those of IAADDR options inside IA_NA and IA_TA, unless the IA or the address
/// carries a Status Code other than Success, or the valid lifetime is 0 (the server takes the
/// address back, RFC 8415 §18.3.4). A top-level Status Code other than Success leases nothing.
enum DHCPv6Decoder: UDPPayloadDecoder {
    static let serverPort: UInt16 = 547
    static let clientPort: UInt16 = 546
    static let ports = UDPPorts.ipv6(from: serverPort, to: clientPort)

    static let reply: UInt8 = 7
    static let advertise: UInt8 = 2
    static let clientIdentifier: UInt16 = 1
    static let serverIdentifier: UInt16 = 2
    static let dnsServers: UInt16 = 23
    static let identityAssociationNA: UInt16 = 3
    static let identityAssociationTA: UInt16 = 4
    static let iaAddress: UInt16 = 5
    static let statusCode: UInt16 = 13

    static func decode(_ bytes: UnsafeRawBufferPointer, udp: Int, end: Int,
                       source: IPAddress, destination: IPAddress) -> FrameEvent? {
        guard case .v6(let from) = source, case .v6(let to) = destination, end <= bytes.count, udp + 8 <= end else { return nil }
        // The datagram ends at its UDP length when that is shorter than the IP payload.
        let length = Int(load16(bytes, udp + 4))
        let end = length >= 8 ? min(end, udp + length) : end
        let message = udp + 8
        guard message + 4 <= end, bytes[message] == reply || bytes[message] == advertise else { return nil }
        var leased: [IPv6Address] = []
        var duidMAC: MACAddress?
        var clientSeen = false
        var serverDUID: [UInt8]?
        var dns: [IPv6Address] = []
        var p = message + 4
        while p < end {
            guard let option = option(bytes, at: p, end: end) else { return nil }
            switch option.code {
            case clientIdentifier where !clientSeen:
                clientSeen = true
                duidMAC = mac(fromDUID: bytes, at: option.data, end: option.end)
            case identityAssociationNA, identityAssociationTA:
                // IA_NA: IAID, T1, T2 (12 bytes); IA_TA: IAID (4); then the IA's own options.
                let fixed = option.code == identityAssociationNA ? 12 : 4
                guard option.data + fixed <= option.end,
                      let addresses = addresses(bytes, from: option.data + fixed, end: option.end) else { return nil }
                leased += addresses
            case statusCode:
                if !isSuccess(bytes, option) { return nil }
            case serverIdentifier where serverDUID == nil && option.end > option.data:
                // A DUID is at most 130 bytes (RFC 8415 §11.1): what a finding names, not a buffer an attacker sizes.
                serverDUID = Array(UnsafeRawBufferPointer(rebasing: bytes[option.data..<min(option.end, option.data + 130)]))
            case dnsServers:
                var q = option.data
                while q + 16 <= option.end, dns.count < 8 { dns.append(IPv6Address(bytes, at: q)); q += 16 }
            default:
                break
            }
            p = option.end
        }
        let isAdvertise = bytes[message] == advertise
        // An answer naming no server and leasing nothing says nothing.
        guard !leased.isEmpty || serverDUID != nil else { return nil }
        var answer = DHCPv6Reply(source: from, destination: to, leased: isAdvertise ? [] : leased, duidMAC: duidMAC)
        answer.messageType = bytes[message]
        answer.serverDUID = serverDUID
        answer.offered = isAdvertise ? leased : []
        answer.dnsServers = dns
        return .dhcpv6Reply(answer)
    }

    /// The leased addresses among an IA's options; nil when an option is malformed.
    static func addresses(_ bytes: UnsafeRawBufferPointer, from start: Int, end: Int) -> [IPv6Address]? {
        var found: [IPv6Address] = []
        var p = start
        while p < end {
            guard let option = option(bytes, at: p, end: end) else { return nil }
            switch option.code {
            case iaAddress:
                // Address (16), preferred lifetime (4), valid lifetime (4), then its own options.
                guard option.data + 24 <= option.end else { return nil }
                var refused = false
                var q = option.data + 24
                while q < option.end {
                    guard let inner = Self.option(bytes, at: q, end: option.end) else { return nil }
                    if inner.code == statusCode, !isSuccess(bytes, inner) { refused = true }
                    q = inner.end
                }
                if !refused && load32(bytes, option.data + 20) != 0 { found.append(IPv6Address(bytes, at: option.data)) }
            case statusCode:
                // NoBinding, NotOnLink, NoAddrsAvail...: this IA leases nothing.
                if !isSuccess(bytes, option) { return [] }
            default:
                break
            }
            p = option.end
        }
        return found
    }

    /// The MAC of a DUID-LLT (type 1: hardware type, time, address) or DUID-LL (type 3:
    /// hardware type, address) for Ethernet (hardware type 1) with a 6-byte address.
    static func mac(fromDUID bytes: UnsafeRawBufferPointer, at start: Int, end: Int) -> MACAddress? {
        guard start + 4 <= end, load16(bytes, start + 2) == 1 else { return nil }
        let address: Int
        switch load16(bytes, start) {
        case 1: address = start + 8
        case 3: address = start + 4
        default: return nil
        }
        guard address + 6 == end else { return nil }
        let mac = MACAddress(bytes, at: address)
        return mac.isZero || mac.isMulticast ? nil : mac
    }

    /// An option's code and where its data and the option end, when the whole option is there.
    static func option(_ bytes: UnsafeRawBufferPointer, at p: Int, end: Int) -> (code: UInt16, data: Int, end: Int)? {
        guard p + 4 <= end else { return nil }
        let optionEnd = p + 4 + Int(load16(bytes, p + 2))
        guard optionEnd <= end else { return nil }
        return (load16(bytes, p), p + 4, optionEnd)
    }

    /// A Status Code option (code, then text) saying Success (0).
    static func isSuccess(_ bytes: UnsafeRawBufferPointer, _ option: (code: UInt16, data: Int, end: Int)) -> Bool {
        option.data + 2 <= option.end && load16(bytes, option.data) == 0
    }

    private static func load16(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt16 {
        b.loadUnaligned(fromByteOffset: at, as: UInt16.self).bigEndian
    }

    private static func load32(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        b.loadUnaligned(fromByteOffset: at, as: UInt32.self).bigEndian
    }
}
