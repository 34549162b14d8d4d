import IPCore

/// `mac-mismatch` (warning) in a probe: a live record names a MAC for an address the probe
/// heard, and every answer came from another MAC (a replaced NIC the inventory missed, a typo,
/// or someone else on the address). The audit's rule of the same id, judged on one probe's
/// answers: a duplicate whose holders include the recorded MAC is no mismatch (its finding names
/// the other MAC, `ProbeRecordNotes`). Not judged, as in the audit: records without a MAC,
/// history, shared roles (vip, anycast, vrrp: virtual MACs answer for them), records on another
/// VLAN than the probe's.
public enum ProbeMACMismatchRule: RuleEvaluator {
    public static let raises: Set<Rule> = [.inventoryMACMismatch]
    public static let scopes: Set<Rule.Scope> = [.probe]

    /// `answers`: the probe's claims (address, MAC, domain). `vlan`: the probe's tag, if any.
    public static func findings(records: [InventoryRecord], answers: [Observation], vlan: Int?) -> [Finding] {
        var heard: [IPAddress: [Observation]] = [:]
        for answer in answers { heard[answer.address, default: []].append(answer) }
        var out: [Finding] = []
        for record in records where record.prefix == nil && record.live && !record.role.isShared {
            guard let address = record.address, let text = record.mac, let recorded = MACAddress(text),
                  vlan == nil || record.vlan == nil || record.vlan == vlan,
                  let seen = heard[address], !seen.contains(where: { $0.mac == recorded }) else { continue }
            let macs = Set(seen.map(\.mac)).sorted().map(\.description)
            let domains = Set(seen.map(\.domain)).sorted()
            out.append(Finding(
                rule: .inventoryMACMismatch, address: address.description, entities: domains,
                message: "\(ProbeRecordNotes.described(record)) records \(recorded) for \(address), "
                    + "but \(macs.joined(separator: ", ")) answered the probes and \(recorded) never did",
                evidence: ["record": ProbeRecordNotes.evidence(record), "inventory_mac": .string(recorded.description),
                           "macs_not_in_inventory": .array(macs.map(JSONValue.string)), "domain": .string(domains.joined(separator: ", "))],
                macs: macs, vlan: vlan.map { [$0] } ?? []))
        }
        return out
    }
}
