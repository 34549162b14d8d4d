import IPCore

/// Which addresses may be bound, and which source addresses prove an on-link sender.
///
/// A router must not forward sources from non-forwardable special-purpose blocks (loopback,
/// 0/8, documentation, 240/4, multicast), so such a source on the wire came from a host on
/// this link, whatever MAC carried it. Forwardable sources (public, private) are only judged
/// when ARP/NDP binds them: behind a router they are north-south traffic, not a leak.
enum OnLinkSourceCheck {
    /// Never bind the unspecified address (DHCP, DAD, MLD use it legitimately) or a multicast one.
    static func isBindable(_ address: IPAddress) -> Bool {
        switch address {
        case .v4(let a): a.bits != 0 && a.bits >> 28 != 0xe && a.bits != 0xffff_ffff
        case .v6(let a): a.bits != 0 && a.bits >> 120 != 0xff
        }
    }

    /// IPv6 link-local addresses are made for the link (NDP runs on fe80::/10): never "unroutable".
    /// IPv4's 169.254/16 is not exempt: on a cluster network an APIPA address means a host
    /// that found no DHCP server (RFC 3927), and routers never forward it.
    static func isLinkLocal(_ address: IPAddress) -> Bool {
        switch address {
        case .v4: false
        case .v6(let a): a.bits >> 118 == 0x3fa
        }
    }

    /// Cheap pre-filter for the per-packet path: false means certainly forwardable (or exempt).
    static func mayBeNonForwardable(_ a: IPv4Address) -> Bool {
        let b = a.bits
        switch b >> 24 {
        case 0: return true                      // 0.0.0.0: the decoder tells DHCP and IGMP from the rest
        case 127, 224...255: return true
        case 169: return b >> 16 == 0xa9fe       // 169.254/16 (APIPA)
        case 192: return b >> 8 == 0xc0_00_00 || b >> 8 == 0xc0_00_02   // 192.0.0/24, 192.0.2/24
        case 198: return b >> 8 == 0xc6_33_64                            // 198.51.100/24
        case 203: return b >> 8 == 0xcb_00_71                            // 203.0.113/24
        default: return false
        }
    }

    static func mayBeNonForwardable(_ a: IPv6Address) -> Bool {
        let top = UInt16(truncatingIfNeeded: a.bits >> 112)
        if a.bits == 0 || top & 0xffc0 == 0xfe80 { return false }   // :: (DAD, MLD) and link-local
        if top & 0xfe00 == 0xfc00 { return false }                   // ULA: forwardable
        if top & 0xe000 == 0x2000 { return top == 0x2001 }           // global unicast; 2001::/16 holds special blocks
        return true
    }

    /// The registry's verdict for a pre-filtered source.
    static func isNonForwardable(_ address: IPAddress) -> Bool {
        if isLinkLocal(address) { return false }
        let entry = SpecialPurposeRegistry.classify(address)
        return entry.hostUse == .unroutable && entry.isForwardable != true
    }
}
