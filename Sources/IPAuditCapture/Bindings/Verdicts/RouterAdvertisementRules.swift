import IPAuditKit
import IPCore

/// `rogue-router`, `multiple-routers`, `router-impersonation` and `ra-prefix-outside-routable`:
/// who sent Router Advertisements on each link (`LinkServices`). With routers named (`--router`,
/// the plan's `routers`), an RA from any other MAC is rogue; without, more than one RA source
/// on a link is a warning naming each. An RA from a link-local address another MAC holds is an
/// impersonation whatever is named, and is judged only as that.
struct RouterAdvertisementRules: WireRule {
    static let raises: Set<Rule> = [.rogueRouter, .multipleRouters, .routerImpersonation, .advertisedPrefixOutsideRoutable]
    static let scopes: Set<Rule.Scope> = [.scan, .probe]
    private let wire: WireState
    init(_ wire: WireState) { self.wire = wire }

    func conclude(into out: inout [Finding]) {
        let named = wire.policy.routerMACs
        var perLink: [VLANStack: [(MACAddress, RouterRecord)]] = [:]
        for (key, record) in wire.services.routers { perLink[key.vlans, default: []].append((key.mac, record)) }
        for (vlans, routers) in perLink {
            let domain = wire.domain(vlans)
            let sorted = routers.sorted { $0.1.firstSeen < $1.1.firstSeen }
            if !named.isEmpty {
                for (mac, r) in sorted where !named.contains(mac) {
                    out.append(Finding(rule: .rogueRouter, address: r.sources.first?.description, entities: [domain],
                                       message: "Router Advertisements from \(mac), which no --router or plan routers names: \(Self.says(r))",
                                       evidence: ["domain": .string(domain), "router": Self.evidence(mac, r)],
                                       macs: [mac.description], vlan: vlans.ids))
                }
            } else if sorted.count > 1 {
                out.append(Finding(rule: .multipleRouters, entities: [domain],
                                   message: "Router Advertisements from \(sorted.count) MACs on this link: \(sorted.map { "\($0.0) (\(Self.says($0.1)))" }.joined(separator: "; ")); name the legitimate ones with --router",
                                   evidence: ["domain": .string(domain), "routers": .array(sorted.map { Self.evidence($0.0, $0.1) })],
                                   macs: sorted.map(\.0.description).sorted(), vlan: vlans.ids))
            }
            if let routable = wire.policy.routable {
                for (mac, r) in sorted {
                    for p in r.prefixes where p.validLifetime > 0 && !Self.isLinkLocal(p.prefix) && !Self.contains(routable, p.prefix) {
                        out.append(Finding(rule: .advertisedPrefixOutsideRoutable, address: p.prefix.description, entities: [domain],
                                           message: "\(mac) advertises \(p.prefix)\(p.autonomous ? " for address autoconfiguration" : ""), outside the routable space",
                                           evidence: ["domain": .string(domain), "router": .string(mac.description),
                                                      "sources": .array(r.sources.map { .string($0.description) }),
                                                      "valid_lifetime": .int(Int(p.validLifetime)),
                                                      "preferred_lifetime": .int(Int(p.preferredLifetime)),
                                                      "autonomous": .bool(p.autonomous),
                                                      "first_seen": .double(r.firstSeen), "last_seen": .double(r.lastSeen)],
                                           macs: [mac.description], vlan: vlans.ids))
                    }
                }
            }
        }
        for (key, router) in wire.services.routers {
            guard let r = router.killedWhileAlive, let source = router.sources.first else { continue }
            let domain = wire.domain(key.vlans)
            out.append(Finding(rule: .routerImpersonation, address: source.description, entities: [domain],
                               message: "Router Advertisements with router lifetime 0 and none of the router's options, from \(key.mac) and \(source) between its own: forged from the router's own MAC and address (kill_router6 sniffing its RAs)",
                               evidence: ["domain": .string(domain), "sender": .string(key.mac.description), "holders": .array([]),
                                          "router_lifetimes": .array(r.routerLifetimes.map { .int(Int($0)) }),
                                          "frames": .int(r.frames), "first_seen": .double(r.firstSeen), "last_seen": .double(r.lastSeen),
                                          "example_frames": .array(r.exampleFrames.map { .int($0) })],
                               macs: [key.mac.description], vlan: key.vlans.ids))
        }
        for (key, r) in wire.services.impersonations {
            let domain = wire.domain(key.vlans)
            let lifetimes = r.routerLifetimes.map(String.init).joined(separator: ", ")
            out.append(Finding(rule: .routerImpersonation, address: key.source.description, entities: [domain],
                               message: "\(key.mac) sent Router Advertisements from \(key.source), which \(r.holders.map(\.description).joined(separator: ", ")) holds\(lifetimes.isEmpty ? "" : " (router lifetime \(lifetimes))"): router impersonation",
                               evidence: ["domain": .string(domain), "sender": .string(key.mac.description),
                                          "holders": .array(r.holders.map { .string($0.description) }),
                                          "router_lifetimes": .array(r.routerLifetimes.map { .int(Int($0)) }),
                                          "frames": .int(r.frames), "first_seen": .double(r.firstSeen), "last_seen": .double(r.lastSeen),
                                          "example_frames": .array(r.exampleFrames.map { .int($0) })],
                               macs: [key.mac.description] + r.holders.map(\.description), vlan: key.vlans.ids))
        }
    }

    static func isLinkLocal(_ p: IPPrefix) -> Bool { OnLinkSourceCheck.isLinkLocal(p.network) }

    static func contains(_ set: IPSet, _ p: IPPrefix) -> Bool {
        if case .v6(let v6) = p { return set.v6.contains(v6) }
        return false
    }

    /// "router lifetime 1800 s, 2001:db8:1::/64 valid 86400 s preferred 14400 s".
    static func says(_ r: RouterRecord) -> String {
        var parts: [String] = []
        if let lifetime = r.routerLifetime { parts.append(lifetime == 0 ? "not a default router (lifetime 0)" : "router lifetime \(lifetime) s") }
        for p in r.prefixes { parts.append("\(p.prefix) valid \(p.validLifetime) s preferred \(p.preferredLifetime) s") }
        if r.managed { parts.append("managed (DHCPv6)") }
        parts.append("from " + r.sources.map(\.description).joined(separator: ", "))
        return parts.joined(separator: ", ")
    }

    static func evidence(_ mac: MACAddress, _ r: RouterRecord) -> JSONValue {
        .object(["mac": .string(mac.description), "sources": .array(r.sources.map { .string($0.description) }),
                 "router_lifetime": r.routerLifetime.map { .int(Int($0)) } ?? .null,
                 "managed": .bool(r.managed), "other_configuration": .bool(r.otherConfiguration),
                 "prefixes": .array(r.prefixes.map { p in
                     .object(["prefix": .string(p.prefix.description), "valid_lifetime": .int(Int(p.validLifetime)),
                              "preferred_lifetime": .int(Int(p.preferredLifetime)), "autonomous": .bool(p.autonomous),
                              "on_link": .bool(p.onLink)])
                 }),
                 "frames": .int(r.frames), "first_seen": .double(r.firstSeen), "last_seen": .double(r.lastSeen),
                 "example_frames": .array(r.exampleFrames.map { .int($0) })])
    }
}
