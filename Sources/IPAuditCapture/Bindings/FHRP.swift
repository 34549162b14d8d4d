import IPAuditKit
/// First-hop redundancy protocols answer for a virtual IP from a well-known virtual MAC.
/// Two routers sharing such a MAC, or one VIP behind it, is the design, not a conflict.
public enum FHRP: String, Sendable {
    case vrrpIPv4 = "VRRP (IPv4)"
    case vrrpIPv6 = "VRRP (IPv6)"
    case hsrpV1 = "HSRP v1"
    case hsrpV2 = "HSRP v2"
    case glbp = "GLBP"

    /// The protocol whose virtual-MAC block holds `mac`, if any.
    public init?(mac: MACAddress) {
        let b = mac.bits
        switch b >> 8 {
        case 0x00_00_5e_00_01: self = .vrrpIPv4       // 00:00:5e:00:01:{VRID}  RFC 5798
        case 0x00_00_5e_00_02: self = .vrrpIPv6       // 00:00:5e:00:02:{VRID}
        case 0x00_00_0c_07_ac: self = .hsrpV1         // 00:00:0c:07:ac:{group}
        default:
            if b >> 12 == 0x00_00_0c_9f_f { self = .hsrpV2 }   // 00:00:0c:9f:f{group, 12 bits}
            else if b >> 24 == 0x00_07_b4 { self = .glbp }     // 00:07:b4:xx:xx:xx
            else { return nil }
        }
    }
}
