import IPCore

/// Where each address sits in the address space:
/// - `unroutable-address` (error): the special-purpose registry says a cluster host cannot
///   use it (loopback, unspecified, link-local, multicast, broadcast, documentation, reserved,
///   IPv4-mapped, ...); "discouraged" space (shared CGNAT, benchmarking, NAT64, 6to4, ...) is
///   reported under the same rule as a warning.
/// - `public-space` (warning): DC/OS defaults in public space (overlay 9.0.0.0/8, VTEP
///   44.128.0.0/20, VIPs 11.0.0.0/8) and other public IPv4 used as an internal address
///   (public agents, Kubernetes nodes' ExternalIPs and services' external and load-balancer
///   addresses may hold public addresses).
/// - `outside-routable-space` (error): not inside the plan's routable space or `--routable`;
///   addresses meant to be reached from outside (Kubernetes ExternalIPs, service external and
///   load-balancer addresses) are not judged when they are public space; in private space
///   (a MetalLB pool, an internal load balancer) they are the plan's like any other.
/// One finding per address and rule, naming every entity there — except where one
/// configuration choice is the cause of many hits: addresses in a DC/OS default range
/// (9.0.0.0/8, 44.128.0.0/20, 11.0.0.0/8), in discouraged space (a pool in 100.64.0.0/10) and
/// addresses of an overlay (a named, routed network) in public space give one warning per
/// (rule, network, registry range), with the count and the first addresses in `evidence`.
/// A 60-agent cluster on the default overlay is one warning, not 180.
enum AddressSpaceRule: AuditRule {
    static let raises: Set<Rule> = [.unroutableAddress, .publicSpace, .outsideRoutableSpace]

    struct Hit {
        var verdict: AddressClass.Verdict
        var addressClass: AddressClass
        var prefix: Bool
        /// One finding for all rows of this network in this registry range.
        var cause = false
        var rule: Rule { verdict.rule.rule }
    }

    /// How many addresses a cause finding lists in `evidence.first_addresses`.
    static let firstAddresses = 10

    static func check(_ c: AuditContext) -> [Finding] {
        let inv = c.inventory
        var routable = IPSetBuilder()
        for p in c.input.topology.routable + c.options.routable { routable.add(p) }
        let routableSet = routable.build()
        let checkRoutable = !routableSet.isEmpty
        // (rule, address text) → rows; insertion order kept for stable evidence.
        var groups: [String: (hit: Hit, address: String, rows: [Int])] = [:]
        var order: [String] = []
        func note(_ hit: Hit, _ text: String, _ i: Int) {
            let row = inv.rows[i]
            var hit = hit
            // One cause: a DC/OS default range, a discouraged range (a pool chosen there), or
            // public space on an overlay. A private node's own public address stays its own.
            switch hit.verdict {
            case .dcosDefault, .discouraged: hit.cause = true
            case .publicIPv4:
                hit.cause = row.network != 0 && !c.hostLocal[Int(row.network)] && inv.label(i, InventoryLabel.vrf) == nil
            case .unroutable, .outsideRoutable: hit.cause = false
            }
            let key = hit.cause ? "\(hit.rule) cause \(row.network) \(hit.addressClass.entry.prefix)" : hit.rule.id + " " + text
            if groups[key] == nil { groups[key] = (hit, text, []); order.append(key) }
            groups[key]!.rows.append(i)
        }
        inv.rows.withUnsafeBufferPointer { rows in
            for i in 0..<rows.count {
                let row = rows[i]
                if !row.live { continue }
                if row.prefixLength >= 0 {
                    let prefix = IPPrefix(masking: row.address, length: Int(row.prefixLength))
                    if checkRoutable && !c.hostLocal[Int(row.network)] && !routableSet.contains(prefix) {
                        note(Hit(verdict: .outsideRoutable, addressClass: AddressClass(prefix), prefix: true), prefix.description, i)
                    }
                    continue
                }
                // Fast path: the bulk of a cluster is plain private space, judged only by the routable space.
                if !row.mappedIPv4, AddressClass.isPlainPrivate(row.address) {
                    // Private space is the plan's to place, even for a load balancer (a MetalLB pool).
                    if checkRoutable && !routableSet.contains(row.address) && !c.hostLocal[Int(row.network)] {
                        note(Hit(verdict: .outsideRoutable, addressClass: AddressClass(row.address), prefix: false),
                             row.address.description, i)
                    }
                    continue
                }
                let classified: IPAddress
                if row.mappedIPv4, case .v4(let a) = row.address { classified = .v6(a.mapped) } else { classified = row.address }
                let addressClass = AddressClass(classified)
                let outside = checkRoutable && !routableSet.contains(row.address)
                for verdict in addressClass.verdicts(outsideRoutable: outside) {
                    switch verdict {
                    case .publicIPv4 where row.role == .publicAgent || inv.isExpectedPublic(i):
                        continue
                    // Host-local networks are never routed; an address meant to be reached from
                    // outside is exempt only in public space: a private external or load-balancer
                    // address (MetalLB, an internal LB) is internal space.
                    case .outsideRoutable where c.hostLocal[Int(row.network)] || (inv.isExpectedPublic(i) && addressClass.isPublic):
                        continue
                    case .outsideRoutable:
                        note(Hit(verdict: verdict, addressClass: addressClass, prefix: false), row.address.description, i)
                    default:
                        note(Hit(verdict: verdict, addressClass: addressClass, prefix: false), classified.description, i)
                    }
                }
            }
        }
        let routableList = c.input.topology.routable + c.options.routable
        var out: [Finding] = []
        for key in order {
            let g = groups[key]!
            // A public agent at the address makes plain public space legitimate for its tasks too.
            if !g.hit.cause, g.hit.verdict == .publicIPv4, g.rows.contains(where: { inv.rows[$0].role == .publicAgent }) { continue }
            if g.hit.cause { out.append(causeFinding(g.hit, g.rows, c)); continue }
            out.append(finding(g.hit, g.address, g.rows, c, routable: routableList))
        }
        return out
    }

