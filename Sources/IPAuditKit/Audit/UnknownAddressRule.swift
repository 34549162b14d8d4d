import IPCore

/// `unknown-address` (warning): seen on the wire (scan observations in the store) but held
/// by no inventory record. One finding per address, with the MACs and domains that showed it.
enum UnknownAddressRule {
    static func check(_ c: AuditContext) -> [Finding] {
        guard !c.input.observations.isEmpty else { return [] }
        var known = Set<IPAddress>()
        known.reserveCapacity(c.inventory.count)
        for row in c.inventory.rows where row.prefixLength < 0 { known.insert(row.address) }
        var byAddress: [IPAddress: [Observation]] = [:]
        for o in c.input.observations {
            guard let value = try? AddressField.parse(o.address), !known.contains(value.address) else { continue }
            byAddress[value.address, default: []].append(o)
        }
        return byAddress.map { address, list in
            let macs = Array(Set(list.map(\.mac))).sorted()
            let domains = Array(Set(list.map(\.domain))).sorted()
            return Finding(rule: Rule.unknownAddress, severity: .warning, address: address.description, entities: domains,
                           message: "\(address) is on the wire (\(macs.joined(separator: ", "))) but in no inventory",
                           evidence: ["first_seen": .double(list.map(\.firstSeen).min()!),
                                      "last_seen": .double(list.map(\.lastSeen).max()!),
                                      "frames": .int(list.reduce(0) { $0 + $1.frames })],
                           macs: macs)
        }
    }
}
