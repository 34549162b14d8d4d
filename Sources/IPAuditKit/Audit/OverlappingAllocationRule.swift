import IPCore

/// `overlapping-allocation`: two subnets or allocations overlap where they must not.
///
/// Prefixes either nest or are disjoint, so every overlap is a nesting; it is wrong when the
/// two sit in different routing domains (overlay vs underlay, two overlays), in different
/// zones, regions or racks, or are the same prefix given to two different roles. Nesting in
/// the same place (a zone block inside its region's block, an agent slice inside its
/// overlay) is the plan working as meant. A NetBox VRF is its own routing domain, never an
/// overlay of the cluster: its prefixes may reuse any other domain's space. So is a
/// Kubernetes cluster's overlay pod network towards other overlays (two clusters may both use
/// 10.244.0.0/16), but not towards the underlay its nodes route. Two nodes' pod CIDRs nested
/// in each other are one range given twice. Also: a node's underlay address inside an overlay
/// subnet, and a node or service address inside a Kubernetes node's pod CIDR (its pods' traffic
/// to that address stays on the node).
enum OverlappingAllocationRule: AuditRule {
    static let raises: Set<Rule> = [.overlappingAllocation]

    struct Item {
        var prefix: IPPrefix
        var name: String
        var kind: String
        var network: String?
        var region: String?
        var zone: String?
        var rack: String?
        var role: String?
        /// A NetBox VRF prefix: its own routing domain, never an overlay of the cluster.
        var vrf = false
        /// A Kubernetes cluster's pod network (an overlay): isolated from other overlays.
        var clusterPrivate = false
        /// For a node's pod CIDR: the node (its address) that owns it.
        var owner: String?
    }

    static let podCIDRKind = "pod-cidr"
    /// An address manager's pool (Calico, Cilium, Whereabouts, MetalLB): pools of one domain never overlap.
    static let poolKind = "ipam-pool"

    static func check(_ c: AuditContext) -> [Finding] {
        var items: [Item] = []
        // Pools hold everything of their domain by definition: only the blocks carved from them count.
        for b in c.input.topology.blocks {
            items.append(Item(prefix: b.prefix, name: b.name, kind: b.kind, network: b.network, region: b.region,
                              zone: b.zone, rack: b.rack, role: b.role))
        }
        let inv = c.inventory
        for i in 0..<inv.count where inv.rows[i].prefixLength >= 0 && inv.rows[i].live {
            let row = inv.rows[i]
            let podCIDR = inv.isPodCIDR(i)
            let pool = inv.label(i, InventoryLabel.ipamPool) != nil
            items.append(Item(prefix: IPPrefix(masking: row.address, length: Int(row.prefixLength)),
                              name: "\(inv.name(i)) [\(inv.location(i))]", kind: podCIDR ? podCIDRKind : pool ? poolKind : "prefix",
                              network: inv.optional(row.network),
                              region: inv.optional(row.region), zone: inv.optional(row.zone), rack: inv.optional(row.rack),
                              role: inv.labels[i]?["role"], vrf: inv.label(i, InventoryLabel.vrf) != nil,
                              clusterPrivate: podCIDR && row.network != 0, owner: podCIDR ? inv.optional(row.host) : nil))
        }
        var out: [Finding] = []
        if items.count >= 2 {
            items.sort { $0.prefix.first != $1.prefix.first ? $0.prefix.first < $1.prefix.first : $0.prefix.length < $1.prefix.length }
            var stack: [Int] = []
            var seen = Set<[String]>()
            for k in items.indices {
                while let top = stack.last, !items[top].prefix.contains(items[k].prefix) { stack.removeLast() }
                for outer in stack {
                    guard let why = conflict(items[outer], items[k]) else { continue }
                    let key = [items[outer].prefix.description, items[outer].name, items[k].prefix.description, items[k].name]
                    if !seen.insert(key).inserted { continue }
                    out.append(finding(items[outer], items[k], why))
                }
                stack.append(k)
            }
        }
        out += nodesInOverlay(c, items.filter { $0.network != nil && !$0.vrf && $0.kind != podCIDRKind && !c.hostLocalName($0.network!) })
        out += inPodCIDRs(c)
        return out
    }

