/// The IANA IPv4 and IPv6 Special-Purpose Address Registries (copies of 2026-09-29, last
/// registry change 2025-10-09) plus multicast, deprecated site-local, the IPv6 space IANA has
/// not allocated for unicast, and the DC/OS defaults that sit in public space.
/// `classify` answers with the most specific row, like the registry footnotes ask.
public enum SpecialPurposeRegistry {
    private static let t: Bool? = true, f: Bool? = false, na: Bool? = nil

    // (block, name, rfc, src, dst, fwd, global, reserved, terminated, host use, class)
    private typealias Row = (String, String, String, Bool?, Bool?, Bool?, Bool?, Bool?, Bool, SpecialPurposeEntry.HostUse, String)

    private static let ipv4Rows: [Row] = [
        ("0.0.0.0/8", "\"This network\"", "RFC 791, Section 3.2", t, f, f, f, t, false, .unroutable, "this-network"),
        ("0.0.0.0/32", "\"This host on this network\"", "RFC 1122, Section 3.2.1.3", t, f, f, f, t, false, .unroutable, "unspecified"),
        ("10.0.0.0/8", "Private-Use", "RFC 1918", t, t, t, f, f, false, .usable, "private-use"),
        ("100.64.0.0/10", "Shared Address Space", "RFC 6598", t, t, t, f, f, false, .discouraged, "shared-address-space"),
        ("127.0.0.0/8", "Loopback", "RFC 1122, Section 3.2.1.3", f, f, f, f, t, false, .unroutable, "loopback"),
        ("169.254.0.0/16", "Link Local", "RFC 3927", t, t, f, f, t, false, .unroutable, "link-local"),
        ("172.16.0.0/12", "Private-Use", "RFC 1918", t, t, t, f, f, false, .usable, "private-use"),
        ("192.0.0.0/24", "IETF Protocol Assignments", "RFC 6890, Section 2.1", f, f, f, f, f, false, .unroutable, "ietf-protocol-assignments"),
        ("192.0.0.0/29", "IPv4 Service Continuity Prefix", "RFC 7335", t, t, t, f, f, false, .unroutable, "service-continuity"),
        ("192.0.0.8/32", "IPv4 dummy address", "RFC 7600", t, f, f, f, f, false, .unroutable, "dummy"),
        ("192.0.0.9/32", "Port Control Protocol Anycast", "RFC 7723", t, t, t, t, f, false, .unroutable, "anycast"),
        ("192.0.0.10/32", "Traversal Using Relays around NAT Anycast", "RFC 8155", t, t, t, t, f, false, .unroutable, "anycast"),
        ("192.0.0.170/32", "NAT64/DNS64 Discovery", "RFC 8880, RFC 7050 Section 2.2", f, f, f, f, t, false, .unroutable, "nat64-discovery"),
        ("192.0.0.171/32", "NAT64/DNS64 Discovery", "RFC 8880, RFC 7050 Section 2.2", f, f, f, f, t, false, .unroutable, "nat64-discovery"),
        ("192.0.2.0/24", "Documentation (TEST-NET-1)", "RFC 5737", f, f, f, f, f, false, .unroutable, "documentation"),
        ("192.31.196.0/24", "AS112-v4", "RFC 7535", t, t, t, t, f, false, .unroutable, "as112"),
        ("192.52.193.0/24", "AMT", "RFC 7450", t, t, t, t, f, false, .unroutable, "amt"),
        ("192.88.99.0/24", "Deprecated (6to4 Relay Anycast)", "RFC 7526", na, na, na, na, na, true, .unroutable, "deprecated"),
        ("192.88.99.2/32", "6a44-relay anycast address", "RFC 6751", t, t, t, f, f, false, .unroutable, "anycast"),
        ("192.168.0.0/16", "Private-Use", "RFC 1918", t, t, t, f, f, false, .usable, "private-use"),
        ("192.175.48.0/24", "Direct Delegation AS112 Service", "RFC 7534", t, t, t, t, f, false, .unroutable, "as112"),
        ("198.18.0.0/15", "Benchmarking", "RFC 2544", t, t, t, f, f, false, .discouraged, "benchmarking"),
        ("198.51.100.0/24", "Documentation (TEST-NET-2)", "RFC 5737", f, f, f, f, f, false, .unroutable, "documentation"),
        ("203.0.113.0/24", "Documentation (TEST-NET-3)", "RFC 5737", f, f, f, f, f, false, .unroutable, "documentation"),
        ("240.0.0.0/4", "Reserved", "RFC 1112, Section 4", f, f, f, f, t, false, .unroutable, "reserved"),
        ("255.255.255.255/32", "Limited Broadcast", "RFC 8190, RFC 919 Section 7", f, t, f, f, t, false, .unroutable, "broadcast"),
    ]