    /// One finding for every row a configuration choice put in the same range.
    static func causeFinding(_ hit: Hit, _ rows: [Int], _ c: AuditContext) -> Finding {
        let inv = c.inventory, e = hit.addressClass.entry
        var addresses: [String] = [], seen = Set<IPAddress>()
        for i in rows where seen.insert(inv.rows[i].address).inserted { addresses.append(inv.rows[i].address.description) }
        let network = c.network(rows[0])
        let place = network.map { "on network \($0)" } ?? "in the underlay"
        let count = addresses.count, plural = count == 1 ? "" : "es"
        let names = Array(Set(rows.map { inv.name($0) })).sorted()
        let evidence: [String: JSONValue] = [
            "count": .int(count), "record_count": .int(rows.count), "entity_count": .int(names.count),
            "first_addresses": .array(addresses.prefix(firstAddresses).map { .string($0) }),
            "records": .array(rows.prefix(20).map(c.evidence)), "routing_domain": .string(network ?? "underlay"),
            "registry": hit.addressClass.evidence,
        ]
        let range: String
        switch hit.verdict {
        case .dcosDefault: range = "in \(e.prefix) (\(e.name)), public space used internally by DC/OS default"
        case .publicIPv4: range = "in public address space, used as internal addresses"
        default: range = "in \(e.prefix), \(e.name) (\(e.rfc)): discouraged for cluster hosts"
        }
        let first = addresses.prefix(3).joined(separator: ", ") + (count > 3 ? ", ..." : "")
        return Finding(rule: hit.rule, because: hit.verdict.rule.reason, address: e.prefix.length == 0 ? nil : e.prefix.description,
                       entities: Array(names.prefix(20)), zone: c.commonZone(rows),
                       message: "\(count) address\(plural) \(place) \(count == 1 ? "is" : "are") \(range): \(first)",
                       evidence: evidence)
    }

    static func finding(_ hit: Hit, _ address: String, _ rows: [Int], _ c: AuditContext, routable: [IPPrefix]) -> Finding {
        let names = Array(Set(rows.map { c.inventory.name($0) })).sorted()
        var evidence: [String: JSONValue] = ["records": .array(rows.prefix(20).map(c.evidence)), "record_count": .int(rows.count),
                                             "registry": hit.addressClass.evidence]
        let e = hit.addressClass.entry
        let message: String
        switch hit.verdict {
        case .dcosDefault:
            message = "\(address) is in \(e.prefix) (\(e.name)), public space used internally by DC/OS default"
        case .publicIPv4:
            message = "\(address) is public address space used as an internal address"
        case .discouraged:
            message = "\(address) is in \(e.prefix), \(e.name) (\(e.rfc)): discouraged for cluster hosts"
        case .unroutable:
            message = "\(address) cannot be a cluster host address: \(e.prefix) is \(e.name) (\(e.rfc))"
        case .outsideRoutable:
            evidence["routable"] = .array(routable.map { .string($0.description) })
            message = "\(address) is outside the routable space (\(routable.map(\.description).joined(separator: ", ")))"
        }
        return Finding(rule: hit.rule, because: hit.verdict.rule.reason, address: address, entities: names, zone: c.commonZone(rows),
                       message: message, evidence: evidence)
    }
}