    /// Why `inner` (inside `outer`) must not be there, or nil when the nesting is fine.
    static func conflict(_ outer: Item, _ inner: Item) -> String? {
        if (outer.network ?? "") != (inner.network ?? "") {
            // A NetBox VRF is an isolated table: reusing another domain's space is its purpose.
            if outer.vrf || inner.vrf { return nil }
            // One cluster's pod overlay never meets another overlay; it meets the underlay on every node.
            if (outer.clusterPrivate && inner.network != nil) || (inner.clusterPrivate && outer.network != nil) { return nil }
            return "routing domains differ: \(outer.network ?? "underlay") vs \(inner.network ?? "underlay")"
        }
        if outer.kind == podCIDRKind && inner.kind == podCIDRKind && outer.owner != inner.owner {
            return "two nodes' pod CIDRs overlap"
        }
        // One pool listed twice (two sources, one object applied twice) has one name.
        if outer.kind == poolKind && inner.kind == poolKind && poolName(outer) != poolName(inner) {
            return "two address pools overlap"
        }
        if let a = outer.region, let b = inner.region, a != b { return "regions differ: \(a) vs \(b)" }
        if let a = outer.zone, let b = inner.zone, a != b { return "zones differ: \(a) vs \(b)" }
        if let a = outer.rack, let b = inner.rack, a != b { return "racks differ: \(a) vs \(b)" }
        if outer.prefix == inner.prefix, let a = outer.role, let b = inner.role, a != b {
            return "the same prefix has two roles: \(a) and \(b)"
        }
        // The same block seen twice (pinned in the plan and allocated in the store) is one block.
        if outer.prefix == inner.prefix && outer.region == inner.region && outer.zone == inner.zone
            && outer.rack == inner.rack && outer.role == inner.role { return nil }
        // Two role subnets (or agent slices) nested in each other: one block handed out twice.
        if outer.kind == inner.kind, ["role", "agent"].contains(outer.kind), outer.name != inner.name {
            return "two \(outer.kind) allocations overlap"
        }
        return nil
    }

    /// A pool's name without its location (`name [file at path]`).
    static func poolName(_ item: Item) -> Substring {
        item.name.split(separator: " [", maxSplits: 1).first ?? Substring(item.name)
    }

    static func finding(_ outer: Item, _ inner: Item, _ why: String) -> Finding {
        Finding(rule: Rule.overlappingAllocation, address: inner.prefix.description,
                entities: [outer.name, inner.name], zone: inner.zone ?? outer.zone,
                message: "\(inner.prefix) (\(inner.name)) overlaps \(outer.prefix) (\(outer.name)): \(why)",
                evidence: ["outer": describe(outer), "inner": describe(inner), "reason": .string(why)])
    }

    static func describe(_ i: Item) -> JSONValue {
        var o: [String: JSONValue] = ["prefix": .string(i.prefix.description), "name": .string(i.name), "kind": .string(i.kind),
                                      "network": .string(i.network ?? "underlay")]
        if let r = i.region { o["region"] = .string(r) }
        if let z = i.zone { o["zone"] = .string(z) }
        if let k = i.rack { o["rack"] = .string(k) }
        if let r = i.role { o["role"] = .string(r) }
        return .object(o)
    }

