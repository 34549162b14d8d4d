import IPCore

/// `stale-allocation` (warning): an address manager holds space for an owner that is gone —
/// a Calico block or affinity, a Cilium pod CIDR or a Whereabouts slice for a node, or an
/// address (Calico, Cilium, Whereabouts) for a pod, that the same cluster's Node or Pod
/// objects no longer have; a Calico IPAMHandle naming a block that is gone (`leakedHandles`).
/// The allocator will never hand that space out again (Calico's
/// "leaked" addresses, Whereabouts' orphaned reservations), and a later cleanup may free an
/// address still in use elsewhere.
///
/// Judged only against what the input holds: nodes only in a cluster whose Node objects were
/// given, pods only in one whose Pod objects were given (a pod still starting has no address
/// yet and no row: a dump taken while pods start may name one). A warning, not an error: the
/// space is wasted, nothing collides yet.
enum StaleAllocationRule: AuditRule {
    static let raises: Set<Rule> = [.staleAllocation]

    static func check(_ c: AuditContext) -> [Finding] {
        let inv = c.inventory
        // Only labelled rows can be IPAM or Kubernetes rows: the labels map is sparse (a plain
        // CSV of a million rows has none), so this never walks every row.
        let labelled = inv.labels.keys.sorted()
        let owned = labelled.filter { i in
            inv.rows[i].live && (inv.label(i, InventoryLabel.ipamOwnerNode) != nil || inv.label(i, InventoryLabel.ipamOwnerPod) != nil)
        }
        let handles = leakedHandles(c)
        guard !owned.isEmpty else { return handles }
        // Per cluster: the Node and Pod objects' names.
        var nodes: [String: Set<String>] = [:], pods: [String: Set<String>] = [:]
        for i in labelled {
            guard let cluster = inv.label(i, InventoryLabel.cluster) else { continue }
            switch inv.label(i, InventoryLabel.kubernetesKind) {
            case "Node": nodes[cluster, default: []].insert(inv.name(i))
            case "Pod": pods[cluster, default: []].insert(inv.name(i))
            default: break
            }
        }
        var out: [Finding] = []
        for i in owned {
            guard let cluster = inv.label(i, InventoryLabel.cluster) else { continue }
            let row = inv.rows[i]
            let what = row.prefixLength >= 0
                ? IPPrefix(masking: row.address, length: Int(row.prefixLength)).description : row.address.description
            let project = inv.label(i, InventoryLabel.ipamProject).map { $0.prefix(1).uppercased() + $0.dropFirst() } ?? "The allocator"
            if let node = inv.label(i, InventoryLabel.ipamOwnerNode), let known = nodes[cluster], !known.contains(node) {
                out.append(finding(i, c, address: what, owner: node, kind: "node", known: known.count, cluster: cluster,
                                   message: "\(project) holds \(what) for node \(node), which is not among the \(known.count) nodes of cluster \(cluster)"))
            } else if let pod = inv.label(i, InventoryLabel.ipamOwnerPod), let known = pods[cluster], !known.contains(pod) {
                out.append(finding(i, c, address: what, owner: pod, kind: "pod", known: known.count, cluster: cluster,
                                   message: "\(project) holds \(what) for pod \(pod), which is not among the \(known.count) pods of cluster \(cluster) with an address"))
            }
        }
        return out + handles
    }

    static func finding(_ i: Int, _ c: AuditContext, address: String, owner: String, kind: String, known: Int,
                        cluster: String, message: String) -> Finding {
        Finding(rule: .staleAllocation, address: address, entities: [c.inventory.entityName(i)], zone: c.inventory.zone(i),
                message: message,
                evidence: ["record": c.evidence(i), "missing_\(kind)": .string(owner), "cluster": .string(cluster),
                           "\(kind)s_in_input": .int(known)])
    }
}