    private static let ipv6Rows: [Row] = [
        ("::1/128", "Loopback Address", "RFC 4291", f, f, f, f, t, false, .unroutable, "loopback"),
        ("::/128", "Unspecified Address", "RFC 4291", t, f, f, f, t, false, .unroutable, "unspecified"),
        ("::ffff:0:0/96", "IPv4-mapped Address", "RFC 4291", f, f, f, f, t, false, .unroutable, "ipv4-mapped"),
        ("64:ff9b::/96", "IPv4-IPv6 Translat.", "RFC 6052", t, t, t, t, f, false, .discouraged, "nat64"),
        ("64:ff9b:1::/48", "IPv4-IPv6 Translat.", "RFC 8215", t, t, t, f, f, false, .discouraged, "nat64"),
        ("100::/64", "Discard-Only Address Block", "RFC 6666", t, t, t, f, f, false, .unroutable, "discard-only"),
        ("100:0:0:1::/64", "Dummy IPv6 Prefix", "RFC 9780", t, f, f, f, f, false, .unroutable, "dummy"),
        ("2001::/23", "IETF Protocol Assignments", "RFC 2928", f, f, f, f, f, false, .unroutable, "ietf-protocol-assignments"),
        ("2001::/32", "TEREDO", "RFC 4380, RFC 8190", t, t, t, na, f, false, .discouraged, "teredo"),
        ("2001:1::1/128", "Port Control Protocol Anycast", "RFC 7723", t, t, t, t, f, false, .unroutable, "anycast"),
        ("2001:1::2/128", "Traversal Using Relays around NAT Anycast", "RFC 8155", t, t, t, t, f, false, .unroutable, "anycast"),
        ("2001:1::3/128", "DNS-SD Service Registration Protocol Anycast", "RFC 9665", t, t, t, t, f, false, .unroutable, "anycast"),
        ("2001:2::/48", "Benchmarking", "RFC 5180, RFC Errata 1752", t, t, t, f, f, false, .discouraged, "benchmarking"),
        ("2001:3::/32", "AMT", "RFC 7450", t, t, t, t, f, false, .unroutable, "amt"),
        ("2001:4:112::/48", "AS112-v6", "RFC 7535", t, t, t, t, f, false, .unroutable, "as112"),
        ("2001:10::/28", "Deprecated (previously ORCHID)", "RFC 4843", na, na, na, na, na, true, .unroutable, "deprecated"),
        ("2001:20::/28", "ORCHIDv2", "RFC 7343", t, t, t, t, f, false, .unroutable, "orchid"),
        ("2001:30::/28", "Drone Remote ID Protocol Entity Tags (DETs) Prefix", "RFC 9374", t, t, t, t, f, false, .unroutable, "det"),
        ("2001:db8::/32", "Documentation", "RFC 3849", f, f, f, f, f, false, .unroutable, "documentation"),
        ("2002::/16", "6to4", "RFC 3056", t, t, t, na, f, false, .discouraged, "6to4"),
        ("2620:4f:8000::/48", "Direct Delegation AS112 Service", "RFC 7534", t, t, t, t, f, false, .unroutable, "as112"),
        ("3fff::/20", "Documentation", "RFC 9637", f, f, f, f, f, false, .unroutable, "documentation"),
        ("5f00::/16", "Segment Routing (SRv6) SIDs", "RFC 9602", t, t, t, f, f, false, .discouraged, "srv6-sid"),
        ("fc00::/7", "Unique-Local", "RFC 4193, RFC 8190", t, t, t, f, f, false, .usable, "unique-local"),
        ("fe80::/10", "Link-Local Unicast", "RFC 4291", t, t, f, f, t, false, .unroutable, "link-local"),
    ]

    /// Ranges outside the special-purpose registries that an auditor still names.
    private static let furtherRows: [(String, String, String, SpecialPurposeEntry.Source, SpecialPurposeEntry.HostUse, String)] = [
        ("224.0.0.0/4", "Multicast", "RFC 5771", .addressSpace, .unroutable, "multicast"),
        ("ff00::/8", "Multicast", "RFC 4291", .addressSpace, .unroutable, "multicast"),
        ("fec0::/10", "Site-Local (deprecated)", "RFC 3879", .addressSpace, .unroutable, "site-local"),
        ("::/96", "IPv4-compatible (deprecated)", "RFC 4291, Section 2.5.5.1", .addressSpace, .unroutable, "ipv4-compatible"),
        ("9.0.0.0/8", "DC/OS default overlay (public space administered by ARIN)", "DC/OS dcos-overlay", .dcosDefault, .discouraged, "dcos-overlay"),
        ("44.128.0.0/20", "DC/OS default VTEP subnet (public space administered by ARIN)", "DC/OS vtep_subnet", .dcosDefault, .discouraged, "dcos-vtep"),
        ("11.0.0.0/8", "DC/OS layer-4 VIPs (public space, DoD)", "DC/OS dcos-l4lb", .dcosDefault, .discouraged, "dcos-vip"),
    ]

