import IPAuditKit
import IPCore
import Testing

/// Pools against the special-purpose registry and the plan's routable space.
@Suite struct PoolCheckTests {
    func plan(pools: [String], routable: [String]? = nil, zones: String = "3", racks: Int = 2) -> Plan {
        Plan(pools: pools.map(cidr), routable: routable.map { $0.map(cidr) }, ula: false,
             regions: QuickTopology.regions(QuickTopology.Names("2")!, zones: QuickTopology.Names(zones)!, racks: racks))
    }

    func allocate(_ plan: Plan, _ store: MemoryAllocationStore = MemoryAllocationStore()) throws -> AllocationOutcome {
        try AllocationSession.run(Allocator.fixed(plan), store: store, dryRun: false)
    }

    @Test(arguments: ["127.0.0.0/16", "169.254.0.0/16", "224.0.0.0/8", "192.0.2.0/24", "240.0.0.0/8",
                      "2001:db8::/32", "fe80::/10", "ff00::/8", "4000::/16"])
    func unusablePoolsAreRefusedAndNothingIsWritten(pool: String) throws {
        let store = MemoryAllocationStore()
        let error = try #require(throws: AllocationError.self) { try allocate(plan(pools: [pool]), store) }
        #expect(error.description.hasPrefix("pools: \(pool) lies in "), "\(error)")
        #expect(store.state.allocations.isEmpty && store.state.settings.isEmpty)
    }

    @Test func unusableRangesInsideAPoolAreNeverHandedOut() throws {
        // 0.0.0.0/0 and ::/1-sized pools: first fit would start at 0.0.0.0 and ::.
        let outcome = try allocate(plan(pools: ["0.0.0.0/0", "2000::/3", "fc00::/7"], zones: "4", racks: 4))
        let unusable = SpecialPurposeRegistry.entries.filter { $0.hostUse == .unroutable && !$0.terminated }.map(\.prefix)
        #expect(outcome.added.count > 50)
        for block in outcome.added {
            #expect(!unusable.contains { $0.overlaps(block.prefix) }, "\(block.path) \(block.prefix)")
            #expect(SpecialPurposeRegistry.classify(block.prefix).hostUse != .unroutable, "\(block.prefix)")
        }
        #expect(outcome.reserved.contains(cidr("127.0.0.0/8")))
        #expect(outcome.reserved.contains(cidr("224.0.0.0/3")))  // multicast and 240/4 merged
        #expect(outcome.reserved.contains(cidr("2001:db8::/32")))
        // Derived from the registry each run, not stored as the operator's reserved ranges.
        let view = AllocationSession.view(try MemoryAllocationStore.after(plan(pools: ["0.0.0.0/0"], zones: "1", racks: 0)))
        #expect(view.reserved.contains(cidr("127.0.0.0/8")))
    }

    @Test func discouragedAndPublicPoolsWarn() throws {
        let cgnat = try allocate(plan(pools: ["100.64.0.0/10"]))
        #expect(cgnat.warnings.contains { $0.contains("100.64.0.0/10") && $0.contains("Shared Address Space") })
        let overlay = try allocate(plan(pools: ["9.0.0.0/8"]))
        #expect(overlay.warnings.contains { $0.contains("DC/OS default overlay") })
        let publicSpace = try allocate(plan(pools: ["20.0.0.0/8"]))
        #expect(publicSpace.warnings.contains { $0.contains("public IPv4") })
        let clean = try allocate(plan(pools: ["10.0.0.0/8", "fd00:1::/48"]))
        #expect(clean.warnings.isEmpty, "\(clean.warnings)")
    }

    @Test func poolsOutsideAnExplicitRoutableSpaceAreRefused() throws {
        let error = try #require(throws: AllocationError.self) {
            try allocate(plan(pools: ["10.0.0.0/8", "172.16.0.0/12"], routable: ["10.0.0.0/8"]))
        }
        #expect(error.description.contains("172.16.0.0/12 is outside the plan's routable space (10.0.0.0/8)"))
        // Routable space larger than the pools is fine.
        _ = try allocate(plan(pools: ["10.1.0.0/16"], routable: ["10.0.0.0/8"]))
        // Without a `routable` key the pools are routable, including pools added after loading.
        var later = plan(pools: ["10.0.0.0/8"])
        later.pools.append(cidr("172.16.0.0/12"))
        #expect(later.routable == [cidr("10.0.0.0/8"), cidr("172.16.0.0/12")])
        _ = try allocate(later)
    }
}

extension MemoryAllocationStore {
    /// The state after one allocation run of `plan`.
    static func after(_ plan: Plan) throws -> AllocationState {
        let store = MemoryAllocationStore()
        _ = try AllocationSession.run(Allocator.fixed(plan), store: store, dryRun: false)
        #expect(!(store.state.settings["reserved"] ?? "").contains("127.0.0.0/8"))
        return store.state
    }
}
