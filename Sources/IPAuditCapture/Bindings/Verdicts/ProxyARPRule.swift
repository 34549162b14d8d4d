import IPAuditKit
import IPCore

/// `proxy-arp`: one MAC answers, alone, for `proxyARPThreshold` or more addresses: proxy ARP,
/// ARP suppression or ipvlan, not a host. One finding per MAC, naming the addresses.
struct ProxyARPRule: WireRule {
    static let raises: Set<Rule> = [.proxyARP]
    static let scopes: Set<Rule.Scope> = [.scan, .probe]

    private let wire: WireState
    /// Sole owners as a flat array, counted after sorting: a million single-owner addresses
    /// (one MAC each) must not become a million-entry dictionary.
    private var soleOwners: [DomainMAC] = []

    init(_ wire: WireState) { self.wire = wire }

    mutating func note(_ key: BindingKey, _ entry: BindingEntry, claims: [MACClaim]) {
        // fe80::/10 is every IPv6 interface's own (bound from NDP sources): not an address answered for.
        guard !OnLinkSourceCheck.isLinkLocal(key.address) else { return }
        if claims.count == 1, entry.overflowMACs == 0 { soleOwners.append(DomainMAC(vlans: key.vlans, mac: claims[0].mac)) }
    }

    func conclude(into out: inout [Finding]) {
        let proxies = Self.frequent(soleOwners, atLeast: wire.policy.proxyARPThreshold)
        guard !proxies.isEmpty else { return }
        var addresses: [DomainMAC: [IPAddress]] = [:]
        for (key, entry) in wire.entries where entry.others.isEmpty && entry.overflowMACs == 0 && !OnLinkSourceCheck.isLinkLocal(key.address) {
            guard let owner = entry.primary?.mac, proxies.contains(DomainMAC(vlans: key.vlans, mac: owner)) else { continue }
            addresses[DomainMAC(vlans: key.vlans, mac: owner), default: []].append(key.address)
        }
        for (owner, list) in addresses { out.append(finding(owner.vlans, owner.mac, list.sorted())) }
    }

    /// The values occurring at least `threshold` times.
    private static func frequent(_ values: [DomainMAC], atLeast threshold: Int) -> Set<DomainMAC> {
        var sorted = values
        sorted.sort { ($0.vlans.packed, $0.vlans.count, $0.mac.bits) < ($1.vlans.packed, $1.vlans.count, $1.mac.bits) }
        var out = Set<DomainMAC>()
        var start = 0
        while start < sorted.count {
            var end = start + 1
            while end < sorted.count, sorted[end] == sorted[start] { end += 1 }
            if end - start >= threshold { out.insert(sorted[start]) }
            start = end
        }
        return out
    }

    private func finding(_ vlans: VLANStack, _ mac: MACAddress, _ addresses: [IPAddress]) -> Finding {
        let domain = wire.domain(vlans)
        let evidence: [String: JSONValue] = [
            "domain": .string(domain), "address_count": .int(addresses.count),
            "addresses": .array(addresses.prefix(32).map { .string($0.description) }),
            "reason": "one MAC answers for many addresses that no other MAC claims: proxy ARP, ARP suppression or ipvlan",
        ]
        return Finding(rule: .proxyARP, address: nil, entities: [domain],
                       message: "\(mac) answers for \(addresses.count) addresses nobody else claims (proxy ARP or ARP suppression), e.g. \(addresses.prefix(3).map(\.description).joined(separator: ", "))",
                       evidence: evidence, macs: [mac.description], vlan: vlans.ids)
    }
}
