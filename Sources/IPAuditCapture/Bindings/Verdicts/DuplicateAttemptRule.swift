import IPAuditKit
import IPCore

/// `duplicate-attempt`: a MAC that is not a claimant probed (ARP with sender 0.0.0.0, DAD) for
/// an address another MAC held: recently before, or defending it right after. A MAC probing
/// `probeSweepThreshold` or more in-use addresses is sweeping (switch IP device tracking), not colliding.
struct DuplicateAttemptRule: WireRule {
    static let raises: Set<Rule> = [.duplicateAttempt]
    static let scopes: Set<Rule.Scope> = [.scan]

    private let wire: WireState
    private var inUseProbes: [DomainMAC: Int] = [:]

    init(_ wire: WireState) { self.wire = wire }

    mutating func note(_ key: BindingKey, _ entry: BindingEntry, claims: [MACClaim]) {
        for p in probesForAddressInUse(entry, claims) { inUseProbes[DomainMAC(vlans: key.vlans, mac: p.mac), default: 0] += 1 }
    }

    func judge(_ key: BindingKey, _ entry: BindingEntry, claims: [MACClaim], into out: inout [Finding]) {
        let attempts = probesForAddressInUse(entry, claims).filter {
            (inUseProbes[DomainMAC(vlans: key.vlans, mac: $0.mac)] ?? 0) < wire.policy.probeSweepThreshold
        }
        if !attempts.isEmpty { out.append(finding(key, claims, attempts)) }
    }

    private func probesForAddressInUse(_ entry: BindingEntry, _ claims: [MACClaim]) -> [ProbeRecord] {
        let policy = wire.policy
        return entry.probes.filter { p in
            !claims.contains { $0.mac == p.mac }
                && claims.contains { c in
                    c.firstSeen <= p.time + policy.defenceWindow && c.lastSeen >= p.time - policy.inUseWindow
                }
        }
    }

    private func finding(_ key: BindingKey, _ claims: [MACClaim], _ probes: [ProbeRecord]) -> Finding {
        var evidence = wire.baseEvidence(wire.domain(key.vlans), claims)
        evidence["probes"] = .array(probes.map { .object(["mac": .string($0.mac.description), "time": .double($0.time), "frame": .int($0.frame)]) })
        evidence["reason"] = "a new MAC probed for an address in use (RFC 5227 / DAD) and did not take it"
        let probers = probes.map(\.mac)
        let owners = claims.map(\.mac)
        return wire.finding(.duplicateAttempt, key, owners + probers,
                            "\(probers.map(\.description).joined(separator: ", ")) probed for it while \(owners.map(\.description).joined(separator: ", ")) held it",
                            evidence)
    }
}
