import IPCore

/// Carves a plan into aligned blocks, keeping every block already stored.
///
/// Pure: `allocate(in:)` takes the stored state and returns the changes, so the same code
/// runs inside the store's transaction (read, compute, write) and in `--dry-run`.
/// Free space is always computed with IPCore's set algebra: a parent's block (or the pools)
/// minus reserved ranges, quarantined blocks and the blocks already inside it.
public struct Allocator {
    public var plan: Plan
    public var options: AllocationOptions
    /// Makes the ULA /48 the first time one is needed (random in production).
    public var makeULA: () -> IPPrefix

    public init(plan: Plan, options: AllocationOptions = AllocationOptions(),
                makeULA: @escaping () -> IPPrefix = { UniqueLocalPrefix.generate() }) {
        self.plan = plan
        self.options = options
        self.makeULA = makeULA
    }

    public func allocate(in state: AllocationState) throws -> (AllocationChanges, AllocationOutcome) {
        var changes = AllocationChanges()
        var poolWarnings: [String] = []
        let space = try resolveSpace(state, &changes, &poolWarnings)
        var run = AllocationRun(state: state, space: space, options: options)
        run.warnings = poolWarnings
        let sizing = try sizeLevels(&run)

        let regionCount = plan.regions.count
        let zoneCount = plan.regions.map(\.zones.count).max() ?? 0
        let rackCount = plan.regions.flatMap(\.zones).map(\.racks.count).max() ?? 0

        // Level by level, so each parent exists before its children; inside one parent the
        // new children are placed largest first.
        var regions: [BlockRequest] = []
        var zones: [BlockRequest] = []
        var zoneChildren: [BlockRequest] = []
        var rackRoles: [BlockRequest] = []
        var agents: [BlockRequest] = []
        for r in plan.regions {
            regions += requests(path: [r.name], kind: "region", region: r.name, size: plan.sizes.region, pins: r.prefixes)
            for z in r.zones {
                let zp = [r.name, z.name]
                zones += requests(path: zp, kind: "zone", region: r.name, zone: z.name, size: plan.sizes.zone, pins: z.prefixes)
                for role in z.roles {
                    zoneChildren += requests(path: zp + [role.name], kind: "role", region: r.name, zone: z.name,
                                             role: role.name, size: role.size, pins: role.prefixes, needsSize: true)
                }
                agents += agentRequests(zp, r.name, z.name, nil, z.agents)
                for k in z.racks {
                    let kp = zp + [k.name]
                    zoneChildren += requests(path: kp, kind: "rack", region: r.name, zone: z.name, rack: k.name,
                                             size: plan.sizes.rack, pins: k.prefixes)
                    for role in k.roles {
                        rackRoles += requests(path: kp + [role.name], kind: "role", region: r.name, zone: z.name, rack: k.name,
                                              role: role.name, size: role.size, pins: role.prefixes, needsSize: true)
                    }
                    agents += agentRequests(kp, r.name, z.name, k.name, k.agents)
                }
            }
        }
        try run.place(regions, siblingCount: regionCount)
        try run.place(zones, siblingCount: zoneCount)
        try run.place(zoneChildren, siblingCount: rackCount)
        try run.place(rackRoles, siblingCount: 0)
        try run.place(agents, siblingCount: 0)

        changes.added = run.added
        if options.reuseReleased && !run.added.isEmpty {
            let taken = IPSet(prefixes: run.added.map(\.prefix))
            changes.reused = state.quarantined.filter { taken.overlaps($0.prefix) }
        }
        let outcome = AllocationOutcome(
            allocations: state.allocations + run.added, added: run.added, pools: space.pools,
            overlayPools: space.overlayPools, reserved: space.reserved,
            quarantined: state.quarantined.filter { q in !changes.reused.contains(q) }, warnings: run.warnings,
            sizing: sizing)
        return (changes, outcome)
    }

