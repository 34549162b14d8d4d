import Foundation
@testable import IPAuditCapture

/// DHCP answers and Router Advertisements built byte by byte, as servers and routers send them
/// (checksums left 0: neither ipaudit nor tshark's field output needs them).
enum ServiceFrames {
    static func be32(_ v: UInt32) -> [UInt8] { Frames.be16(UInt16(v >> 16)) + Frames.be16(UInt16(v & 0xffff)) }

    /// A BOOTREPLY: message type `kind` (2 OFFER, 5 ACK, 6 NAK), then server identifier,
    /// router and DNS options when given.
    static func bootReply(kind: UInt8, yiaddr: String, chaddr: String, giaddr: String = "0.0.0.0",
                          serverID: String?, router: String? = nil, dns: String? = nil) -> [UInt8] {
        var b: [UInt8] = [2, 1, 6, 0] + be32(0x3903_f326) + [0, 0, 0x80, 0]   // op, htype, hlen, hops, xid, secs, flags (broadcast)
        b += Frames.ipv4("0.0.0.0") + Frames.ipv4(yiaddr) + Frames.ipv4("0.0.0.0") + Frames.ipv4(giaddr)
        b += Frames.mac(chaddr) + [UInt8](repeating: 0, count: 10 + 64 + 128)
        b += [0x63, 0x82, 0x53, 0x63, 53, 1, kind]
        if let serverID { b += [54, 4] + Frames.ipv4(serverID) }
        b += [51, 4] + be32(3600)
        if let router { b += [3, 4] + Frames.ipv4(router) }
        if let dns { b += [6, 4] + Frames.ipv4(dns) }
        return b + [255]
    }

    /// `payload` over UDP/IPv4 from (MAC, address, port) to (MAC, address, port).
    static func udp4(_ payload: [UInt8], from: (mac: String, ip: String, port: UInt16),
                     to: (mac: String, ip: String, port: UInt16)) -> [UInt8] {
        var ip = Array(Frames.ipv4Header(src: from.ip, dst: to.ip).prefix(20))
        let total = 20 + 8 + payload.count
        ip[2] = UInt8(total >> 8); ip[3] = UInt8(total & 0xff)
        let udp = Frames.be16(from.port) + Frames.be16(to.port) + Frames.be16(UInt16(8 + payload.count)) + [0, 0]
        return Frames.ethernet(dst: to.mac, src: from.mac, type: 0x0800, payload: ip + udp + payload)
    }

    /// A DHCPv4 answer from a server (MAC, address) to the broadcast client port.
    static func dhcpAnswer(kind: UInt8 = 2, from server: (mac: String, ip: String), yiaddr: String, chaddr: String,
                           giaddr: String = "0.0.0.0", serverID: String? = nil, router: String? = nil, dns: String? = nil,
                           to: (mac: String, ip: String)? = nil) -> [UInt8] {
        udp4(bootReply(kind: kind, yiaddr: yiaddr, chaddr: chaddr, giaddr: giaddr, serverID: serverID ?? server.ip,
                       router: router, dns: dns),
             from: (server.mac, server.ip, 67), to: (to?.mac ?? "ff:ff:ff:ff:ff:ff", to?.ip ?? "255.255.255.255", 68))
    }

    /// A Router Advertisement: router lifetime, then one Prefix Information option per
    /// (prefix, length, valid, preferred) with L and A set, then the SLLA option when given.
    static func routerAdvertisement(lifetime: UInt16, prefixes: [(String, UInt8, UInt32, UInt32)], sourceLinkLayer: String?) -> [UInt8] {
        var b: [UInt8] = [134, 0, 0, 0, 64, 0] + Frames.be16(lifetime) + be32(0) + be32(0)
        for (prefix, length, valid, preferred) in prefixes {
            b += [3, 4, length, 0xc0] + be32(valid) + be32(preferred) + be32(0) + Frames.ipv6(prefix)
        }
        if let s = sourceLinkLayer { b += [1, 1] + Frames.mac(s) }
        return b
    }

    /// An RA from (MAC, link-local) to all nodes.
    static func ra(from router: (mac: String, ip: String), lifetime: UInt16 = 1800,
                   prefixes: [(String, UInt8, UInt32, UInt32)] = [], sourceLinkLayer: String? = nil) -> [UInt8] {
        Frames.ethernet(dst: "33:33:00:00:00:01", src: router.mac, type: 0x86dd,
                        payload: Frames.ipv6Header(src: router.ip, dst: "ff02::1", next: 58,
                                                   payload: routerAdvertisement(lifetime: lifetime, prefixes: prefixes,
                                                                                sourceLinkLayer: sourceLinkLayer ?? router.mac)))
    }
}
