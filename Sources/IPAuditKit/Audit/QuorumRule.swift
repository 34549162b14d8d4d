import IPCore

/// `quorum-at-risk` and `masters-not-spread`: DC/OS masters form a ZooKeeper/Mesos quorum
/// of ⌊n/2⌋+1, as Kubernetes control-plane nodes form etcd's (stacked etcd runs on them).
///
/// - count: 3 or 5 is right; 1, 7 and 9 work but are warned about; anything else (even
///   counts, more than 9) is an error.
/// - spread: masters in more than one region are an error (quorum traffic crosses regions);
///   a zone or rack whose loss leaves fewer than ⌊n/2⌋+1 masters is an error; masters with
///   no zone cannot be judged and are warned about.
/// Masters are counted once per address, whatever the number of sources naming them. A Mesos
/// state lists only the leader but tells `flags.quorum`; the count then uses 2·quorum−1.
/// Kubernetes control-plane nodes are counted once per node (a dual-stack node has two
/// addresses) and judged per cluster: each cluster is its own ensemble. Stacked etcd (on the
/// control-plane nodes, kubeadm's default) is assumed unless the cluster has etcd-labelled
/// nodes (`node-role.kubernetes.io/etcd`: RKE, RKE2, k3s): those then are the ensemble, and
/// control-plane nodes without the label are not counted. etcd outside the cluster is not
/// visible in the API: its control-plane count is judged as if stacked.
enum QuorumRule: AuditRule {
    static let raises: Set<Rule> = [.quorumAtRisk, .mastersNotSpread]

    struct Master {
        var address: IPAddress
        var name: String
        var region: String?
        var zone: String?
        var rack: String?
        /// Labelled as an etcd member.
        var etcd = false
    }

    static let maxDeclaredQuorum = 1_000

    /// One quorum group: the DC/OS masters, or one Kubernetes cluster's control plane (its
    /// etcd-labelled nodes when it has any).
    struct Ensemble {
        /// nil for the one DC/OS cluster.
        var cluster: String?
        /// What the members are called: "control-plane" or "etcd" (Kubernetes).
        var members: String
        var list: [Master]
        /// The quorum a Mesos state declares, if any.
        var declaredQuorum: Int?
        /// The ensemble size: the members listed, or 2·quorum−1 when a declared quorum says more.
        var size: Int { QuorumRule.ensembleSize(known: list.count, declaredQuorum: declaredQuorum) }
    }

    static func ensembleSize(known: Int, declaredQuorum: Int?) -> Int {
        max(known, declaredQuorum.map { 2 * $0 - 1 } ?? 0)
    }

    static func check(_ c: AuditContext) -> [Finding] {
        ensembles(in: c.inventory).flatMap { e in
            judge(e.list, cluster: e.cluster, declaredQuorum: e.declaredQuorum, members: e.members)
        }
    }

    /// The live masters per ensemble, once per identity in first-seen order. Shared with the
    /// HTML report's masters table, so the table and the findings agree.
    static func ensembles(in inv: Inventory) -> [Ensemble] {
        // Per ensemble ("" for the DC/OS cluster, else the Kubernetes cluster's name): masters
        // by identity (an address, or a Kubernetes node's name), in row order.
        var masters: [String: [String: Master]] = [:]
        var order: [String: [String]] = [:]
        var clusters: [String] = []
        var declaredQuorum: Int?
        for i in 0..<inv.count {
            let row = inv.rows[i]
            guard row.role == .master, row.live, row.prefixLength < 0 else { continue }
            // A declared quorum outside any real ensemble (Mesos masters number 1 to a handful)
            // is ignored rather than trusted: 2·q−1 must neither overflow nor invent masters.
            if let q = inv.labels[i]?["mesos_quorum"].flatMap(Int.init), (1...Self.maxDeclaredQuorum).contains(q) {
                declaredQuorum = max(declaredQuorum ?? 0, q)
            }
            let cluster = inv.label(i, InventoryLabel.cluster) ?? ""
            let key = cluster.isEmpty ? row.address.description : inv.name(i)
            if masters[cluster] == nil { clusters.append(cluster) }
            var m = masters[cluster]?[key] ?? Master(address: row.address, name: inv.name(i))
            if masters[cluster]?[key] == nil { order[cluster, default: []].append(key) }
            m.region = m.region ?? inv.optional(row.region)
            m.zone = m.zone ?? inv.optional(row.zone)
            m.rack = m.rack ?? inv.optional(row.rack)
            m.etcd = m.etcd || inv.label(i, InventoryLabel.etcdMember) == "true"
            masters[cluster, default: [:]][key] = m
        }
        return clusters.map { cluster in
            let all = order[cluster]!.map { masters[cluster]![$0]! }
            // Dedicated etcd nodes are the quorum; the control plane then only talks to it.
            let etcd = all.filter(\.etcd)
            return Ensemble(cluster: cluster.isEmpty ? nil : cluster, members: etcd.isEmpty ? "control-plane" : "etcd",
                            list: etcd.isEmpty ? all : etcd, declaredQuorum: cluster.isEmpty ? declaredQuorum : nil)
        }
    }

