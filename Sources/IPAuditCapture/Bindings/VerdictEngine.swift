import IPAuditKit
import IPCore

/// Turns the bindings of a capture into findings: one per (domain, address, MAC set), never one
/// per packet. Multi-MAC patterns that are not conflicts get their own rule and a reason.
struct VerdictEngine {
    let policy: ScanPolicy
    let domainBase: String

    private struct MACInDomain: Hashable {
        var vlans: VLANStack
        var mac: MACAddress
    }

    private struct MACSetInDomain: Hashable {
        var vlans: VLANStack
        var macs: [MACAddress]
    }

    func findings(for entries: [BindingKey: BindingEntry]) -> [Finding] {
        // Cross-address facts first: how many addresses each MAC answers for alone, which MAC
        // sets claim several addresses at once (flux), and which MACs probe many in-use addresses.
        // Sole owners as a flat array, counted after sorting: a million single-owner addresses
        // (one MAC each) must not become a million-entry dictionary.
        var soleOwners: [MACInDomain] = []
        var concurrentSets: [MACSetInDomain: [IPAddress]] = [:]
        var sharedIPv6: Set<MACSetInDomain> = []
        var inUseProbes: [MACInDomain: Int] = [:]
        for (key, entry) in entries {
            let claims = entry.claims
            if claims.count == 1, entry.overflowMACs == 0 {
                soleOwners.append(MACInDomain(vlans: key.vlans, mac: claims[0].mac))
            } else if claims.count >= 2, key.address.family == 4, Self.isConcurrent(claims, grace: policy.moveGrace) {
                // Flux is ARP's (Linux answers for any local address on any interface); NDP is
                // answered by the interface holding the address only. A MAC pair sharing an IPv4
                // and an IPv6 address is two hosts with both addresses: a duplicate, twice.
                concurrentSets[MACSetInDomain(vlans: key.vlans, macs: claims.map(\.mac).sorted()), default: []].append(key.address)
            } else if claims.count >= 2, Self.isConcurrent(claims, grace: policy.moveGrace) {
                sharedIPv6.insert(MACSetInDomain(vlans: key.vlans, macs: claims.map(\.mac).sorted()))
            }
            for p in probesForAddressInUse(entry) { inUseProbes[MACInDomain(vlans: key.vlans, mac: p.mac), default: 0] += 1 }
        }

        let sweepers = Set(inUseProbes.filter { $0.value >= policy.probeSweepThreshold }.keys)
        let servicesAnswered = Self.linkLocalServiceAnswerers(entries)
        var out: [Finding] = []
        for (key, entry) in entries {
            let claims = entry.claims.sorted { $0.firstSeen < $1.firstSeen }
            if claims.count >= 2 {
                let set = MACSetInDomain(vlans: key.vlans, macs: claims.map(\.mac).sorted())
                // A pair that also shares an IPv6 address is two hosts (a clone): no flux for its IPv4 ones either.
                let fluxPartners = key.address.family == 4 && !sharedIPv6.contains(set)
                    ? (concurrentSets[set] ?? []).filter { $0 != key.address } : []
                out.append(multiMACFinding(key, entry, claims, fluxPartners: fluxPartners))
            }
            let attempts = probesForAddressInUse(entry).filter { !sweepers.contains(MACInDomain(vlans: key.vlans, mac: $0.mac)) }
            if !attempts.isEmpty { out.append(attemptFinding(key, claims, attempts)) }
            if !claims.isEmpty, !Self.isLinkLocalService(key, claims, answerers: servicesAnswered) {
                out += addressClassFindings(key, claims)
            }
        }
        let proxies = Self.frequent(consume soleOwners, atLeast: policy.proxyARPThreshold)
        if !proxies.isEmpty {
            var addresses: [MACInDomain: [IPAddress]] = [:]
            for (key, entry) in entries where entry.others.isEmpty && entry.overflowMACs == 0 {
                guard let owner = entry.primary?.mac, proxies.contains(MACInDomain(vlans: key.vlans, mac: owner)) else { continue }
                addresses[MACInDomain(vlans: key.vlans, mac: owner), default: []].append(key.address)
            }
            for (owner, list) in addresses { out.append(proxyFinding(owner.vlans, owner.mac, list.sorted())) }
        }
        return out
    }