    /// Every entry, IPv4 first, ascending by prefix.
    public static let entries: [SpecialPurposeEntry] = {
        var out: [SpecialPurposeEntry] = []
        for (rows, src) in [(ipv4Rows, SpecialPurposeEntry.Source.ianaIPv4), (ipv6Rows, .ianaIPv6)] {
            for r in rows {
                out.append(SpecialPurposeEntry(prefix: try! IPPrefix(r.0), name: r.1, rfc: r.2, source: src,
                                               flags: (r.3, r.4, r.5, r.6, r.7), terminated: r.8, hostUse: r.9, className: r.10))
            }
        }
        for r in furtherRows {
            out.append(SpecialPurposeEntry(prefix: try! IPPrefix(r.0), name: r.1, rfc: r.2, source: r.3,
                                           flags: (nil, nil, nil, nil, nil), hostUse: r.4, className: r.5))
        }
        return out.sorted { $0.prefix < $1.prefix }
    }()

    /// What an address outside every row is.
    public static let publicIPv4 = SpecialPurposeEntry(
        prefix: try! IPPrefix("0.0.0.0/0"), name: "Public unicast", rfc: "RFC 791", source: .addressSpace,
        flags: (true, true, true, true, false), hostUse: .usable, className: "public")
    public static let globalUnicastIPv6 = SpecialPurposeEntry(
        prefix: try! IPPrefix("2000::/3"), name: "Global Unicast", rfc: "RFC 4291", source: .addressSpace,
        flags: (true, true, true, true, false), hostUse: .usable, className: "public")
    public static let unallocatedIPv6 = SpecialPurposeEntry(
        prefix: try! IPPrefix("::/0"), name: "Reserved by IETF (not allocated for unicast)", rfc: "RFC 4291", source: .addressSpace,
        flags: (nil, nil, nil, nil, nil), hostUse: .unroutable, className: "reserved")

    private static let v4Table = PrefixTable<IPv4Address, SpecialPurposeEntry>(
        entries.compactMap { e in if case .v4(let p) = e.prefix, !e.terminated { (p, e) } else { nil } })
    private static let v6Table = PrefixTable<IPv6Address, SpecialPurposeEntry>(
        entries.compactMap { e in if case .v6(let p) = e.prefix, !e.terminated { (p, e) } else { nil } }
        + [(try! IPPrefix("2000::/3").v6Prefix!, globalUnicastIPv6)])
    private static let v4Terminated = entries.filter { $0.terminated && $0.prefix.family == 4 }
    private static let v6Terminated = entries.filter { $0.terminated && $0.prefix.family == 6 }

    /// The most specific live entry holding `address`. Terminated rows (6to4 relay anycast,
    /// ORCHID v1) answer only where no live row is more specific than their enclosing one.
    public static func classify(_ address: IPAddress) -> SpecialPurposeEntry {
        switch address {
        case .v4(let a):
            if let hit = v4Table.lookup(a)?.value { return moreSpecificTerminated(address, than: hit, v4Terminated) }
            return moreSpecificTerminated(address, than: publicIPv4, v4Terminated)
        case .v6(let a):
            if let hit = v6Table.lookup(a)?.value { return moreSpecificTerminated(address, than: hit, v6Terminated) }
            return unallocatedIPv6
        }
    }

    private static func moreSpecificTerminated(_ a: IPAddress, than hit: SpecialPurposeEntry,
                                               _ terminated: [SpecialPurposeEntry]) -> SpecialPurposeEntry {
        for t in terminated where t.prefix.contains(a) && t.prefix.length > hit.prefix.length { return t }
        return hit
    }

    /// Classify a whole prefix: the entry of its first address when that entry covers the
    /// whole prefix, else the entry covering it (the prefix straddles several classes).
    public static func classify(_ prefix: IPPrefix) -> SpecialPurposeEntry {
        let e = classify(prefix.first)
        if e.prefix.contains(prefix) { return e }
        var best = prefix.family == 4 ? publicIPv4 : unallocatedIPv6
        for x in entries where x.prefix.contains(prefix) && x.prefix.length >= best.prefix.length && !x.terminated { best = x }
        return best
    }
}

extension IPPrefix {
    public var v4Prefix: Prefix<IPv4Address>? { if case .v4(let p) = self { p } else { nil } }
    public var v6Prefix: Prefix<IPv6Address>? { if case .v6(let p) = self { p } else { nil } }
}