    /// The pools, overlay pools and reserved ranges in force: this run's plus the stored ones.
    func resolveSpace(_ state: AllocationState, _ changes: inout AllocationChanges,
                      _ warnings: inout [String]) throws -> AllocationSpace {
        let storedPools = AllocationSettings.prefixes(state, AllocationSettings.pools)
        var runPools = plan.pools
        if runPools.isEmpty && storedPools.isEmpty { runPools = [try! IPPrefix(DefaultSizes.ipv4Pool)] }
        var pools = AllocationSettings.merged(storedPools, runPools)
        if plan.ula && !pools.contains(where: { $0.family == 6 }) {
            let ula: IPPrefix
            if let text = state.settings[AllocationSettings.ula], let stored = try? IPPrefix(text) {
                ula = stored
            } else {
                ula = makeULA()
                changes.settings[AllocationSettings.ula] = ula.description
            }
            pools.append(ula)
        }
        let overlayPools = AllocationSettings.merged(AllocationSettings.prefixes(state, AllocationSettings.overlayPools),
                                                     plan.overlay?.pools ?? [])
        let reserved = AllocationSettings.merged(AllocationSettings.prefixes(state, AllocationSettings.reserved), plan.reserved)
        // This run's pools must be usable and routable; stored ones passed when they were added.
        do throws(PoolCheck.Refusal) {
            warnings = try PoolCheck.check(plan.pools + (plan.overlay?.pools ?? []), routable: plan.explicitRoutable)
        } catch {
            throw AllocationError.conflict(path: "pools", "\(error.pool) \(error.reason)")
        }
        for o in overlayPools {
            if let p = pools.first(where: { $0.overlaps(o) }) {
                throw AllocationError.conflict(path: "overlay", "overlay pool \(o) overlaps underlay pool \(p)")
            }
        }
        if pools != storedPools { changes.settings[AllocationSettings.pools] = AllocationSettings.text(pools) }
        if overlayPools != AllocationSettings.prefixes(state, AllocationSettings.overlayPools) {
            changes.settings[AllocationSettings.overlayPools] = AllocationSettings.text(overlayPools)
        }
        if reserved != AllocationSettings.prefixes(state, AllocationSettings.reserved) {
            changes.settings[AllocationSettings.reserved] = AllocationSettings.text(reserved)
        }
        // Loopback, multicast, documentation, ... inside a larger pool: never handed out.
        let unusable = PoolCheck.unusable(in: pools + overlayPools)
        return AllocationSpace(pools: pools, overlayPools: overlayPools, reserved: reserved + unusable,
                               overlayName: plan.overlay?.name ?? "overlay")
    }

    /// One request per family; a level block is made in every family that has a pool, a role
    /// only in the families its size (or pins) name.
    func requests(path: [String], kind: String, region: String, zone: String? = nil, rack: String? = nil,
                  role: String? = nil, size: BlockSize, pins: [IPPrefix], needsSize: Bool = false) -> [BlockRequest] {
        [4, 6].compactMap { family in
            let familyPins = pins.filter { $0.family == family }
            let length = size.length(family: family)
            if needsSize && length == nil && familyPins.isEmpty { return nil }
            return BlockRequest(path: path.joined(separator: "/"), kind: kind, region: region, zone: zone, rack: rack,
                                role: role, family: family, length: length, pins: familyPins)
        }
    }

    func agentRequests(_ parent: [String], _ region: String, _ zone: String, _ rack: String?, _ names: [String]) -> [BlockRequest] {
        guard let overlay = plan.overlay, !names.isEmpty else { return [] }
        var out: [BlockRequest] = []
        out.reserveCapacity(names.count * 2)
        for family in [4, 6] {
            guard let length = overlay.agentSize.length(family: family), overlay.pools.contains(where: { $0.family == family }) else { continue }
            let base = (parent + [overlay.name]).joined(separator: "/") + "/"
            for name in names {
                out.append(BlockRequest(path: base + name, kind: "agent", region: region, zone: zone, rack: rack,
                                        role: overlay.name, agent: name, family: family, length: length, pins: []))
            }
        }
        return out
    }
}

/// The space one run carves: pools, overlay pools and reserved ranges, already merged with the store's.
struct AllocationSpace {
    var pools: [IPPrefix]
    var overlayPools: [IPPrefix]
    var reserved: [IPPrefix]
    var overlayName: String
}
