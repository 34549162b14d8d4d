import IPAuditKit
import IPCore
import Testing
import IPAuditTestSupport

/// Sizing over random pools (IPv4 /8 to /30, IPv6 /32 to /64), counts and explicit sizes:
/// a run either gives a plan that nests, lies in its pools, honours every explicit size and
/// keeps default blocks at or above the floor, or exits with nothing written; re-runs and
/// growth never move a stored block.
@Suite struct AllocationSizingPropertyTests {
    static let seeds: UInt64 = 200

    struct Shape {
        var pools: [IPPrefix]
        var zonesPerRegion: [Int]
        var racks: Int
        var sizes: LevelSizes
        var role: PlanRole?

        var plan: Plan {
            var plan = Plan(pools: pools, ula: false, sizes: sizes)
            plan.regions = zonesPerRegion.enumerated().map { r, zones in
                PlanRegion(name: "r\(r)", zones: (0..<zones).map { z in
                    PlanZone(name: "z\(z)", roles: role.map { [$0] } ?? [],
                             racks: (0..<racks).map { PlanRack(name: "k\($0)") })
                })
            }
            return plan
        }
    }

    static func pools(_ rng: inout SeededGenerator) -> [IPPrefix] {
        let v4 = Int.random(in: 8...30, using: &rng), v6 = Int.random(in: 32...64, using: &rng)
        let a4 = IPv4Address(bits: 0x0A00_0000 | UInt32.random(in: 0...0xFF_FFFF, using: &rng))
        let a6 = IPv6Address(bits: UInt128(0xFD) << 120 | UInt128(UInt64.random(in: 0...UInt64.max, using: &rng)) << 56)
        return [.v4(Prefix(masking: a4, length: v4)), .v6(Prefix(masking: a6, length: v6))]
    }

    /// Explicit at random levels, a few bits below the pool (sometimes impossible on purpose).
    static func size(_ rng: inout SeededGenerator, _ pools: [IPPrefix], depth: Int) -> BlockSize {
        guard Int.random(in: 0...2, using: &rng) == 0 else { return BlockSize() }
        return BlockSize(ipv4: min(32, pools[0].length + depth + Int.random(in: 0...4, using: &rng)),
                         ipv6: min(128, pools[1].length + depth * 4 + Int.random(in: 0...6, using: &rng)))
    }

    static func shape(_ rng: inout SeededGenerator) -> Shape {
        let pools = pools(&rng)
        let zones = (0..<Int.random(in: 1...3, using: &rng)).map { _ in Int.random(in: 0...4, using: &rng) }
        let sizes = LevelSizes(region: size(&rng, pools, depth: 1), zone: size(&rng, pools, depth: 2), rack: size(&rng, pools, depth: 3))
        let role = Bool.random(using: &rng) ? PlanRole(name: "masters", size: BlockSize(ipv4: Int.random(in: 27...30, using: &rng), ipv6: 64)) : nil
        return Shape(pools: pools, zonesPerRegion: zones, racks: zones.max() == 0 ? 0 : Int.random(in: 0...5, using: &rng),
                     sizes: sizes, role: role)
    }

