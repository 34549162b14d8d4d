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
    /// Routers named by DHCPACKs (option 3) on this link, with how many ACKs named each.
    var dhcpRouters: [BindingKey: Int] = [:]
    /// 169.254/16 sources seen in IP headers, and when their MACs carried ordinary sources.
    var activity = SourceActivity()
    /// When each MAC held an ordinary IPv4 address, for MACs that matter to 169.254/16 verdicts
    /// (see `LinkLocalService`); recomputed by `withLinkLocalAnswerers()` once the side records are in.
    private(set) var linkLocalServiceAnswerers: [DomainMAC: TimeSpan]

    init(policy: ScanPolicy, domainBase: String, entries: [BindingKey: BindingEntry]) {
        self.policy = policy
        self.domainBase = domainBase
        self.entries = entries
        linkLocalServiceAnswerers = [:]
        linkLocalServiceAnswerers = LinkLocalService.answerers(self)
    }

    /// The same state with the 169.254/16 exemptions worked out from all of it (the routers and
    /// the side records too).
    func withLinkLocalAnswerers() -> WireState {
        var wire = self
        wire.linkLocalServiceAnswerers = LinkLocalService.answerers(self)
        return wire
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

