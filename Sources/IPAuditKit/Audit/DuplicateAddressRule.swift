import IPCore

/// `duplicate-address`: one address held by two or more distinct entities in one routing domain.
///
/// Not duplicates: shared roles (vip, anycast, vrrp), except a Kubernetes Service's ClusterIP,
/// which the API server's allocator gives to one Service only; host-networked tasks on their own
/// agent's address; host-local bridge networks; history (terminal tasks, reserved rows);
/// allow-listed (address, entities) pairs, which become `allow-listed` info findings.
///
/// Who is one entity: within a source, rows of one name (a NetBox device or VM, a Mesos
/// agent and the tasks in its host networking); a row that names no entity (label
/// `unassigned`) is always an entity of its own. Kubernetes rows are one entity when cluster
/// and name agree (`kube-system/coredns-1` of two clusters are two pods); a pod with its own
/// address never merges with another source's row (it is no machine). Across sources, other
/// rows are merged when their roles agree (or one is `other`, as in NetBox; a host-networked
/// task stands for its agent), unless both carry a MAC and the MACs differ.
enum DuplicateAddressRule: AuditRule {
    static let raises: Set<Rule> = [.duplicateAddress, .allowListed]

    static func check(_ c: AuditContext) -> [Finding] {
        let inv = c.inventory
        var index = AddressIndex(rows: inv.count)
        inv.rows.withUnsafeBufferPointer { rows in
            for i in 0..<rows.count {
                let row = rows[i]
                if row.prefixLength >= 0 || !row.live || c.hostLocal[Int(row.network)] { continue }
                if row.role.isShared && !inv.isClusterIP(i) { continue }
                if isLinkLocal(row.address) { continue }
                let domain = row.network << 1 | (row.address.family == 6 ? 1 : 0)
                index.insert(row: i, bits: row.address.widened, domain: domain)
            }
        }
        var findings: [Finding] = []
        for head in index.repeatedHeads {
            let rows = Array(index.chain(from: head).reversed())  // oldest first
            if let f = finding(rows, c) { findings.append(f) }
        }
        findings += wireDuplicates(c)
        return findings
    }

    static func finding(_ rows: [Int], _ c: AuditContext) -> Finding? {
        let inv = c.inventory
        let address = inv.rows[rows[0]].address
        let text = address.description
        // Host-networked tasks share their agent's address by design. A Kubernetes pod does so
        // only in host networking: a routed pod given its own node's address is a duplicate.
        let holders = rows.filter { i in
            let row = inv.rows[i]
            let onItsHost = row.role == .app && row.host.count != 0 && inv.string(row.host) == text
            return !(onItsHost && (inv.label(i, InventoryLabel.cluster) == nil || inv.isHostNetwork(i)))
        }
        // `sameEntity` is not transitive across sources (a Mesos agent "is" any NetBox device of
        // role other at its address): a row joins a group only if no member from its own source
        // is a different entity, so two NetBox devices never merge through a third source's
        // row, whatever order the files came in.
        var entities: [[Int]] = []
        for i in holders {
            let source = inv.rows[i].source
            if let e = entities.firstIndex(where: { g in
                g.contains { sameEntity(i, $0, inv) } && !g.contains { inv.rows[$0].source == source && !sameEntity(i, $0, inv) }
            }) {
                entities[e].append(i)
            } else {
                entities.append([i])
            }
        }
        guard entities.count >= 2 else { return nil }
        let names = entities.map { inv.entityName($0[0]) }
        let network = c.network(rows[0])
        let domain = network.map { "network \($0)" } ?? "the underlay"
        var evidence: [String: JSONValue] = ["records": .array(rows.map(c.evidence)), "routing_domain": .string(network ?? "underlay")]
        if let entry = c.options.allowList.match(address, entities: names) {
            evidence["reason"] = .string(entry.reason)
            return Finding(rule: Rule.allowListed, address: text, entities: names, zone: c.commonZone(rows),
                           message: "\(text) is shared by \(names.count) entities in \(domain), allow-listed: \(entry.reason)",
                           evidence: evidence)
        }
        return Finding(rule: Rule.duplicateAddress, address: text, entities: names, zone: c.commonZone(rows),
                       message: "\(text) is held by \(names.count) distinct entities in \(domain)\(unassignedNote(entities, inv))",
                       evidence: evidence)
    }

    /// Names of unassigned records are only their DNS name or address: say what they are.
    static func unassignedNote(_ entities: [[Int]], _ inv: Inventory) -> String {
        let n = entities.filter { inv.isUnassigned($0[0]) }.count
        return n == 0 ? "" : " (\(n) of them record\(n == 1 ? "" : "s") assigned to no device, VM or name)"
    }