    /// Every block inside its pool and its parent; blocks nest only along the tree.
    static func checkNesting(_ o: AllocationOutcome) {
        var byPath: [String: IPPrefix] = [:]
        for a in o.allocations { byPath["\(a.path)|\(a.family)"] = a.prefix }
        for a in o.allocations {
            #expect(o.pools.contains { $0.contains(a.prefix) }, "\(a.path) \(a.prefix) outside the pools")
            if let key = AllocationPropertyTests.parentKey(a), let p = byPath[key] {
                #expect(p.contains(a.prefix) && p != a.prefix, "\(a.path) \(a.prefix) not inside its parent \(p)")
            }
        }
        for (i, x) in o.allocations.enumerated() {
            for y in o.allocations[(i + 1)...] where x.family == y.family && x.prefix.overlaps(y.prefix) {
                let (outer, inner) = x.prefix.length < y.prefix.length ? (x, y) : (y, x)
                #expect(x.prefix != y.prefix && AllocationPropertyTests.isAncestor(outer, of: inner),
                        "\(x.path) \(x.prefix) overlaps \(y.path) \(y.prefix)")
            }
        }
    }

    /// Explicit sizes exactly; free levels at or above their floor; every block of a level at its length.
    static func checkSizes(_ o: AllocationOutcome, _ shape: Shape) {
        let explicit = ["region": shape.sizes.region, "zone": shape.sizes.zone, "rack": shape.sizes.rack]
        for a in o.allocations {
            if let size = explicit[a.kind], let l = size.length(family: a.family) {
                #expect(a.prefix.length == l, "\(a.path) \(a.prefix) is not the explicit /\(l)")
            }
            if a.kind == "role", let role = shape.role, let l = role.size.length(family: a.family) {
                #expect(a.prefix.length == l)
            }
            if let choice = o.sizing.first(where: { $0.kind == a.kind && $0.family == a.family }) {
                #expect(a.prefix.length == choice.length, "\(a.path) \(a.prefix) is not its level's /\(choice.length)")
            }
        }
        // The floor, judged from the plan alone: a level with no explicit size at or below it.
        let order = ["region", "zone", "rack"]
        for a in o.allocations {
            guard let depth = order.firstIndex(of: a.kind) else { continue }
            let explicitBelow = order[depth...].contains { explicit[$0]?.length(family: a.family) != nil }
            let floor = a.family == 4 ? 28 : 64
            if !explicitBelow { #expect(a.prefix.length <= floor, "\(a.path) \(a.prefix) is a default block below the /\(floor) floor") }
        }
    }

    /// Both outcomes must be common, and small pools must shrink, or the property proves little.
    @Test func randomPoolsGiveAValidPlanOrNothing() throws {
        var planned = 0, refused = 0, shrunk = 0
        for seed in 1...Self.seeds {
            switch try Self.check(seed: seed) {
            case .planned(let warned): planned += 1; if warned { shrunk += 1 }
            case .refused: refused += 1
            }
        }
        #expect(planned >= Self.seeds / 4, "only \(planned) of \(Self.seeds) random plans fit")
        #expect(refused >= Self.seeds / 20, "only \(refused) of \(Self.seeds) random plans were refused")
        #expect(shrunk >= Self.seeds / 20, "only \(shrunk) of \(Self.seeds) random plans shrank their headroom")
    }

    enum Result { case planned(warned: Bool), refused }

    static func check(seed: UInt64) throws -> Result {
        var rng = SeededGenerator(seed: seed)
        let shape = Self.shape(&rng)
        let store = MemoryAllocationStore()
        let first: AllocationOutcome
        do {
            first = try AllocationSession.run(Allocator.fixed(shape.plan), store: store, dryRun: false)
        } catch let error as AllocationError {
            #expect(store.state.allocations.isEmpty && store.state.settings.isEmpty, "a refused run wrote something")
            #expect(error.description.hasSuffix("Nothing was written."))
            return .refused
        }
        Self.checkNesting(first)
        Self.checkSizes(first, shape)

        // A re-run changes nothing.
        let again = try AllocationSession.run(Allocator.fixed(shape.plan), store: store, dryRun: false)
        #expect(again.added.isEmpty)
        #expect(again.allocations == first.allocations)

        // Growth keeps every stored block, or is refused with the store as it was.
        var grown = shape
        grown.zonesPerRegion = shape.zonesPerRegion.map { $0 + Int.random(in: 0...2, using: &rng) } + [1]
        grown.racks += Int.random(in: 0...2, using: &rng)
        let before = store.state
        do {
            let after = try AllocationSession.run(Allocator.fixed(grown.plan), store: store, dryRun: false)
            Self.checkNesting(after)
            #expect(Array(after.allocations.prefix(first.allocations.count)) == first.allocations)
        } catch is AllocationError {
            #expect(store.state.allocations == before.allocations && store.state.settings == before.settings)
        }
        return .planned(warned: first.warnings.contains { $0.contains("is small") })
    }

    /// Explicit children that add up to the pool exactly are accepted, in both families.
    @Test(arguments: Array(1...seeds))
    func anExactFitIsAccepted(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let pools = Self.pools(&rng)
        let bits = Int.random(in: 1...3, using: &rng)
        let sizes = LevelSizes(zone: BlockSize(ipv4: min(32, pools[0].length + bits), ipv6: pools[1].length + bits))
        guard pools[0].length + bits <= 32 else { return }
        let shape = Shape(pools: pools, zonesPerRegion: [1 << bits], racks: 0, sizes: sizes)
        let o = try AllocationSession.run(Allocator.fixed(shape.plan), store: MemoryAllocationStore(), dryRun: false)
        for family in [4, 6] {
            let zones = o.allocations.filter { $0.kind == "zone" && $0.family == family }.map(\.prefix)
            #expect(zones.count == 1 << bits)
            #expect(IPSet(prefixes: zones) == IPSet(prefixes: [pools[family == 4 ? 0 : 1]]), "zones do not tile the pool")
        }
        Self.checkNesting(o)
    }
}
