import IPAuditKit
import IPCore

/// `arp-mac-mismatch`: ARP frames whose sender hardware address differs from the Ethernet
/// source (MAC-NAT bridge, broken probe, spoofing), kept aside and never bound.
struct ARPMismatchRule: WireRule {
    static let raises: Set<Rule> = [.macMismatch]
    static let scopes: Set<Rule.Scope> = [.scan, .probe]
    private let wire: WireState
    init(_ wire: WireState) { self.wire = wire }

    func conclude(into out: inout [Finding]) {
        for (key, r) in wire.mismatches {
            let domain = wire.domain(key.vlans)
            out.append(Finding(rule: .macMismatch, address: key.address.description, entities: [domain],
                               message: "ARP sender hardware address \(key.senderMAC) differs from the Ethernet source \(key.linkSource) (MAC-NAT bridge, broken probe or spoofing); not used as a binding",
                               evidence: ["domain": .string(domain), "ethernet_source": .string(key.linkSource.description),
                                          "sender_mac": .string(key.senderMAC.description),
                                          "first_seen": .double(r.firstSeen), "last_seen": .double(r.lastSeen),
                                          "frames": .int(r.frames), "example_frames": .array(r.examples.map { .int($0) })],
                               macs: [key.linkSource.description, key.senderMAC.description], vlan: key.vlans.ids))
        }
    }
}

/// `unroutable-address` from IP headers: a source routers do not forward (see
/// `OnLinkSourceCheck`), so an on-link host sent it, whatever MAC carried it. An address
/// bound on the link is reported from its binding instead.
struct UnroutableSourceRule: WireRule {
    static let raises: Set<Rule> = [.unroutableAddress]
    static let scopes: Set<Rule.Scope> = [.scan, .probe]
    private let wire: WireState
    init(_ wire: WireState) { self.wire = wire }

    func conclude(into out: inout [Finding]) {
        for (key, r) in wire.unroutableSources where wire.entries[key]?.primary == nil {
            let addressClass = AddressClass(key.address)
            let e = addressClass.entry
            let domain = wire.domain(key.vlans)
            let unspecified = key.address == .v4(IPv4Address(bits: 0))
            out.append(Finding(rule: .unroutableAddress, address: key.address.description, entities: [domain],
                               message: unspecified
                                   ? "0.0.0.0 source that is neither a DHCP client nor IGMP: no host may send it, and routers do not forward it"
                                   : "\(e.name) (\(e.prefix)) source on the wire: routers do not forward it, so an on-link host sent it",
                               evidence: ["domain": .string(domain), "registry": addressClass.evidence,
                                          "first_seen": .double(r.firstSeen), "last_seen": .double(r.lastSeen),
                                          "frames": .int(r.frames), "example_frames": .array(r.examples.map { .int($0) })],
                               macs: r.macs.map(\.description), vlan: key.vlans.ids))
        }
    }
}
