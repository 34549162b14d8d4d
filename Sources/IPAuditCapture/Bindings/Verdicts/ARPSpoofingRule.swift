import IPAuditKit
import IPCore

/// `arp-spoofing`: the one MAC that claims an IPv4 address by ARP also asked who has it (a
/// request with its own, other, sender address). A host never resolves an address it holds
/// (its probes say 0.0.0.0, its announcements name the address itself), so the claim is a
/// lie: ARP cache poisoning (arpspoof, ettercap), usually of the gateway's address.
///
/// Not: a MAC answering for `proxyARPThreshold` or more addresses (proxy ARP, local-proxy-ARP
/// for isolated clients, a MAC-NAT bridge: they resolve what they answer for); first-hop
/// redundancy virtual MACs; an address another MAC claims too (a duplicate or a move, judged
/// by `MultiMACRule`: a renumbered host asking for its old address gets the new owner's reply).
struct ARPSpoofingRule: WireRule {
    static let raises: Set<Rule> = [.arpSpoofing]
    static let scopes: Set<Rule.Scope> = [.scan]

    private let wire: WireState
    /// Addresses each MAC is the sole ARP claimant of.
    private var soleClaims: [DomainMAC: Int] = [:]

    init(_ wire: WireState) { self.wire = wire }

    mutating func note(_ key: BindingKey, _ entry: BindingEntry, claims: [MACClaim]) {
        guard !wire.arpRequesters.isEmpty, key.address.family == 4, claims.count == 1 else { return }
        soleClaims[DomainMAC(vlans: key.vlans, mac: claims[0].mac), default: 0] += 1
    }

    func judge(_ key: BindingKey, _ entry: BindingEntry, claims: [MACClaim], into out: inout [Finding]) {
        guard key.address.family == 4, claims.count == 1, entry.overflowMACs == 0,
              let askers = wire.arpRequesters[key] else { return }
        let claim = claims[0]
        guard claim.methods.contains(.arp), askers.contains(claim.mac), FHRP(mac: claim.mac) == nil,
              (soleClaims[DomainMAC(vlans: key.vlans, mac: claim.mac)] ?? 0) < wire.policy.proxyARPThreshold else { return }
        var evidence = wire.baseEvidence(wire.domain(key.vlans), claims)
        evidence["reason"] = "the MAC claiming the address by ARP also asked who has it: a host never resolves an address it holds"
        out.append(wire.finding(.arpSpoofing, key, [claim.mac],
                                "\(claim.mac) claims \(key.address) by ARP (\(claim.frames) frame\(claim.frames == 1 ? "" : "s")) yet itself asked who has \(key.address): it does not hold it (ARP cache poisoning)",
                                evidence))
    }
}