    /// Masters and agents are underlay hosts: their address inside an overlay subnet collides
    /// with the overlay's routes.
    static func nodesInOverlay(_ c: AuditContext, _ overlays: [Item]) -> [Finding] {
        guard !overlays.isEmpty else { return [] }
        let table = FamilyPrefixTable(overlays.map(\.prefix))
        let inv = c.inventory
        var out: [Finding] = []
        for i in 0..<inv.count {
            let row = inv.rows[i]
            guard row.live, row.prefixLength < 0, row.role.isNode, row.network == 0 else { continue }
            guard let hit = table.lookup(row.address) else { continue }
            let o = overlays[hit]
            out.append(Finding(rule: Rule.overlappingAllocation, address: row.address.description,
                               entities: [inv.name(i), o.name], zone: inv.zone(i),
                               message: "\(row.role) \(inv.name(i)) has underlay address \(row.address) inside overlay \(o.network!) subnet \(o.prefix)",
                               evidence: ["record": c.evidence(i), "overlay": describe(o)]))
        }
        return out
    }
}

extension OverlappingAllocationRule {
    /// Node and service addresses inside a Kubernetes node's pod CIDR: the node routes the CIDR
    /// to its own pods, so that address is unreachable from them. Nodes are judged in the
    /// underlay; cluster IPs against their own cluster's pod CIDRs, on an overlay or routed
    /// (kube-proxy takes the address before any route does); external and load-balancer
    /// addresses in the underlay. A node's own address in its own pod CIDR is no exception.
    /// One finding per address, pod CIDR and cluster, however many sources list the pair (a
    /// file audited with the store that already holds it).
    static func inPodCIDRs(_ c: AuditContext) -> [Finding] {
        let inv = c.inventory
        // One longest-prefix table per cluster: two clusters may carve the same pod CIDRs.
        var clusters: [(name: String?, rows: [Int])] = []
        for i in 0..<inv.count where inv.rows[i].prefixLength >= 0 && inv.rows[i].live && inv.isPodCIDR(i) {
            let name = inv.label(i, InventoryLabel.cluster)
            if let k = clusters.firstIndex(where: { $0.name == name }) { clusters[k].rows.append(i) } else { clusters.append((name, [i])) }
        }
        guard !clusters.isEmpty else { return [] }
        let tables = clusters.map { cluster in
            FamilyPrefixTable(cluster.rows.map { IPPrefix(masking: inv.rows[$0].address, length: Int(inv.rows[$0].prefixLength)) })
        }
        var out: [Finding] = []
        var reported = Set<String>()
        for i in 0..<inv.count {
            let row = inv.rows[i]
            guard row.live, row.prefixLength < 0 else { continue }
            let isNode = row.role.isNode && row.network == 0
            guard isNode || (row.role == .vip && inv.label(i, InventoryLabel.kubernetesKind) == "Service") else { continue }
            let cluster = inv.label(i, InventoryLabel.cluster)
            for (k, table) in tables.enumerated() {
                // A cluster IP is only ever answered inside its own cluster.
                guard row.network == 0 || clusters[k].name == cluster, let hit = table.lookup(row.address) else { continue }
                let cidr = clusters[k].rows[hit]
                let prefix = IPPrefix(masking: inv.rows[cidr].address, length: Int(inv.rows[cidr].prefixLength))
                guard reported.insert("\(row.address) \(row.network) \(prefix) \(clusters[k].name ?? "")").inserted else { continue }
                let what = isNode ? "\(row.role) \(inv.entityName(i))" : "service \(inv.entityName(i))"
                out.append(Finding(rule: Rule.overlappingAllocation, address: row.address.description,
                                   entities: [inv.entityName(i), inv.entityName(cidr)], zone: inv.zone(i) ?? inv.zone(cidr),
                                   message: "\(what) has address \(row.address) inside \(prefix), the \(inv.entityName(cidr))",
                                   evidence: ["record": c.evidence(i), "pod_cidr": c.evidence(cidr), "prefix": .string(prefix.description)]))
            }
        }
        return out
    }
}

extension AuditContext {
    func hostLocalName(_ name: String) -> Bool { HostLocalNetworks.names.contains(name.lowercased()) }
}