    /// The values occurring at least `threshold` times.
    private static func frequent(_ values: [MACInDomain], atLeast threshold: Int) -> Set<MACInDomain> {
        var sorted = values
        sorted.sort { ($0.vlans.packed, $0.vlans.count, $0.mac.bits) < ($1.vlans.packed, $1.vlans.count, $1.mac.bits) }
        var out = Set<MACInDomain>()
        var start = 0
        while start < sorted.count {
            var end = start + 1
            while end < sorted.count, sorted[end] == sorted[start] { end += 1 }
            if end - start >= threshold { out.insert(sorted[start]) }
            start = end
        }
        return out
    }

    // MARK: multi-MAC verdicts

    static func isConcurrent(_ claims: [MACClaim], grace: Double) -> Bool {
        for i in claims.indices { for j in claims.indices where j > i && claims[i].overlaps(claims[j], grace: grace) { return true } }
        return false
    }

    private func multiMACFinding(_ key: BindingKey, _ entry: BindingEntry, _ claims: [MACClaim], fluxPartners: [IPAddress]) -> Finding {
        let macs = claims.map(\.mac)
        let domain = domainBase + key.vlans.description
        var evidence = baseEvidence(domain, claims)
        if entry.overflowMACs > 0 { evidence["overflow_macs"] = .int(entry.overflowMACs) }
        let concurrent = Self.isConcurrent(claims, grace: policy.moveGrace)
        evidence["concurrent"] = .bool(concurrent)
        let list = claims.map { "\($0.mac) (\($0.frames) frame\($0.frames == 1 ? "" : "s"))" }.joined(separator: ", ")

        if entry.overflowMACs == 0, let allowed = policy.allowList.match(key.address, entities: macs.map(\.description)) {
            evidence["reason"] = .string(allowed.reason)
            return finding(Rule.allowListed, .info, key, macs, "allow-listed (\(allowed.reason)): claimed by \(list)", evidence)
        }
        let virtual = macs.compactMap { FHRP(mac: $0) }
        if virtual.count == macs.count {
            let kinds = Set(virtual.map(\.rawValue)).sorted().joined(separator: ", ")
            evidence["reason"] = "only first-hop redundancy virtual MACs claim it"
            return finding(Rule.fhrpVirtualMAC, .info, key, macs,
                           "virtual IP answered by \(kinds) virtual MACs \(list): a first-hop redundancy VIP, not a conflict", evidence)
        }
        if !concurrent {
            let moves = zip(claims, claims.dropFirst()).map { "\($0.mac) → \($1.mac)" }.joined(separator: ", ")
            evidence["reason"] = .string("claims do not overlap in time: each MAC fell silent more than \(Self.seconds(policy.moveGrace)) (--move-grace) before the next took over")
            return finding(Rule.addressMoved, .info, key, macs,
                           "moved \(moves) (failover, NIC swap or re-created VM); the old MAC fell silent", evidence)
        }
        if !fluxPartners.isEmpty, virtual.isEmpty {
            evidence["reason"] = "the same MACs answer for other addresses too: one multi-homed host (arp_ignore=0)"
            evidence["flux_addresses"] = .array(fluxPartners.sorted().map { .string($0.description) })
            return finding(Rule.arpFlux, .info, key, macs,
                           "ARP flux: \(list) also both answer for \(fluxPartners.sorted().map(\.description).joined(separator: ", "))", evidence)
        }
        evidence["reason"] = virtual.isEmpty
            ? .string("two or more MACs claim the address in overlapping periods (or within \(Self.seconds(policy.moveGrace)) of each other, --move-grace)")
            : "a non-virtual MAC claims an address served by a first-hop redundancy virtual MAC"
        return finding(Rule.duplicateAddress, .error, key, macs,
                       "claimed by \(macs.count) MACs at the same time: \(list)", evidence)
    }

