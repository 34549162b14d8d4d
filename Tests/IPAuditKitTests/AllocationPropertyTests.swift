import IPAuditKit
import IPCore
import Testing
import IPAuditTestSupport

/// Invariants over random, seeded topologies: blocks nest or are disjoint, lie in their
/// pools and parents, avoid reserved ranges, are aligned, and never move when the
/// topology grows.
@Suite struct AllocationPropertyTests {
    static let seeds: [UInt64] = Array(1...40)

    struct Topology {
        var regions: [(name: String, zones: [(name: String, racks: Int, roles: [PlanRole])])]

        func plan(reserved: [IPPrefix], sizes: LevelSizes, overlayAgents: Int) -> Plan {
            var plan = Plan(pools: [cidr("10.0.0.0/8"), cidr("172.16.0.0/12")], reserved: reserved,
                            sizes: sizes, overlay: OverlayPlan(name: "ov", pools: [cidr("100.64.0.0/10")]))
            plan.regions = regions.map { r in
                PlanRegion(name: r.name, zones: r.zones.map { z in
                    PlanZone(name: z.name, roles: z.roles, racks: (0..<z.racks).map { k in
                        PlanRack(name: "rack-\(k)", roles: [PlanRole(name: "agents", size: BlockSize(ipv4: 26, ipv6: 64))],
                                 agents: (0..<overlayAgents).map { "a\($0)" })
                    })
                })
            }
            return plan
        }

        /// Adds regions, zones and racks (never removes or renames).
        func grown(_ rng: inout SeededGenerator) -> Topology {
            var t = self
            for i in t.regions.indices {
                for j in t.regions[i].zones.indices where Bool.random(using: &rng) {
                    t.regions[i].zones[j].racks += Int.random(in: 1...2, using: &rng)
                }
                if Bool.random(using: &rng) { t.regions[i].zones.append(("zg\(t.regions[i].zones.count)", 1, [])) }
            }
            if Bool.random(using: &rng) { t.regions.append(("rg\(t.regions.count)", [("z0", 1, [])])) }
            return t
        }
    }

    static func randomTopology(_ rng: inout SeededGenerator) -> Topology {
        Topology(regions: (0..<Int.random(in: 1...3, using: &rng)).map { r in
            ("r\(r)", (0..<Int.random(in: 1...4, using: &rng)).map { z in
                let roles = Bool.random(using: &rng)
                    ? [PlanRole(name: "masters", size: BlockSize(ipv4: 28, ipv6: 64)), PlanRole(name: "vips", size: BlockSize(ipv4: Int.random(in: 22...27, using: &rng)))]
                    : []
                return ("z\(z)", Int.random(in: 0...5, using: &rng), roles)
            })
        })
    }

    static func randomSizes(_ rng: inout SeededGenerator) -> LevelSizes {
        let region = Int.random(in: 12...14, using: &rng)
        let zone = region + Int.random(in: 3...5, using: &rng)
        return LevelSizes(region: BlockSize(ipv4: region), zone: BlockSize(ipv4: zone),
                          rack: BlockSize(ipv4: zone + Int.random(in: 3...5, using: &rng)))
    }

    static func randomReserved(_ rng: inout SeededGenerator) -> [IPPrefix] {
        (0..<Int.random(in: 0...4, using: &rng)).map { _ in
            let length = Int.random(in: 16...24, using: &rng)
            let addr = IPv4Address(bits: 0x0A00_0000 | UInt32.random(in: 0...0xFF_FFFF, using: &rng))
            return .v4(Prefix(masking: addr, length: length))
        }
    }

    /// Every invariant of one allocation result.
    static func checkInvariants(_ o: AllocationOutcome, reserved: [IPPrefix]) {
        let blocks = o.allocations
        var byPath: [String: IPPrefix] = [:]
        for a in blocks { byPath["\(a.path)|\(a.family)"] = a.prefix }
        for a in blocks {
            // Aligned: the strict parser refuses host bits.
            #expect((try? IPPrefix(a.prefix.description)) == a.prefix)
            let space = a.kind == "agent" ? o.overlayPools : o.pools
            #expect(space.contains { $0.contains(a.prefix) }, "\(a.path) \(a.prefix) outside its pools")
            #expect(!reserved.contains { $0.overlaps(a.prefix) }, "\(a.path) \(a.prefix) overlaps a reserved range")
            if a.family == 6, a.kind != "role" { #expect(a.prefix.length % 4 == 0, "\(a.prefix) not on a nibble") }
            if let parent = parentKey(a) {
                let p = byPath[parent]
                #expect(p != nil, "\(a.path) has no parent block")
                if let p { #expect(p.contains(a.prefix) && p != a.prefix, "\(a.prefix) not inside parent \(p)") }
            }
        }
        // Nested or disjoint, and nested only along the tree.
        for i in blocks.indices {
            for j in blocks.indices where j > i && blocks[i].family == blocks[j].family {
                let x = blocks[i], y = blocks[j]
                guard x.prefix.overlaps(y.prefix) else { continue }
                #expect(x.prefix != y.prefix, "\(x.path) and \(y.path) share \(x.prefix)")
                let (outer, inner) = x.prefix.length < y.prefix.length ? (x, y) : (y, x)
                #expect(isAncestor(outer, of: inner), "\(inner.path) \(inner.prefix) overlaps non-ancestor \(outer.path) \(outer.prefix)")
            }
        }
    }

    static func parentKey(_ a: StoredAllocation) -> String? {
        switch a.kind {
        case "region", "agent": return nil
        case "zone": return "\(a.region)|\(a.family)"
        case "rack": return "\(a.region)/\(a.zone!)|\(a.family)"
        default: return [a.region, a.zone, a.rack].compactMap { $0 }.joined(separator: "/") + "|\(a.family)"
        }
    }

    static func isAncestor(_ outer: StoredAllocation, of inner: StoredAllocation) -> Bool {
        switch outer.kind {
        case "region": return inner.region == outer.region
        case "zone": return inner.region == outer.region && inner.zone == outer.zone
        case "rack": return inner.region == outer.region && inner.zone == outer.zone && inner.rack == outer.rack
        default: return false
        }
    }

    @Test(arguments: seeds)
    func randomTopologiesKeepEveryInvariantAndGrowStably(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let topology = Self.randomTopology(&rng)
        let reserved = Self.randomReserved(&rng)
        let sizes = Self.randomSizes(&rng)
        let fit: FitPolicy = Bool.random(using: &rng) ? .first : .best
        let agents = Int.random(in: 0...3, using: &rng)
        let store = MemoryAllocationStore()
        let first = try AllocationSession.run(
            Allocator.fixed(topology.plan(reserved: reserved, sizes: sizes, overlayAgents: agents), AllocationOptions(fit: fit)),
            store: store, dryRun: false)
        Self.checkInvariants(first, reserved: reserved)
        #expect(!first.added.isEmpty)

        let grown = topology.grown(&rng)
        let second = try AllocationSession.run(
            Allocator.fixed(grown.plan(reserved: reserved, sizes: sizes, overlayAgents: agents), AllocationOptions(fit: fit)),
            store: store, dryRun: false)
        Self.checkInvariants(second, reserved: reserved)
        // Stable under growth: every earlier block is still there, unchanged.
        let after = Dictionary(uniqueKeysWithValues: second.allocations.map { ("\($0.path)|\($0.family)", $0.prefix) })
        for a in first.allocations { #expect(after["\(a.path)|\(a.family)"] == a.prefix, "\(a.path) moved") }
    }
}
