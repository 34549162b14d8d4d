import IPCore

/// `unresponsive-address` (warning): an address an inventory or store says is in use, on the
/// probed link, that answered none of the probes sent for it: a stale record, or a host that
/// is down or firewalls ARP/NDP. Addresses only swept (CIDR targets) are never reported:
/// silence there is the normal case.
public enum UnresponsiveAddressRule: RuleEvaluator {
    public static let raises: Set<Rule> = [.unresponsiveAddress]
    public static let scopes: Set<Rule.Scope> = [.probe]

    public static func finding(_ address: IPAddress, domain: String, probes: Int, vlan: [Int]?) -> Finding {
        Finding(rule: .unresponsiveAddress, address: address.description, entities: [domain],
                message: "\(address) is in the inventory but answered none of \(probes) probe\(probes == 1 ? "" : "s") (stale record or host down)",
                evidence: ["domain": .string(domain), "probes": .int(probes),
                           "reason": "no ARP reply or Neighbor Advertisement for it during the probe run"],
                vlan: vlan)
    }
}
