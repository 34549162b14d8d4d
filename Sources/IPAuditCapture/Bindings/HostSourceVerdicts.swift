import IPAuditKit
import IPCore

/// Judges IP-header sources outside `--routable` by the MAC that carried them. A router's
/// MAC carries every remote source (north-south traffic, never a finding); a host's MAC
/// carries only the host's own addresses, so anything else from it leaked (a container
/// bridge, an overlay, a CGNAT or foreign ULA address).
///
/// A host MAC is one bound to an on-link address (ARP, NDP, DHCP) that shows no sign of
/// routing: not a first-hop redundancy virtual MAC nor a `--router`, no Router Advertisement
/// nor NA router flag, not where hosts send off-link destinations, not answering for the
/// address most hosts ARP for (the gateway), not proxy-ARPing, and carrying fewer than
/// `routerSourceThreshold` foreign sources. Each finding says why its MAC was judged a host.
struct HostSourceVerdicts: WireRule {
    static let raises: Set<Rule> = [.outsideRoutableSpace]
    static let scopes: Set<Rule.Scope> = [.scan]

    let policy: ScanPolicy
    let domainBase: String
    let entries: [BindingKey: BindingEntry]
    let routerSigns: [DomainMAC: RouterSign]
    /// The MACs answering for the segment's gateway (see `GatewayDetection`).
    let gateways: Set<DomainMAC>
    private let sources: [HostSourceKey: SourceRecord]

    init(_ wire: WireState) {
        policy = wire.policy
        domainBase = wire.domainBase
        entries = wire.entries
        routerSigns = wire.routerSigns
        gateways = wire.hostSources.isEmpty ? [] : GatewayDetection.owners(wire)
        sources = wire.hostSources
    }

    func conclude(into out: inout [Finding]) { out += findings(sources) }

    func findings(_ sources: [HostSourceKey: SourceRecord]) -> [Finding] {
        guard !sources.isEmpty else { return [] }
        // Only the MACs that carried foreign sources matter: look up just those in the table.
        var foreignCount: [DomainMAC: Int] = [:]
        for key in sources.keys { foreignCount[DomainMAC(vlans: key.vlans, mac: key.mac), default: 0] += 1 }
        var bound: [DomainMAC: [IPAddress]] = [:]
        var soleOwned: [DomainMAC: Int] = [:]
        for (key, entry) in entries {
            let claims = entry.claims
            for c in claims {
                let who = DomainMAC(vlans: key.vlans, mac: c.mac)
                guard foreignCount[who] != nil else { continue }
                bound[who, default: []].append(key.address)
                if claims.count == 1, !OnLinkSourceCheck.isLinkLocal(key.address) { soleOwned[who, default: 0] += 1 }
            }
        }
        var out: [Finding] = []
        for (key, record) in sources {
            let who = DomainMAC(vlans: key.vlans, mac: key.mac)
            guard let own = bound[who], !own.isEmpty else { continue }                      // not known as a host
            if entries[BindingKey(vlans: key.vlans, address: key.address)]?.primary != nil { continue }   // judged from its binding
            guard routerReason(who, foreign: foreignCount[who] ?? 0, soleOwned: soleOwned[who] ?? 0, gateways: gateways) == nil else { continue }
            out.append(finding(key, record, hostAddresses: own.sorted(), foreign: foreignCount[who] ?? 0))
        }
        return out
    }

    /// Why `who` forwards traffic, or nil when it looks like a host.
    func routerReason(_ who: DomainMAC, foreign: Int, soleOwned: Int, gateways: Set<DomainMAC>) -> String? {
        if let fhrp = FHRP(mac: who.mac) { return "\(fhrp.rawValue) virtual MAC" }
        if policy.routerMACs.contains(who.mac) { return "named by --router" }
        if let sign = routerSigns[who] { return sign.rawValue }
        if gateways.contains(who) { return "answers for the segment's gateway" }
        if soleOwned >= policy.proxyARPThreshold { return "answers ARP for many addresses (proxy ARP)" }
        if foreign >= policy.routerSourceThreshold { return "carries \(foreign) sources outside the routable space" }
        return nil
    }

    private func finding(_ key: HostSourceKey, _ r: SourceRecord, hostAddresses: [IPAddress], foreign: Int) -> Finding {
        let domain = domainBase + key.vlans.description
        let own = hostAddresses.prefix(3).map(\.description).joined(separator: ", ") + (hostAddresses.count > 3 ? ", ..." : "")
        let why = "\(key.mac) is a host: it answers for \(own) on this link, and shows no sign of routing (no FHRP, RA or router flag, not the gateway or the next hop of off-link traffic, \(foreign) foreign source\(foreign == 1 ? "" : "s") < \(policy.routerSourceThreshold))"
        let addressClass = AddressClass(key.address)
        let evidence: [String: JSONValue] = [
            "domain": .string(domain), "registry": addressClass.evidence, "routable": RoutableEvidence.of(policy),
            "judged_on_link": .string(why),
            "host_addresses": .array(hostAddresses.prefix(8).map { .string($0.description) }),
            "first_seen": .double(r.firstSeen), "last_seen": .double(r.lastSeen),
            "frames": .int(r.frames), "example_frames": .array(r.examples.map { .int($0) }),
        ]
        return Finding(rule: Rule.outsideRoutableSpace, because: .inferredFromHostTraffic, address: key.address.description, entities: [domain],
                       message: "source outside the routable space (--routable) sent from host MAC \(key.mac) (\(addressClass.entry.name)): \(why)",
                       evidence: evidence, macs: [key.mac.description], vlan: key.vlans.ids)
    }
}