    /// Probes (ARP with sender 0.0.0.0, DAD) from a MAC that is not a claimant, while another MAC
    /// held the address: recently before, or defending it right after.
    private func probesForAddressInUse(_ entry: BindingEntry) -> [ProbeRecord] {
        let claims = entry.claims
        return entry.probes.filter { p in
            !claims.contains { $0.mac == p.mac }
                && claims.contains { c in
                    c.firstSeen <= p.time + policy.defenceWindow && c.lastSeen >= p.time - policy.inUseWindow
                }
        }
    }

    private func attemptFinding(_ key: BindingKey, _ claims: [MACClaim], _ probes: [ProbeRecord]) -> Finding {
        let domain = domainBase + key.vlans.description
        var evidence = baseEvidence(domain, claims)
        evidence["probes"] = .array(probes.map { .object(["mac": .string($0.mac.description), "time": .double($0.time), "frame": .int($0.frame)]) })
        evidence["reason"] = "a new MAC probed for an address in use (RFC 5227 / DAD) and did not take it"
        let probers = probes.map(\.mac)
        let owners = claims.map(\.mac)
        return finding(Rule.duplicateAttempt, .warning, key, owners + probers,
                       "\(probers.map(\.description).joined(separator: ", ")) probed for it while \(owners.map(\.description).joined(separator: ", ")) held it",
                       evidence)
    }

    private func proxyFinding(_ vlans: VLANStack, _ mac: MACAddress, _ addresses: [IPAddress]) -> Finding {
        let domain = domainBase + vlans.description
        let evidence: [String: JSONValue] = [
            "domain": .string(domain), "address_count": .int(addresses.count),
            "addresses": .array(addresses.prefix(32).map { .string($0.description) }),
            "reason": "one MAC answers for many addresses that no other MAC claims: proxy ARP, ARP suppression or ipvlan",
        ]
        return Finding(rule: Rule.proxyARP, severity: .info, address: nil, entities: [domain],
                       message: "\(mac) answers for \(addresses.count) addresses nobody else claims (proxy ARP or ARP suppression), e.g. \(addresses.prefix(3).map(\.description).joined(separator: ", "))",
                       evidence: evidence, macs: [mac.description], vlan: vlans.ids)
    }

    // MARK: address class

    /// IPv4 link-local (169.254/16) claimed on a cluster link means an APIPA host, one that got
    /// no DHCP lease: unless every MAC claiming it also holds an ordinary address on the link.
    /// Then it is a service answered by a real node or the gateway (cloud metadata at
    /// 169.254.169.254 by proxy ARP, NodeLocal DNS, Calico's 169.254.1.1), not a lost host.
    private static func linkLocalServiceAnswerers(_ entries: [BindingKey: BindingEntry]) -> Set<MACInDomain> {
        guard entries.keys.contains(where: isIPv4LinkLocal) else { return [] }
        var answerers = Set<MACInDomain>()
        for (key, entry) in entries where !isIPv4LinkLocal(key) {
            for claim in entry.claims { answerers.insert(MACInDomain(vlans: key.vlans, mac: claim.mac)) }
        }
        return answerers
    }

    private static func isIPv4LinkLocal(_ key: BindingKey) -> Bool {
        if case .v4(let a) = key.address { a.bits >> 16 == 0xa9fe } else { false }
    }

    private static func isLinkLocalService(_ key: BindingKey, _ claims: [MACClaim], answerers: Set<MACInDomain>) -> Bool {
        isIPv4LinkLocal(key) && claims.allSatisfy { answerers.contains(MACInDomain(vlans: key.vlans, mac: $0.mac)) }
    }

