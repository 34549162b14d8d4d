import IPAuditKit
import IPCore

/// An address two or more MACs claim: a conflict (`duplicate-address`), or one of the patterns
/// that are not one, each with its reason: an `--allow` entry, first-hop redundancy virtual
/// MACs, a move (the old MAC fell silent more than `--move-grace` before the new one), ARP
/// flux (the same MACs answer for other addresses too: one multi-homed host).
struct MultiMACRule: WireRule {
    static let raises: Set<Rule> = [.duplicateAddress, .allowListed, .fhrpVirtualMAC, .addressMoved, .arpFlux]
    static let scopes: Set<Rule.Scope> = [.scan, .probe]

    private struct MACSetInDomain: Hashable {
        var vlans: VLANStack
        var macs: [MACAddress]
    }

    private let wire: WireState
    /// IPv4 addresses each concurrent MAC set claims (flux candidates).
    private var concurrentSets: [MACSetInDomain: [IPAddress]] = [:]
    /// MAC sets sharing an IPv6 address: two hosts with both addresses (a clone), never flux.
    private var sharedIPv6: Set<MACSetInDomain> = []

    init(_ wire: WireState) { self.wire = wire }

    mutating func note(_ key: BindingKey, _ entry: BindingEntry, claims: [MACClaim]) {
        guard claims.count >= 2, Self.isConcurrent(claims, grace: wire.policy.moveGrace) else { return }
        // Flux is ARP's (Linux answers for any local address on any interface); NDP is
        // answered by the interface holding the address only. A MAC pair sharing an IPv4
        // and an IPv6 address is two hosts with both addresses: a duplicate, twice.
        let set = MACSetInDomain(vlans: key.vlans, macs: claims.map(\.mac).sorted())
        if key.address.family == 4 { concurrentSets[set, default: []].append(key.address) } else { sharedIPv6.insert(set) }
    }

    func judge(_ key: BindingKey, _ entry: BindingEntry, claims: [MACClaim], into out: inout [Finding]) {
        guard claims.count >= 2 else { return }
        // A router's link-local address taken by a forger's RAs is `router-impersonation`
        // (RouterAdvertisementRules), which names both MACs: not a second finding.
        if case .v6 = key.address, wire.services.isImpersonated(key) { return }
        let set = MACSetInDomain(vlans: key.vlans, macs: claims.map(\.mac).sorted())
        // A pair that also shares an IPv6 address is two hosts (a clone): no flux for its IPv4 ones either.
        let fluxPartners = key.address.family == 4 && !sharedIPv6.contains(set)
            ? (concurrentSets[set] ?? []).filter { $0 != key.address } : []
        out.append(finding(key, entry, claims, fluxPartners: fluxPartners))
    }

    static func isConcurrent(_ claims: [MACClaim], grace: Double) -> Bool {
        for i in claims.indices { for j in claims.indices where j > i && claims[i].overlaps(claims[j], grace: grace) { return true } }
        return false
    }

    private func finding(_ key: BindingKey, _ entry: BindingEntry, _ claims: [MACClaim], fluxPartners: [IPAddress]) -> Finding {
        let policy = wire.policy
        let macs = claims.map(\.mac)
        var evidence = wire.baseEvidence(wire.domain(key.vlans), claims)
        if entry.overflowMACs > 0 { evidence["overflow_macs"] = .int(entry.overflowMACs) }
        let concurrent = Self.isConcurrent(claims, grace: policy.moveGrace)
        evidence["concurrent"] = .bool(concurrent)
        let list = claims.map { "\($0.mac) (\($0.frames) frame\($0.frames == 1 ? "" : "s"))" }.joined(separator: ", ")

        if entry.overflowMACs == 0, let allowed = policy.allowList.match(key.address, entities: macs.map(\.description)) {
            evidence["reason"] = .string(allowed.reason)
            return wire.finding(.allowListed, key, macs, "allow-listed (\(allowed.reason)): claimed by \(list)", evidence)
        }
        let virtual = macs.compactMap { FHRP(mac: $0) }
        if virtual.count == macs.count {
            let kinds = Set(virtual.map(\.rawValue)).sorted().joined(separator: ", ")
            evidence["reason"] = "only first-hop redundancy virtual MACs claim it"
            return wire.finding(.fhrpVirtualMAC, key, macs,
                                "virtual IP answered by \(kinds) virtual MACs \(list): a first-hop redundancy VIP, not a conflict", evidence)
        }
        if !concurrent {
            let moves = zip(claims, claims.dropFirst()).map { "\($0.mac) → \($1.mac)" }.joined(separator: ", ")
            evidence["reason"] = .string("claims do not overlap in time: each MAC fell silent more than \(WireState.seconds(policy.moveGrace)) (--move-grace) before the next took over")
            return wire.finding(.addressMoved, key, macs,
                                "moved \(moves) (failover, NIC swap or re-created VM); the old MAC fell silent", evidence)
        }
        if !fluxPartners.isEmpty, virtual.isEmpty {
            evidence["reason"] = "the same MACs answer for other addresses too: one multi-homed host (arp_ignore=0)"
            evidence["flux_addresses"] = .array(fluxPartners.sorted().map { .string($0.description) })
            return wire.finding(.arpFlux, key, macs,
                                "ARP flux: \(list) also both answer for \(fluxPartners.sorted().map(\.description).joined(separator: ", "))", evidence)
        }
        evidence["reason"] = virtual.isEmpty
            ? .string("two or more MACs claim the address in overlapping periods (or within \(WireState.seconds(policy.moveGrace)) of each other, --move-grace)")
            : "a non-virtual MAC claims an address served by a first-hop redundancy virtual MAC"
        return wire.finding(.duplicateAddress, key, macs, "claimed by \(macs.count) MACs at the same time: \(list)", evidence)
    }
}
