import IPCore

/// The whole `allocate` run against a store: read, compute, write in one transaction
/// (or only read and compute for a dry run).
public enum AllocationSession {
    public static func run(_ allocator: Allocator, store: any AllocationStoring, dryRun: Bool) throws -> AllocationOutcome {
        if dryRun { return try allocator.allocate(in: store.allocationState()).1 }
        return try store.updateAllocations { state in try allocator.allocate(in: state) }
    }

    /// The stored plan as it stands, without allocating anything.
    public static func view(_ state: AllocationState) -> AllocationOutcome {
        var pools = AllocationSettings.prefixes(state, AllocationSettings.pools)
        if !pools.contains(where: { $0.family == 6 }), let ula = state.settings[AllocationSettings.ula], let p = try? IPPrefix(ula) {
            pools.append(p)
        }
        let overlayPools = AllocationSettings.prefixes(state, AllocationSettings.overlayPools)
        return AllocationOutcome(allocations: state.allocations, added: [], pools: pools, overlayPools: overlayPools,
                                 reserved: AllocationSettings.prefixes(state, AllocationSettings.reserved)
                                     + PoolCheck.unusable(in: pools + overlayPools),
                                 quarantined: state.quarantined, warnings: [])
    }
}