    static func sameEntity(_ a: Int, _ b: Int, _ inv: Inventory) -> Bool {
        let ra = inv.rows[a], rb = inv.rows[b]
        // Kubernetes names are unique within a cluster, whatever file or source told them:
        // one cluster and one name is one node (its host-network pods included) or one pod.
        if let ca = inv.label(a, InventoryLabel.cluster), let cb = inv.label(b, InventoryLabel.cluster) {
            return ca == cb && inv.name(a) == inv.name(b)
        }
        // A pod with its own address is a workload, not a machine: whatever another source
        // (NetBox, a CSV) lists at its address, even with role other, is someone else.
        if inv.isOwnAddressPod(a) || inv.isOwnAddressPod(b) { return false }
        if ra.source == rb.source {
            if inv.isUnassigned(a) || inv.isUnassigned(b) { return false }
            guard inv.name(a) == inv.name(b) else { return false }
            // Same name, two objects (two sites' "r1", a device and a VM "web1"): two machines.
            if let ida = inv.label(a, InventoryLabel.entityID), let idb = inv.label(b, InventoryLabel.entityID) { return ida == idb }
            return true
        }
        // Two sources giving one address two different MACs (a DHCP lease beside a static
        // record) describe two network cards: two machines, whatever their roles.
        if ra.mac.count != 0, rb.mac.count != 0, macKey(inv.string(ra.mac)) != macKey(inv.string(rb.mac)) { return false }
        // A task in host networking is its agent: it matches the node the other source lists.
        let roleA = inv.isHostNetwork(a) ? InventoryRole.agent : ra.role
        let roleB = inv.isHostNetwork(b) ? InventoryRole.agent : rb.role
        if inv.isHostNetwork(a) && roleB.isNode || inv.isHostNetwork(b) && roleA.isNode { return true }
        return roleA == roleB || roleA == .other || roleB == .other
    }

    /// Link-local addresses (169.254/16, fe80::/10) are unique only on their own link, and an
    /// inventory does not say which link an interface is on: two routers' point-to-point
    /// interfaces may both be 169.254.1.1 (NetBox lists such peering links). `unroutable-address`
    /// names every one already; a real conflict is the wire's to see, on its link.
    static func isLinkLocal(_ address: IPAddress) -> Bool {
        switch address {
        case .v4(let a): a.bits >> 16 == 0xA9FE
        case .v6(let a): a.bits >> 118 == 0x3FA
        }
    }

    /// A MAC as one spelling (`AA-BB-...` and `aa:bb:...` are one card).
    static func macKey(_ text: String) -> String { MACAddress(text)?.description ?? text.lowercased() }

    /// The same address answered by different MACs, seen from different L2 domains (agents).
    /// An address the wire's verdict engine judged on its link (stored verdicts) is left to it.
    static func wireDuplicates(_ c: AuditContext) -> [Finding] {
        var shared = Set<IPAddress>()
        for row in c.inventory.rows where row.role.isShared && row.prefixLength < 0 { shared.insert(row.address) }
        shared.formUnion(StoredVerdictRule.judgedAddresses(c.verdicts))
        var out: [Finding] = []
        for group in c.wire.groups where group.range.count >= 2 && !shared.contains(group.address) {
            let list = c.wire.members(group)
            let macs = Set(list.map(\.mac.description)), domains = Set(list.map(\.domain))
            guard macs.count >= 2, domains.count >= 2 else { continue }
            let address = group.address, text = address.description
            let entities = domains.sorted()
            let evidence: [String: JSONValue] = [
                // Fully ordered (a mapped and a plain form can share domain and MAC), so the
                // evidence does not depend on the order the store returned the rows in.
                "seen": .array(list.sorted { ($0.domain, $0.mac, $0.address, $0.frames) < ($1.domain, $1.mac, $1.address, $1.frames) }.map {
                    .object(["domain": .string($0.domain), "mac": .string($0.mac.description), "frames": .int($0.frames),
                             "last_seen": .double($0.lastSeen)])
                }),
            ]
            if let entry = c.options.allowList.match(address, entities: entities)
                ?? c.options.allowList.match(address, entities: macs.sorted()) {
                out.append(Finding(rule: Rule.allowListed, address: text, entities: entities,
                                   message: "\(text) answers with \(macs.count) MACs, allow-listed: \(entry.reason)",
                                   evidence: evidence, macs: macs.sorted()))
                continue
            }
            out.append(Finding(rule: Rule.duplicateAddress, address: text, entities: entities,
                               message: "\(text) answers with \(macs.count) different MACs seen from \(domains.count) domains",
                               evidence: evidence, macs: macs.sorted()))
        }
        return out
    }
}
