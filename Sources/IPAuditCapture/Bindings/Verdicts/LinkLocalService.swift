import IPAuditKit
import IPCore

/// IPv4 link-local (169.254/16) on a cluster link means an APIPA host, one that got no DHCP
/// lease (RFC 3927): unless the MAC using it holds an ordinary IPv4 address on the link *at
/// the same time*, or is the segment's router. Then it is a service answered by a real node or
/// the gateway (cloud metadata at 169.254.169.254, NodeLocal DNS, Calico's 169.254.1.1), not a
/// lost host. A host that lost its lease and fell back to 169.254/16 held its ordinary address
/// before, not during: it is reported.
///
/// "At the same time" is concrete: the MAC claimed an ordinary IPv4 address (ARP, DHCP) or
/// sent IP packets from one during the link-local use, give or take
/// `ScanPolicy.linkLocalLiveWindow` (10 s by default).
enum LinkLocalService {
    /// When each MAC held an ordinary IPv4 address (routers: always). Empty when no 169.254/16
    /// address is bound nor seen as a source: nothing is judged then.
    static func answerers(_ wire: WireState) -> [DomainMAC: TimeSpan] {
        guard !wire.activity.linkLocalSources.isEmpty || wire.entries.keys.contains(where: isIPv4LinkLocal) else { return [:] }
        var answerers: [DomainMAC: TimeSpan] = [:]
        for (key, entry) in wire.entries where key.address.family == 4 && !isIPv4LinkLocal(key) {
            for c in entry.claims {
                answerers[DomainMAC(vlans: key.vlans, mac: c.mac), default: TimeSpan(c.firstSeen, c.lastSeen)]
                    .merge(TimeSpan(c.firstSeen, c.lastSeen))
            }
        }
        for (who, span) in wire.activity.ordinarySources where span.first <= span.last {
            answerers[who, default: span].merge(span)
        }
        for who in routers(wire) { answerers[who] = .always }
        return answerers
    }

    /// MACs that forward traffic: FHRP virtual MACs, `--router`, RA senders and the like, the gateway.
    static func routers(_ wire: WireState) -> Set<DomainMAC> {
        var out = GatewayDetection.owners(wire)
        out.formUnion(wire.routerSigns.keys)
        for (key, entry) in wire.entries where !isIPv4LinkLocal(key) {
            for c in entry.claims where FHRP(mac: c.mac) != nil || wire.policy.routerMACs.contains(c.mac) {
                out.insert(DomainMAC(vlans: key.vlans, mac: c.mac))
            }
        }
        return out
    }

    static func isIPv4LinkLocal(_ key: BindingKey) -> Bool {
        if case .v4(let a) = key.address { SourceActivity.isAPIPA(a) } else { false }
    }

    /// Whether `who`, using a link-local address over `span`, held an ordinary one meanwhile.
    static func isLive(_ who: DomainMAC, during span: TimeSpan, answerers: [DomainMAC: TimeSpan], window: Double) -> Bool {
        answerers[who]?.overlaps(span, within: window) ?? false
    }

    /// When `who` held an ordinary IPv4 address after `span` (its 169.254/16 spell): an APIPA
    /// host whose DHCP answer came late (Windows at boot) recovered by itself, a warning.
    static func leaseAfter(_ who: DomainMAC, _ span: TimeSpan, answerers: [DomainMAC: TimeSpan]) -> Double? {
        guard let held = answerers[who], held.last > span.last, held.last.isFinite else { return nil }
        return held.last
    }

    static func isService(_ key: BindingKey, _ claims: [MACClaim], answerers: [DomainMAC: TimeSpan], window: Double) -> Bool {
        isIPv4LinkLocal(key) && claims.allSatisfy {
            isLive(DomainMAC(vlans: key.vlans, mac: $0.mac), during: TimeSpan($0.firstSeen, $0.lastSeen), answerers: answerers, window: window)
        }
    }
}
