import IPCore

/// The address space the report draws, gathered once from the plan file and the store: pools,
/// reserved ranges, quarantined blocks and every block of the region → zone → rack tree.
struct ReportSpace {
    struct Pool {
        var prefix: IPPrefix
        /// `underlay`, `overlay` or `inventory pool`.
        var role: String
    }

    var pools: [Pool] = []
    var reserved: [IPPrefix] = []
    var quarantined: [StoredAllocation] = []
    /// The store's blocks in store order, then the plan file's pinned blocks that the store lacks.
    var blocks: [StoredAllocation] = []

    init(_ run: AuditRun.Result) {
        var seenPools = Set<IPPrefix>()
        func addPool(_ p: IPPrefix, _ role: String) {
            if seenPools.insert(p).inserted { pools.append(Pool(prefix: p, role: role)) }
        }
        if let state = run.allocations {
            let view = AllocationSession.view(state)
            for p in view.pools { addPool(p, "underlay") }
            for p in view.overlayPools { addPool(p, "overlay") }
            reserved = view.reserved
            quarantined = state.quarantined
            blocks = state.allocations
        }
        if let plan = run.plan {
            for p in plan.pools { addPool(p, "underlay") }
            for p in plan.overlay?.pools ?? [] { addPool(p, "overlay") }
            for r in plan.reserved where !reserved.contains(r) { reserved.append(r) }
        }
        // Pools an inventory declares (NetBox `is_pool`): audited by pool-utilization, so drawn too.
        for b in PoolUtilizationRule.inventoryPools(run.input.inventory) { addPool(b.prefix, "inventory pool") }
        var known = Set(blocks.map { "\($0.path)|\($0.prefix)" })
        for b in run.input.topology.blocks where b.name.hasPrefix("plan:") {
            guard ["region", "zone", "rack", "role"].contains(b.kind) else { continue }
            let path = String(b.name.dropFirst("plan:".count))
            guard known.insert("\(path)|\(b.prefix)").inserted else { continue }
            blocks.append(StoredAllocation(path: path, kind: b.kind, prefix: b.prefix, region: b.region ?? "",
                                           zone: b.zone, rack: b.rack, role: b.role))
        }
    }

    /// Zones in first-seen order, keyed `region/zone`: the colour of each in the map and legend.
    var zones: [(key: String, label: String)] {
        var seen = Set<String>()
        var out: [(String, String)] = []
        for b in blocks {
            guard let z = b.zone else { continue }
            let key = Self.zoneKey(region: b.region, zone: z)
            // Zone names repeat across regions: the legend says which region's.
            if seen.insert(key).inserted { out.append((key, b.region.isEmpty ? z : "\(b.region)/\(z)")) }
        }
        return out
    }

    static func zoneKey(region: String, zone: String) -> String { region + "\u{1F}" + zone }
}
