import IPCore

extension Allocator {
    /// Sizes every level in every family that has a pool, before anything is placed.
    /// Throws `tooSmall` (with the arithmetic and what would fit) when nothing fits.
    func sizeLevels(_ run: inout AllocationRun) throws -> [LevelChoice] {
        var all: [LevelChoice] = []
        for family in [4, 6] {
            guard let sizing = sizingInput(family: family, run: &run) else { continue }
            guard let choices = sizing.solve() else { throw AllocationError.tooSmall(SizingFailure(sizing).message) }
            for c in choices where c.source == .free { run.levelRoom[AllocationRun.key(c.kind, family)] = c.room }
            if let w = LevelChoice.smallPoolWarning(choices, pool: sizing.poolName) { run.warnings.append(w) }
            all += choices
        }
        return all
    }

    /// The plan's levels in one family as the sizing sees them: fixed or free, the most
    /// blocks per parent, and what each new block must hold.
    func sizingInput(family: Int, run: inout AllocationRun) -> LevelSizing? {
        guard !plan.regions.isEmpty, let pool = run.space.pools.first(where: { $0.family == family }) else { return nil }
        let width = family == 4 ? 32 : 128
        func isNew(_ path: [String], _ pins: [IPPrefix]) -> Bool {
            run.stored[AllocationRun.key(path.joined(separator: "/"), family)] == nil && !pins.contains { $0.family == family }
        }
        func holding(_ children: Int, _ roles: [PlanRole]) -> LevelSizing.Holding {
            var sum = AddressCount(0)
            var shortest: Int?
            for role in roles {
                guard let l = role.prefixes.first(where: { $0.family == family })?.length ?? role.size.length(family: family),
                      (0...width).contains(l) else { continue }
                sum = sum + AddressCount.powerOfTwo(width - l)
                shortest = min(shortest ?? l, l)
            }
            return LevelSizing.Holding(children: children, roles: sum, shortestRole: shortest)
        }
        var newRegions = 0
        var holds: [Set<LevelSizing.Holding>] = [[], [], []]
        for r in plan.regions {
            if isNew([r.name], r.prefixes) {
                newRegions += 1
                holds[0].insert(holding(r.zones.count, []))
            }
            for z in r.zones {
                if isNew([r.name, z.name], z.prefixes) { holds[1].insert(holding(z.racks.count, z.roles)) }
                for k in z.racks where isNew([r.name, z.name, k.name], k.prefixes) { holds[2].insert(holding(0, k.roles)) }
            }
        }
        let zones = plan.regions.flatMap(\.zones)
        let counts = [plan.regions.count, plan.regions.map(\.zones.count).max() ?? 0, zones.map(\.racks.count).max() ?? 0]
        let sizes = [plan.sizes.region, plan.sizes.zone, plan.sizes.rack]
        var levels: [LevelSizing.Level] = []
        for (i, kind) in ["region", "zone", "rack"].enumerated() where counts[i] > 0 {
            var level = LevelSizing.Level(kind: kind, fixed: nil, source: .free, count: counts[i], holds: holds[i])
            if let l = sizes[i].length(family: family) {
                (level.fixed, level.source) = (l, .explicit)
            } else if let l = run.lengthInUse[AllocationRun.key(kind, family)] {
                (level.fixed, level.source) = (l, .stored)
            }
            levels.append(level)
        }
        let free = run.freeSpace(.pools(family)).prefixes.filter { $0.family == family }.map(\.length)
        return LevelSizing(family: family, poolLength: pool.length, poolName: pool.description, freeLengths: free, newRegions: newRegions,
                           floor: LevelSizing.floor(family: family), levels: levels)
    }
}
