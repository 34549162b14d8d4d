import IPCore

extension StaleAllocationRule {
    /// A Calico IPAMHandle naming a block that no IPAMBlock of its cluster holds: the handle
    /// leaked (its pod and block are gone, the handle stayed), `calicoctl ipam check`'s "handles
    /// with no matching IPs". Judged only when the run also holds the IPPool the block lies in
    /// and at least one IPAMBlock of that pool: a dump of handles alone, or of another pool's
    /// blocks, cannot tell a leaked handle from a block that was simply not given.
    static func leakedHandles(_ c: AuditContext) -> [Finding] {
        let inv = c.inventory
        var handles: [Int] = []
        var blocks: [String: Set<IPPrefix>] = [:], pools: [String: [(prefix: IPPrefix, row: Int)]] = [:]
        for i in inv.labels.keys.sorted() where inv.rows[i].prefixLength >= 0 && inv.label(i, InventoryLabel.ipamProject) == "calico" {
            guard let cluster = inv.label(i, InventoryLabel.cluster) else { continue }
            let prefix = IPPrefix(masking: inv.rows[i].address, length: Int(inv.rows[i].prefixLength))
            switch inv.label(i, InventoryLabel.kubernetesKind) {
            case "IPAMHandle": handles.append(i)
            case "IPAMBlock": blocks[cluster, default: []].insert(prefix)
            case "IPPool" where inv.label(i, InventoryLabel.ipamPool) != nil: pools[cluster, default: []].append((prefix, i))
            default: break
            }
        }
        var out: [Finding] = []
        for i in handles {
            guard let cluster = inv.label(i, InventoryLabel.cluster) else { continue }
            let block = IPPrefix(masking: inv.rows[i].address, length: Int(inv.rows[i].prefixLength))
            let known = blocks[cluster] ?? []
            guard !known.contains(block), let pool = pools[cluster]?.first(where: { $0.prefix.contains(block) }) else { continue }
            let inPool = known.filter { pool.prefix.contains($0) }.count
            guard inPool > 0 else { continue }
            let handle = inv.label(i, KubernetesReader.calicoHandleLabel) ?? inv.name(i)
            out.append(Finding(rule: .staleAllocation, address: block.description, entities: [inv.entityName(i)], zone: nil,
                               message: "Calico handle \(handle) names block \(block), but cluster \(cluster) has no such IPAMBlock (\(inPool) of pool \(pool.prefix) given): a leaked handle, with no matching addresses",
                               evidence: ["record": c.evidence(i), "missing_block": .string(block.description), "cluster": .string(cluster),
                                          "pool": c.evidence(pool.row), "blocks_in_input": .int(inPool)]))
        }
        return out
    }
}