    /// Fewer masters listed than this: the loss of a zone or rack is not judged (the list is
    /// likely partial, e.g. a declared quorum implying masters the inventory does not show).
    static let minimumListedForLosses = 3

    /// The findings of one ensemble.
    static func judge(_ list: [Master], cluster: String?, declaredQuorum: Int?, members: String = "control-plane") -> [Finding] {
        let known = list.count
        let n = ensembleSize(known: known, declaredQuorum: declaredQuorum)
        let quorum = n / 2 + 1
        let names = list.map(\.name)
        var evidence: [String: JSONValue] = [
            "masters": .array(list.map { m in
                var o: [String: JSONValue] = ["name": .string(m.name), "address": .string(m.address.description)]
                if let r = m.region { o["region"] = .string(r) }
                if let z = m.zone { o["zone"] = .string(z) }
                if let k = m.rack { o["rack"] = .string(k) }
                return .object(o)
            }),
            "count": .int(n), "quorum": .int(quorum),
        ]
        if let q = declaredQuorum { evidence["declared_quorum"] = .int(q) }
        if let cluster { evidence["cluster"] = .string(cluster) }
        // "masters" alone for the one DC/OS cluster; named per Kubernetes cluster.
        let masters = cluster.map { "\(members) nodes of cluster \($0)" } ?? "masters"
        let master = cluster.map { "\(members) node of cluster \($0)" } ?? "master"
        var out: [Finding] = []

        switch n {
        case 3, 5: break
        case 1, 7, 9:
            out.append(Finding(rule: Rule.quorumAtRisk, because: .workableMasterCount, entities: names,
                               message: "\(n) \(n == 1 ? master : masters): works, but 3 or 5 is recommended (quorum \(quorum))",
                               evidence: evidence))
        default:
            out.append(Finding(rule: Rule.quorumAtRisk, entities: names,
                               message: "\(n) \(masters): \(cluster == nil ? "DC/OS" : "etcd") needs an odd count of 1, 3, 5, 7 or 9 (3 or 5 recommended)",
                               evidence: evidence))
        }

        let regions = Set(list.compactMap(\.region))
        if regions.count > 1 {
            out.append(Finding(rule: Rule.mastersNotSpread, entities: names,
                               message: "\(masters) span \(regions.count) regions (\(regions.sorted().joined(separator: ", "))): keep them in one region",
                               evidence: evidence))
        }
        // Losing one site must keep quorum. Only meaningful with the masters actually listed.
        guard known >= minimumListedForLosses else { return out }
        let unzoned = list.filter { $0.zone == nil }
        if !unzoned.isEmpty {
            out.append(Finding(rule: Rule.mastersNotSpread, because: .unzonedMasters, entities: unzoned.map(\.name),
                               message: "\(unzoned.count) \(unzoned.count == 1 ? "\(master) has" : "\(masters) have") no zone: the spread cannot be checked",
                               evidence: evidence))
        }
        out += losses(list, key: { $0.zone.map { z in (z, "zone \(z)") } }, n: n, quorum: quorum, masters: masters, evidence: evidence)
        out += losses(list, key: { m in m.rack.map { r in ("\(m.zone ?? "")/\(r)", "rack \(r)" + (m.zone.map { " (zone \($0))" } ?? "")) } },
                      n: n, quorum: quorum, masters: masters, evidence: evidence)
        return out
    }

    /// One finding per site (zone or rack) whose loss leaves fewer than `quorum` masters.
    static func losses(_ list: [Master], key: (Master) -> (String, String)?, n: Int, quorum: Int, masters: String,
                       evidence: [String: JSONValue]) -> [Finding] {
        var groups: [String: (label: String, masters: [Master])] = [:]
        for m in list {
            guard let (k, label) = key(m) else { continue }
            groups[k, default: (label, [])].masters.append(m)
        }
        var out: [Finding] = []
        for k in groups.keys.sorted() {
            let g = groups[k]!
            let left = n - g.masters.count
            guard left < quorum else { continue }
            var e = evidence
            e["lost"] = .int(g.masters.count)
            e["left"] = .int(left)
            out.append(Finding(rule: Rule.mastersNotSpread, entities: g.masters.map(\.name),
                               zone: g.masters.first?.zone,
                               message: "losing \(g.label) loses \(g.masters.count) of \(n) \(masters), leaving \(left) < quorum \(quorum)",
                               evidence: e))
        }
        return out
    }
}
