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

    /// The per-packet check, straight from the registry's precomputed set (a binary search):
    /// 0.0.0.0 is in it (the decoder tells DHCP clients and IGMP from the rest). 169.254/16 is
    /// not judged from IP headers: cloud metadata (169.254.169.254) and link-local DNS answer
    /// from it through the gateway on every cloud node. An APIPA host is found by its ARP
    /// claim instead (see `LinkLocalService` and `UnroutableBindingRule`).
    static func mayBeNonForwardable(_ a: IPv4Address) -> Bool {
        a.bits >> 16 != 0xa9fe && SpecialPurposeRegistry.isNonForwardableSource(a)
    }

    /// :: (DAD, MLD) and link-local fe80::/10 (NDP's own addresses) are exempt.
    static func mayBeNonForwardable(_ a: IPv6Address) -> Bool {
        if a.bits == 0 || UInt16(truncatingIfNeeded: a.bits >> 112) & 0xffc0 == 0xfe80 { return false }
        return SpecialPurposeRegistry.isNonForwardableSource(a)
    }

    /// The registry's verdict for a pre-filtered source.
    static func isNonForwardable(_ address: IPAddress) -> Bool {
        if isLinkLocal(address) { return false }
        return SpecialPurposeRegistry.isNonForwardableSource(SpecialPurposeRegistry.classify(address))
    }
}
