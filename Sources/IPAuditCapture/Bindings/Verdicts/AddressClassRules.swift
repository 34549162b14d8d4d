import IPAuditKit
import IPCore

/// Bound (on-link) addresses judged by their `AddressClass`, as audit and allocate judge them.
/// The wire raises only what makes the address unusable where it is: its class being
/// unroutable, or lying outside `--routable`. Discouraged and public space are the plan's
/// choice of space, reported by `audit` and `allocate`; IPv6 link-local is made for the link
/// (NDP runs on it), and a 169.254/16 address answered by MACs holding ordinary addresses is
/// a service (see `LinkLocalService`).
enum OnLinkAddress {
    /// True when the address's use on the link is judged at all.
    static func isJudged(_ key: BindingKey, _ claims: [MACClaim], _ wire: WireState) -> Bool {
        !claims.isEmpty && !LinkLocalService.isService(key, claims, answerers: wire.linkLocalServiceAnswerers,
                                                            window: wire.policy.linkLocalLiveWindow)
            && !OnLinkSourceCheck.isLinkLocal(key.address)
    }

    /// Whether `--routable` is set and leaves the address out.
    static func isOutsideRoutable(_ address: IPAddress, _ policy: ScanPolicy) -> Bool {
        policy.routable.map { !$0.contains(address) } ?? false
    }
}

/// `unroutable-address` from a binding: an on-link host uses an address of an unroutable class.
struct UnroutableBindingRule: WireRule {
    static let raises: Set<Rule> = [.unroutableAddress]
    static let scopes: Set<Rule.Scope> = [.scan, .probe]
    private let wire: WireState
    init(_ wire: WireState) { self.wire = wire }

    func judge(_ key: BindingKey, _ entry: BindingEntry, claims: [MACClaim], into out: inout [Finding]) {
        guard OnLinkAddress.isJudged(key, claims, wire) else { return }
        let addressClass = AddressClass(key.address)
        guard addressClass.verdicts(outsideRoutable: false).contains(.unroutable) else { return }
        let e = addressClass.entry
        var evidence = wire.baseEvidence(wire.domain(key.vlans), claims)
        evidence["registry"] = addressClass.evidence
        // Every claimant left its 169.254/16 address for an ordinary one: APIPA while DHCP was slow.
        let recovered = LinkLocalService.isIPv4LinkLocal(key) && claims.allSatisfy {
            LinkLocalService.leaseAfter(DomainMAC(vlans: key.vlans, mac: $0.mac), TimeSpan($0.firstSeen, $0.lastSeen),
                                        answerers: wire.linkLocalServiceAnswerers) != nil
        }
        if recovered { evidence["reason"] = "APIPA (RFC 3927) until a later ordinary address: the DHCP answer came late" }
        out.append(wire.finding(.unroutableAddress, because: recovered ? .leaseAfterAPIPA : nil, key, claims.map(\.mac),
                                "on-link host uses \(e.name) (\(e.prefix), \(e.rfc)) address" + (recovered ? " until it got an ordinary address later (DHCP answered late)" : ""),
                                evidence))
    }
}

/// `outside-routable-space` from a binding: an on-link host uses an address outside `--routable`.
struct OutsideRoutableBindingRule: WireRule {
    static let raises: Set<Rule> = [.outsideRoutableSpace]
    static let scopes: Set<Rule.Scope> = [.scan]
    private let wire: WireState
    init(_ wire: WireState) { self.wire = wire }

    func judge(_ key: BindingKey, _ entry: BindingEntry, claims: [MACClaim], into out: inout [Finding]) {
        // The set lookup first: the class is looked up only for the rare address outside.
        guard OnLinkAddress.isOutsideRoutable(key.address, wire.policy), OnLinkAddress.isJudged(key, claims, wire) else { return }
        let addressClass = AddressClass(key.address)
        guard addressClass.verdicts(outsideRoutable: true).contains(.outsideRoutable) else { return }
        var evidence = wire.baseEvidence(wire.domain(key.vlans), claims)
        evidence["registry"] = addressClass.evidence
        evidence["routable"] = RoutableEvidence.of(wire.policy)
        out.append(wire.finding(.outsideRoutableSpace, key, claims.map(\.mac),
                                "on-link host uses an address outside the routable space (--routable)", evidence))
    }
}

/// `unknown-address` from a binding: with `--inventory`, an on-link address no inventory holds.
struct UnknownBindingRule: WireRule {
    static let raises: Set<Rule> = [.unknownAddress]
    static let scopes: Set<Rule.Scope> = [.scan, .probe]
    private let wire: WireState
    init(_ wire: WireState) { self.wire = wire }

    func judge(_ key: BindingKey, _ entry: BindingEntry, claims: [MACClaim], into out: inout [Finding]) {
        guard let known = wire.policy.knownAddresses, !known.contains(key.address), OnLinkAddress.isJudged(key, claims, wire) else { return }
        let domain = wire.domain(key.vlans)
        out.append(UnknownAddressRule.finding(key.address, macs: claims.map(\.mac.description), domains: [domain],
                                              vlan: key.vlans.ids, evidence: wire.baseEvidence(domain, claims)))
    }
}

/// The routable space an `outside-routable-space` finding was judged against, as its evidence lists it.
enum RoutableEvidence {
    static func of(_ policy: ScanPolicy) -> JSONValue {
        .array((policy.routable?.prefixes ?? []).map { .string($0.description) })
    }
}