    /// Bound (on-link) addresses judged against the special-purpose registry and `--routable`.
    private func addressClassFindings(_ key: BindingKey, _ claims: [MACClaim]) -> [Finding] {
        guard !OnLinkSourceCheck.isLinkLocal(key.address) else { return [] }
        let domain = domainBase + key.vlans.description
        let macs = claims.map(\.mac)
        var out: [Finding] = []
        let entry = SpecialPurposeRegistry.classify(key.address)
        if entry.hostUse == .unroutable {
            var evidence = baseEvidence(domain, claims)
            evidence["class"] = .string(entry.className)
            evidence["rfc"] = .string(entry.rfc)
            out.append(finding(Rule.unroutableAddress, .error, key, macs,
                               "on-link host uses \(entry.name) (\(entry.prefix), \(entry.rfc)) address", evidence))
        } else if let routable = policy.routable, !routable.contains(key.address) {
            out.append(finding(Rule.outsideRoutableSpace, Rule.outsideRoutableSpace.defaultSeverity, key, macs,
                               "on-link host uses an address outside the routable space (--routable)",
                               baseEvidence(domain, claims)))
        }
        if let known = policy.knownAddresses, !known.contains(key.address) {
            out.append(UnknownAddressRule.finding(key.address, macs: macs.map(\.description), domains: [domain],
                                                  vlan: key.vlans.ids, evidence: baseEvidence(domain, claims)))
        }
        return out
    }

    func unroutableSourceFindings(_ records: [BindingKey: SourceRecord], bound: [BindingKey: BindingEntry]) -> [Finding] {
        records.compactMap { key, r in
            if bound[key]?.primary != nil { return nil }   // already reported from its binding
            let entry = SpecialPurposeRegistry.classify(key.address)
            let domain = domainBase + key.vlans.description
            let unspecified = key.address == .v4(IPv4Address(bits: 0))
            return Finding(rule: Rule.unroutableAddress, severity: .error, address: key.address.description, entities: [domain],
                           message: unspecified
                               ? "0.0.0.0 source that is neither a DHCP client nor IGMP: no host may send it, and routers do not forward it"
                               : "\(entry.name) (\(entry.prefix)) source on the wire: routers do not forward it, so an on-link host sent it",
                           evidence: ["domain": .string(domain), "class": .string(entry.className), "rfc": .string(entry.rfc),
                                      "first_seen": .double(r.firstSeen), "last_seen": .double(r.lastSeen),
                                      "frames": .int(r.frames), "example_frames": .array(r.examples.map { .int($0) })],
                           macs: r.macs.map(\.description), vlan: key.vlans.ids)
        }
    }

    func mismatchFindings(_ records: [MismatchKey: SourceRecord]) -> [Finding] {
        records.map { key, r in
            let domain = domainBase + key.vlans.description
            return Finding(rule: Rule.macMismatch, severity: .warning, address: key.address.description, entities: [domain],
                           message: "ARP sender hardware address \(key.senderMAC) differs from the Ethernet source \(key.linkSource) (MAC-NAT bridge, broken probe or spoofing); not used as a binding",
                           evidence: ["domain": .string(domain), "ethernet_source": .string(key.linkSource.description),
                                      "sender_mac": .string(key.senderMAC.description),
                                      "first_seen": .double(r.firstSeen), "last_seen": .double(r.lastSeen),
                                      "frames": .int(r.frames), "example_frames": .array(r.examples.map { .int($0) })],
                           macs: [key.linkSource.description, key.senderMAC.description], vlan: key.vlans.ids)
        }
    }

    // MARK: helpers

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }

    private func baseEvidence(_ domain: String, _ claims: [MACClaim]) -> [String: JSONValue] {
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

    private func finding(_ rule: Rule, _ severity: Severity, _ key: BindingKey, _ macs: [MACAddress],
                         _ message: String, _ evidence: [String: JSONValue]) -> Finding {
        let domain = domainBase + key.vlans.description
        return Finding(rule: rule, severity: severity, address: key.address.description, entities: [domain],
                       message: message, evidence: evidence, macs: macs.map(\.description), vlan: key.vlans.ids)
    }
}
