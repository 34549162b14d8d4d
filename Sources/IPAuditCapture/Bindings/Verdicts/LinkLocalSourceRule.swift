import IPAuditKit
import IPCore

/// `unroutable-address` from IP headers for 169.254/16: an APIPA host (RFC 3927, no DHCP lease)
/// talking from its link-local address (SMB, mDNS, SSDP) without ever ARPing for it. Routers do
/// not forward 169.254/16, so its carrier is on the link; it is judged unless the carrier held
/// an ordinary IPv4 address meanwhile or is a router (see `LinkLocalService`). An address bound
/// by ARP is judged from its binding instead (`UnroutableBindingRule`).
struct LinkLocalSourceRule: WireRule {
    static let raises: Set<Rule> = [.unroutableAddress]
    static let scopes: Set<Rule.Scope> = [.scan, .probe]
    private let wire: WireState
    init(_ wire: WireState) { self.wire = wire }

    func conclude(into out: inout [Finding]) {
        var lost: [BindingKey: [(mac: MACAddress, record: SourceRecord)]] = [:]
        for (key, record) in wire.activity.linkLocalSources {
            let address = BindingKey(vlans: key.vlans, address: key.address)
            if wire.entries[address]?.primary != nil { continue }
            let who = DomainMAC(vlans: key.vlans, mac: key.mac)
            if LinkLocalService.isLive(who, during: TimeSpan(record.firstSeen, record.lastSeen),
                                       answerers: wire.linkLocalServiceAnswerers, window: wire.policy.linkLocalLiveWindow) { continue }
            lost[address, default: []].append((key.mac, record))
        }
        for (key, carriers) in lost { out.append(finding(key, carriers.sorted { $0.mac.bits < $1.mac.bits })) }
    }

    private func finding(_ key: BindingKey, _ carriers: [(mac: MACAddress, record: SourceRecord)]) -> Finding {
        let addressClass = AddressClass(key.address)
        let domain = wire.domain(key.vlans)
        let frames = carriers.reduce(0) { $0 + $1.record.frames }
        let window = WireState.seconds(wire.policy.linkLocalLiveWindow)
        let evidence: [String: JSONValue] = [
            "domain": .string(domain), "registry": addressClass.evidence,
            "first_seen": .double(carriers.map(\.record.firstSeen).min() ?? 0),
            "last_seen": .double(carriers.map(\.record.lastSeen).max() ?? 0),
            "frames": .int(frames),
            "example_frames": .array(carriers.flatMap(\.record.examples).sorted().prefix(MACClaim.exampleCapacity).map { .int($0) }),
            "reason": .string("169.254/16 source in IP headers (no router forwards it) from a MAC that held no ordinary IPv4 address within \(window) of it and shows no sign of routing: an APIPA host that got no DHCP lease"),
        ]
        let recovered = carriers.allSatisfy {
            LinkLocalService.leaseAfter(DomainMAC(vlans: key.vlans, mac: $0.mac), TimeSpan($0.record.firstSeen, $0.record.lastSeen),
                                        answerers: wire.linkLocalServiceAnswerers) != nil
        }
        return Finding(rule: .unroutableAddress, because: recovered ? .leaseAfterAPIPA : nil, address: key.address.description, entities: [domain],
                       message: "link-local (APIPA) source \(key.address) sent \(frames) frame\(frames == 1 ? "" : "s") from \(carriers.map(\.mac.description).joined(separator: ", ")) holding no ordinary address at the time: a host that got no DHCP lease (RFC 3927)"
                           + (recovered ? "; it got an ordinary address later (DHCP answered late)" : ""),
                       evidence: evidence, macs: carriers.map(\.mac.description), vlan: key.vlans.ids)
    }
}
