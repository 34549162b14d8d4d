import IPAuditKit
import IPCore

/// What one analyzer kept, as the wire's rules read it: the bindings, the side records, and
/// the facts several rules share (computed once).
struct WireState {
    let policy: ScanPolicy
    /// `"<host>/<iface>"`: the L2 domain name before the VLAN suffix.
    let domainBase: String
    let entries: [BindingKey: BindingEntry]
    var mismatches: [MismatchKey: SourceRecord] = [:]
    var unroutableSources: [BindingKey: SourceRecord] = [:]
    var hostSources: [HostSourceKey: SourceRecord] = [:]
    var routerSigns: [DomainMAC: RouterSign] = [:]
    var arpRequesters: [BindingKey: [MACAddress]] = [:]
    var services = LinkServices()
    /// MACs that claim an ordinary address where some 169.254/16 address is claimed too (see `LinkLocalService`).
    let linkLocalServiceAnswerers: Set<DomainMAC>

    init(policy: ScanPolicy, domainBase: String, entries: [BindingKey: BindingEntry]) {
        self.policy = policy
        self.domainBase = domainBase
        self.entries = entries
        linkLocalServiceAnswerers = LinkLocalService.answerers(entries)
    }

    func domain(_ vlans: VLANStack) -> String { domainBase + vlans.description }

    /// Where every claim-based finding starts: the domain, the claims' times and frames.
    func baseEvidence(_ domain: String, _ claims: [MACClaim]) -> [String: JSONValue] {
        [
            "domain": .string(domain),
            "first_seen": .double(claims.map(\.firstSeen).min() ?? 0),
            "last_seen": .double(claims.map(\.lastSeen).max() ?? 0),
            "claims": .array(claims.map { c in
                .object(["mac": .string(c.mac.description), "frames": .int(c.frames),
                         "first_seen": .double(c.firstSeen), "last_seen": .double(c.lastSeen),
                         "example_frames": .array(c.exampleFrames.map { .int($0) })])
            }),
        ]
    }

    /// A finding on one tracked address of the table, at its rule's catalogue severity.
    func finding(_ rule: Rule, because reason: Rule.SeverityReason? = nil, _ key: BindingKey, _ macs: [MACAddress],
                 _ message: String, _ evidence: [String: JSONValue]) -> Finding {
        Finding(rule: rule, because: reason, address: key.address.description, entities: [domain(key.vlans)],
                message: message, evidence: evidence, macs: macs.map(\.description), vlan: key.vlans.ids)
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}

/// IPv4 link-local (169.254/16) claimed on a cluster link means an APIPA host, one that got
/// no DHCP lease: unless every MAC claiming it also holds an ordinary address on the link.
/// Then it is a service answered by a real node or the gateway (cloud metadata at
/// 169.254.169.254 by proxy ARP, NodeLocal DNS, Calico's 169.254.1.1), not a lost host.
enum LinkLocalService {
    static func answerers(_ entries: [BindingKey: BindingEntry]) -> Set<DomainMAC> {
        guard entries.keys.contains(where: isIPv4LinkLocal) else { return [] }
        var answerers = Set<DomainMAC>()
        for (key, entry) in entries where !isIPv4LinkLocal(key) {
            for claim in entry.claims { answerers.insert(DomainMAC(vlans: key.vlans, mac: claim.mac)) }
        }
        return answerers
    }

    static func isIPv4LinkLocal(_ key: BindingKey) -> Bool {
        if case .v4(let a) = key.address { a.bits >> 16 == 0xa9fe } else { false }
    }

    static func isService(_ key: BindingKey, _ claims: [MACClaim], answerers: Set<DomainMAC>) -> Bool {
        isIPv4LinkLocal(key) && claims.allSatisfy { answerers.contains(DomainMAC(vlans: key.vlans, mac: $0.mac)) }
    }
}
