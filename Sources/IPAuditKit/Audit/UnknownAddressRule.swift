import IPCore

/// `unknown-address` (warning): seen on the wire (scan observations in the store) but held
/// by no inventory record. One finding per address, with the MACs and domains that showed it.
public enum UnknownAddressRule: AuditRule {
    public static let raises: Set<Rule> = [.unknownAddress]
    public static let scopes: Set<Rule.Scope> = [.audit]

    static func check(_ c: AuditContext) -> [Finding] {
        guard !c.wire.groups.isEmpty else { return [] }
        // Groups come sorted by address: one merge walk against the sorted inventory.
        var known: [IPAddress] = []
        known.reserveCapacity(c.inventory.count)
        for row in c.inventory.rows where row.prefixLength < 0 { known.append(row.address) }
        known.sort()
        var k = 0
        return c.wire.groups.compactMap { group in
            let address = group.address
            while k < known.count && known[k] < address { k += 1 }
            if k < known.count && known[k] == address { return nil }
            let list = c.wire.members(group)
            let seen = WireTimes(list, now: c.now)
            var f = finding(address, macs: Array(Set(list.map(\.mac))).sorted().map(\.description), domains: Array(Set(list.map(\.domain))).sorted(),
                            evidence: seen.evidence.merging(["frames": .int(list.reduce(0) { $0 + $1.frames })]) { a, _ in a })
            f.message += "; \(seen.text)"
            return f
        }
    }

    /// The one shape of the finding, for the audit of stored observations and for `scan
    /// --inventory` alike: the address, the MACs that showed it, the domains it was seen in.
    public static func finding(_ address: IPAddress, macs: [String], domains: [String], vlan: [Int]? = nil,
                               evidence: [String: JSONValue]) -> Finding {
        Finding(rule: .unknownAddress, address: address.description, entities: domains,
                message: "\(address) is on the wire (\(macs.joined(separator: ", "))) but in no inventory",
                evidence: evidence, macs: macs, vlan: vlan)
    }
}
