import IPCore

/// `pool-utilization`: how full each pool is. Used space is what was carved from it (the
/// topology's region/zone/rack/role/agent blocks and the inventory's subnets) plus every
/// inventory address in it. Warning at `utilizationWarning` (80 %), error at
/// `utilizationError` (95 %) by default.
enum PoolUtilizationRule: AuditRule {
    static let raises: Set<Rule> = [.poolUtilization]

    /// The inventory's own pools: prefixes marked `is_pool` (NetBox's flag).
    static func inventoryPools(_ inv: Inventory) -> [TopologyBlock] {
        var pools: [TopologyBlock] = []
        for i in 0..<inv.count where inv.rows[i].prefixLength >= 0 && inv.labels[i]?["is_pool"]?.lowercased() == "true" {
            let row = inv.rows[i]
            pools.append(TopologyBlock(prefix: IPPrefix(masking: row.address, length: Int(row.prefixLength)),
                                       name: inv.name(i), kind: "pool", network: inv.optional(row.network)))
        }
        return pools
    }

    static func check(_ c: AuditContext) -> [Finding] {
        let inv = c.inventory
        let pools = c.input.topology.pools + inventoryPools(inv)
        guard !pools.isEmpty else { return [] }
        let poolPrefixes = Set(pools.map(\.prefix))
        var used = IPSetBuilder()
        for b in c.input.topology.blocks { used.add(b.prefix) }
        for i in 0..<inv.count where inv.rows[i].live {
            let row = inv.rows[i]
            if row.prefixLength >= 0 {
                let p = IPPrefix(masking: row.address, length: Int(row.prefixLength))
                if !poolPrefixes.contains(p) { used.add(p) }
            } else {
                used.add(row.address)
            }
        }
        let usedSet = used.build()
        var out: [Finding] = []
        for pool in pools {
            let inside = usedSet.intersection(IPSet(prefixes: [pool.prefix])).size.approximate
            let size = pool.prefix.size.approximate
            let ratio = size > 0 ? inside / size : 0
            guard ratio >= c.options.utilizationWarning || ratio >= c.options.utilizationError else { continue }
            let reason: Rule.SeverityReason? = ratio >= c.options.utilizationError ? .utilizationAtErrorLevel : nil
            let percent = (ratio * 1000).rounded() / 10
            out.append(Finding(rule: Rule.poolUtilization, because: reason, address: pool.prefix.description,
                               entities: [pool.name],
                               message: "pool \(pool.prefix) (\(pool.name)) is \(percent) % used",
                               evidence: ["used": .double(inside), "size": .double(size), "ratio": .double(ratio),
                                          "warning_at": .double(c.options.utilizationWarning),
                                          "error_at": .double(c.options.utilizationError)]))
        }
        return out
    }
}
