import IPAuditKit
import IPCore

/// `rogue-dhcp-server` and `multiple-dhcp-servers`: who answered clients as a DHCP server on
/// each link (`LinkServices`). With servers named (`--dhcp-server`, the plan's
/// `dhcp_servers`), every other one is rogue; without, more than one per link and family is a
/// warning naming each with what it handed out, as dhcp_probe reports them.
struct DHCPServerRules: WireRule {
    static let raises: Set<Rule> = [.rogueDHCPServer, .multipleDHCPServers]
    static let scopes: Set<Rule.Scope> = [.scan, .probe]
    private let wire: WireState
    init(_ wire: WireState) { self.wire = wire }

    func conclude(into out: inout [Finding]) {
        let named = wire.policy.dhcpServers
        var perLink: [LinkFamily: [(DHCPServerKey, DHCPServerRecord)]] = [:]
        for (key, record) in wire.services.dhcpServers {
            perLink[LinkFamily(vlans: key.vlans, family: key.server.family), default: []].append((key, record))
        }
        for (link, servers) in perLink {
            let domain = wire.domain(link.vlans)
            let sorted = servers.sorted { $0.1.firstSeen < $1.1.firstSeen }
            if named.namesDHCPServers {
                for (key, record) in sorted where !Self.isNamed(key.server, record, named) {
                    out.append(Finding(rule: .rogueDHCPServer, address: Self.address(key.server, record), entities: [domain],
                                       message: "DHCP server \(key.server) answered clients (\(record.kinds.joined(separator: ", "))) but no --dhcp-server or plan dhcp_servers names it; \(Self.handedOut(record))",
                                       evidence: ["domain": .string(domain), "server": Self.evidence(key.server, record)],
                                       macs: record.macs.map(\.description), vlan: link.vlans.ids))
                }
            } else if sorted.count > 1 {
                let names = sorted.map { "\($0.0.server) (\(Self.handedOut($0.1)))" }
                out.append(Finding(rule: .multipleDHCPServers, entities: [domain],
                                   message: "\(sorted.count) DHCP\(link.family == 6 ? "v6" : "") servers answer on this link: \(names.joined(separator: "; ")); name the legitimate ones with --dhcp-server",
                                   evidence: ["domain": .string(domain), "family": .int(link.family),
                                              "servers": .array(sorted.map { Self.evidence($0.0.server, $0.1) })],
                                   macs: Array(Set(sorted.flatMap { $0.1.macs })).sorted().map(\.description), vlan: link.vlans.ids))
            }
        }
    }

    /// Named by its identifier, by an address its answers came from, by a MAC they came from,
    /// or by the MAC its DUID-LL(T) names.
    static func isNamed(_ server: DHCPServerID, _ record: DHCPServerRecord, _ named: LinkServiceNames) -> Bool {
        if case .v4(let a) = server, named.dhcpAddresses.contains(.v4(a)) { return true }
        if case .v6(let a) = server, named.dhcpAddresses.contains(.v6(a)) { return true }
        if let mac = server.duidMAC, named.dhcpMACs.contains(mac) { return true }
        return record.sources.contains { named.dhcpAddresses.contains($0) } || record.macs.contains { named.dhcpMACs.contains($0) }
    }

    static func address(_ server: DHCPServerID, _ record: DHCPServerRecord) -> String? {
        switch server {
        case .v4(let a): a.description
        case .v6(let a): a.description
        case .duid: record.sources.first?.description
        }
    }

    /// "offered 10.0.0.50, router 10.0.0.1, DNS 10.0.0.53, from 02:…", for the message.
    static func handedOut(_ r: DHCPServerRecord) -> String {
        var parts: [String] = []
        if !r.offered.isEmpty { parts.append("offered " + r.offered.map(\.description).joined(separator: ", ")) }
        if !r.routers.isEmpty { parts.append("router " + r.routers.map(\.description).joined(separator: ", ")) }
        if !r.dns.isEmpty { parts.append("DNS " + r.dns.map(\.description).joined(separator: ", ")) }
        if !r.relays.isEmpty { parts.append("via relay " + r.relays.map(\.description).joined(separator: ", ")) }
        parts.append("from " + r.macs.map(\.description).joined(separator: ", "))
        return parts.joined(separator: ", ")
    }

    static func evidence(_ server: DHCPServerID, _ r: DHCPServerRecord) -> JSONValue {
        .object(["server": .string(server.description), "macs": .array(r.macs.map { .string($0.description) }),
                 "sources": .array(r.sources.map { .string($0.description) }),
                 "relays": .array(r.relays.map { .string($0.description) }),
                 "offered": .array(r.offered.map { .string($0.description) }),
                 "routers": .array(r.routers.map { .string($0.description) }),
                 "dns": .array(r.dns.map { .string($0.description) }),
                 "kinds": .array(r.kinds.map { .string($0) }), "answers": .int(r.answers),
                 "first_seen": .double(r.firstSeen), "last_seen": .double(r.lastSeen),
                 "example_frames": .array(r.exampleFrames.map { .int($0) })])
    }
}

/// One link (VLAN stack) and one address family: DHCPv4 and DHCPv6 servers are counted apart.
struct LinkFamily: Hashable {
    var vlans: VLANStack
    var family: Int
}
