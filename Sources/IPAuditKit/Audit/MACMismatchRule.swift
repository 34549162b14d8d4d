import IPCore

/// `mac-mismatch` (warning): an inventory record names a MAC, and in the record's L2 domain the
/// wire saw its address with other MACs and never with that one (a replaced NIC the inventory
/// missed, a typo, or someone else on the address).
///
/// The record's domain is its VLAN: with a `vlan` only observations carrying that innermost
/// tag count (the same address on another VLAN is another address); without one, every
/// observation of the address does. Not judged: records without a MAC (or with one that is no
/// MAC), history (not live), shared roles (vip, anycast, vrrp: virtual MACs answer for them).
enum MACMismatchRule: AuditRule {
    static let raises: Set<Rule> = [.inventoryMACMismatch]

    static func check(_ c: AuditContext) -> [Finding] {
        guard !c.wire.groups.isEmpty else { return [] }
        let inv = c.inventory
        var out: [Finding] = []
        for i in 0..<inv.count {
            let row = inv.rows[i]
            guard row.prefixLength < 0, row.live, !row.role.isShared, let text = inv.optional(row.mac),
                  let recorded = MACAddress(text) else { continue }
            guard let group = c.wire.group(for: AddressField.normalize(row.address).address) else { continue }
            let vlan = row.vlan < 0 ? nil : Int(row.vlan)
            let seen = c.wire.members(group).filter { vlan == nil || innermostVLAN($0.domain) == vlan }
            guard !seen.isEmpty, !seen.contains(where: { $0.mac == recorded }) else { continue }
            let macs = Array(Set(seen.map(\.mac))).sorted().map(\.description)
            let times = WireTimes(seen, now: c.now)
            var evidence = times.evidence
            evidence["record"] = c.evidence(i)
            evidence["inventory_mac"] = .string(recorded.description)
            evidence["seen"] = .array(seen.sorted { ($0.domain, $0.mac) < ($1.domain, $1.mac) }.map {
                .object(["domain": .string($0.domain), "mac": .string($0.mac.description), "frames": .int($0.frames),
                         "first_seen": .double($0.firstSeen), "last_seen": .double($0.lastSeen)])
            })
            let domains = Array(Set(seen.map(\.domain))).sorted()
            out.append(Finding(rule: .inventoryMACMismatch, address: row.address.description, entities: [inv.entityName(i)],
                               zone: inv.optional(row.zone),
                               message: "inventory says \(recorded) for \(row.address), the wire saw \(macs.joined(separator: ", ")) in \(domains.joined(separator: ", ")) and never \(recorded); \(times.text)",
                               evidence: evidence, macs: macs))
        }
        return out
    }

    /// The last `/vlan:N` of a domain name (`host/eth0/vlan:10/vlan:20` → 20); nil untagged.
    static func innermostVLAN(_ domain: String) -> Int? {
        guard let range = domain.range(of: "/vlan:", options: .backwards) else { return nil }
        return Int(domain[range.upperBound...])
    }
}
