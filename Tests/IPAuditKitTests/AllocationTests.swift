import Foundation
import IPAuditKit
import IPCore
import Testing
import IPAuditTestSupport

@Suite struct AllocationTests {
    func quickPlan(regions: String = "1", zones: String, racks: Int = 0) -> Plan {
        Plan(regions: QuickTopology.regions(QuickTopology.Names(regions)!, zones: QuickTopology.Names(zones)!, racks: racks))
    }

    func run(_ plan: Plan, _ store: MemoryAllocationStore, _ options: AllocationOptions = AllocationOptions()) throws -> AllocationOutcome {
        try AllocationSession.run(Allocator.fixed(plan, options), store: store, dryRun: false)
    }

    func prefixes(_ outcome: AllocationOutcome, kind: String) -> [String] {
        outcome.allocations.filter { $0.kind == kind }.map { "\($0.path) \($0.prefix)" }
    }

    @Test func quickFormUsesDocumentedDefaults() throws {
        let store = MemoryAllocationStore()
        let outcome = try run(quickPlan(zones: "3"), store)
        #expect(prefixes(outcome, kind: "region") == ["region-1 10.0.0.0/12", "region-1 fd12:3456:789a::/52"])
        #expect(prefixes(outcome, kind: "zone") == [
            "region-1/region-1-a 10.0.0.0/16", "region-1/region-1-a fd12:3456:789a::/56",
            "region-1/region-1-b 10.1.0.0/16", "region-1/region-1-b fd12:3456:789a:100::/56",
            "region-1/region-1-c 10.2.0.0/16", "region-1/region-1-c fd12:3456:789a:200::/56",
        ])
        #expect(store.state.settings["ula"] == "fd12:3456:789a::/48")
    }

    @Test func theULAIsGeneratedOnceThenKept() throws {
        let store = MemoryAllocationStore()
        var calls = 0
        let first = Allocator(plan: quickPlan(zones: "1"), makeULA: { calls += 1; return TestULA.prefix })
        _ = try AllocationSession.run(first, store: store, dryRun: false)
        let second = Allocator(plan: quickPlan(regions: "eu2", zones: "1"), makeULA: { calls += 1; return cidr("fd99::/48") })
        let outcome = try AllocationSession.run(second, store: store, dryRun: false)
        #expect(calls == 1)
        #expect(outcome.pools.contains(TestULA.prefix))
        #expect(!outcome.pools.contains(cidr("fd99::/48")))
    }

    @Test func generatedULAsFollowRFC4193() {
        var rng = SeededGenerator(seed: 7)
        let a = UniqueLocalPrefix.generate(using: &rng), b = UniqueLocalPrefix.generate(using: &rng)
        #expect(a != b)
        for p in [a, b] {
            #expect(p.length == 48)
            #expect(p.description.hasPrefix("fd"))
            #expect(cidr("fd00::/8").contains(p))
        }
    }

    @Test func rerunningChangesNothing() throws {
        let store = MemoryAllocationStore()
        let first = try run(quickPlan(zones: "3", racks: 2), store)
        let second = try run(quickPlan(zones: "3", racks: 2), store)
        #expect(second.added.isEmpty)
        #expect(Set(second.allocations) == Set(first.allocations))
        #expect(AllocationRenderer.render(first, as: .json) == AllocationRenderer.render(second, as: .json))
    }

    @Test func addingARegionLeavesOthersUntouched() throws {
        let store = MemoryAllocationStore()
        let before = try run(quickPlan(zones: "2"), store).allocations
        let after = try run(quickPlan(regions: "eu1", zones: "2"), store)
        #expect(Array(after.allocations.prefix(before.count)) == before)
        #expect(prefixes(after, kind: "region").contains("eu1 10.16.0.0/12"))
        #expect(after.added.allSatisfy { $0.region == "eu1" })
    }

    @Test func reservedRangesAreNeverHandedOut() throws {
        var plan = quickPlan(zones: "2")
        plan.reserved = [cidr("10.0.0.0/16")]
        let outcome = try run(plan, MemoryAllocationStore())
        #expect(prefixes(outcome, kind: "region").first == "region-1 10.16.0.0/12")
        #expect(outcome.allocations.allSatisfy { !$0.prefix.overlaps(cidr("10.0.0.0/16")) })
    }

    @Test func mixedSizesArePlacedLargestFirst() throws {
        var plan = Plan(pools: [cidr("10.0.0.0/16")], ula: false)
        plan.sizes.region = BlockSize(ipv4: 16)
        plan.regions = [PlanRegion(name: "r", zones: [
            PlanZone(name: "small"), PlanZone(name: "big"),
        ])]
        // The plan lists the tiny role first; the /22 must still take the lowest block.
        plan.sizes.zone = BlockSize(ipv4: 20)
        plan.regions[0].zones[0].roles = [PlanRole(name: "tiny", size: BlockSize(ipv4: 28)),
                                          PlanRole(name: "large", size: BlockSize(ipv4: 22))]
        let outcome = try run(plan, MemoryAllocationStore())
        let byPath = Dictionary(uniqueKeysWithValues: outcome.allocations.map { ($0.path, $0.prefix.description) })
        #expect(byPath["r/small/large"] == "10.0.0.0/22")
        #expect(byPath["r/small/tiny"] == "10.0.4.0/28")
    }

    @Test func exhaustionNamesTheAskTheFreeSpaceAndTheLargestBlock() throws {
        let store = MemoryAllocationStore()
        store.state = AllocationState(
            allocations: [StoredAllocation(path: "r", kind: "region", prefix: cidr("10.0.0.0/24"), region: "r"),
                          StoredAllocation(path: "r/z1", kind: "zone", prefix: cidr("10.0.0.0/26"), region: "r", zone: "z1")],
            settings: ["pools": "10.0.0.0/24"])
        var plan = Plan(ula: false, regions: [PlanRegion(name: "r", zones: [
            PlanZone(name: "z1"), PlanZone(name: "z2"), PlanZone(name: "z3"),
        ])])
        plan.sizes.zone = BlockSize(ipv4: 25)
        let before = store.state.allocations
        let error = try #require(throws: AllocationError.self) { try run(plan, store) }
        guard case let .exhausted(path, _, family, length, parent, free, largest) = error else {
            Issue.record("expected exhaustion, got \(error)"); return
        }
        #expect(path == "r/z3")
        #expect(family == 4 && length == 25)
        #expect(parent == "10.0.0.0/24")
        #expect(free.value == 64)
        #expect(largest == cidr("10.0.0.64/26"))
        #expect(error.description.contains("largest free block 10.0.0.64/26"))
        #expect(store.state.allocations == before)
    }

    @Test func releasedBlocksAreQuarantinedUntilReuseIsAsked() throws {
        let store = MemoryAllocationStore()
        let plan = quickPlan(zones: "2", racks: 1)
        let first = try run(plan, store)
        let oldZone = try #require(first.allocations.first { $0.path == "region-1/region-1-a" && $0.family == 4 })
        let released = try AllocationRelease.release("region-1/region-1-a", in: store)
        #expect(Set(released.map(\.kind)) == ["zone", "rack"])
        #expect(released.count == 4)
        let second = try run(plan, store)
        let newZone = try #require(second.allocations.first { $0.path == "region-1/region-1-a" && $0.family == 4 })
        #expect(newZone.prefix != oldZone.prefix)
        #expect(store.state.quarantined.count == 4)
        // Release again and reuse: the lowest block is the quarantined original.
        _ = try AllocationRelease.release("region-1/region-1-a", in: store)
        let third = try run(plan, store, AllocationOptions(reuseReleased: true))
        let reused = try #require(third.allocations.first { $0.path == "region-1/region-1-a" && $0.family == 4 })
        #expect(reused.prefix == oldZone.prefix)
        #expect(!store.state.quarantined.contains { $0.prefix == oldZone.prefix })
    }

    @Test func releasingAnUnknownPathFails() throws {
        let store = MemoryAllocationStore()
        _ = try run(quickPlan(zones: "1"), store)
        #expect(throws: AllocationError.self) { try AllocationRelease.release("nope", in: store) }
    }

    @Test func bestFitPicksTheSmallestHole() throws {
        // Region 10.0.0.0/24 with holes: a /26 at .64 and a /25 at .128.
        let state = AllocationState(
            allocations: [StoredAllocation(path: "r", kind: "region", prefix: cidr("10.0.0.0/24"), region: "r"),
                          StoredAllocation(path: "r/z1", kind: "zone", prefix: cidr("10.0.0.0/26"), region: "r", zone: "z1")],
            settings: ["pools": "10.0.0.0/24"])
        var plan = Plan(ula: false, regions: [PlanRegion(name: "r", zones: [PlanZone(name: "z1"), PlanZone(name: "z2")])])
        plan.sizes.zone = BlockSize(ipv4: 27)
        let first = try Allocator.fixed(plan, AllocationOptions(fit: .first)).allocate(in: state).0.added
        let best = try Allocator.fixed(plan, AllocationOptions(fit: .best)).allocate(in: state).0.added
        #expect(first.map(\.prefix) == [cidr("10.0.0.64/27")])
        #expect(best.map(\.prefix) == [cidr("10.0.0.64/27")])
        // Now make the /25 hole the first one: best fit must still choose the /26 hole.
        let state2 = AllocationState(
            allocations: [StoredAllocation(path: "r", kind: "region", prefix: cidr("10.0.0.0/24"), region: "r"),
                          StoredAllocation(path: "r/z1", kind: "zone", prefix: cidr("10.0.0.128/26"), region: "r", zone: "z1")],
            settings: ["pools": "10.0.0.0/24"])
        let first2 = try Allocator.fixed(plan, AllocationOptions(fit: .first)).allocate(in: state2).0.added
        let best2 = try Allocator.fixed(plan, AllocationOptions(fit: .best)).allocate(in: state2).0.added
        #expect(first2.map(\.prefix) == [cidr("10.0.0.0/27")])
        #expect(best2.map(\.prefix) == [cidr("10.0.0.192/27")])
        // Last fit takes the top of the parent in both layouts.
        let last = try Allocator.fixed(plan, AllocationOptions(fit: .last)).allocate(in: state).0.added
        let last2 = try Allocator.fixed(plan, AllocationOptions(fit: .last)).allocate(in: state2).0.added
        #expect(last.map(\.prefix) == [cidr("10.0.0.224/27")])
        #expect(last2.map(\.prefix) == [cidr("10.0.0.224/27")])  // .128/26 taken: the top hole is .192/26
    }

    @Test func pinnedBlocksAreHonouredAndChecked() throws {
        var plan = Plan(pools: [cidr("10.0.0.0/8")], ula: false, regions: [PlanRegion(name: "r", prefixes: [cidr("10.64.0.0/12")])])
        let outcome = try run(plan, MemoryAllocationStore())
        #expect(outcome.allocations.map(\.prefix) == [cidr("10.64.0.0/12")])
        plan.regions[0].prefixes = [cidr("192.168.0.0/16")]
        #expect(throws: AllocationError.self) { try run(plan, MemoryAllocationStore()) }
    }

    @Test func overlaySlicesComeFromTheOverlayPool() throws {
        var plan = Plan(pools: [cidr("10.0.0.0/8")], ula: false,
                        overlay: OverlayPlan(name: "dcos", pools: [cidr("9.0.0.0/8")]))
        plan.regions = [PlanRegion(name: "r", zones: [PlanZone(name: "z", racks: [PlanRack(name: "k", agents: ["a1", "a2"])])])]
        let outcome = try run(plan, MemoryAllocationStore())
        let slices = outcome.allocations.filter { $0.kind == "agent" }
        #expect(slices.map(\.path) == ["r/z/k/dcos/a1", "r/z/k/dcos/a2"])
        #expect(slices.map(\.prefix) == [cidr("9.0.0.0/24"), cidr("9.0.1.0/24")])
        #expect(slices.allSatisfy { $0.agent != nil && $0.role == "dcos" })
    }

    @Test func releasingARacksOverlayPathReleasesItsSlicesOnly() throws {
        var plan = Plan(pools: [cidr("10.0.0.0/8")], ula: false, overlay: OverlayPlan(name: "dcos", pools: [cidr("9.0.0.0/8")]))
        plan.regions = [PlanRegion(name: "r", zones: [PlanZone(name: "z", racks: [PlanRack(name: "k", agents: ["a1", "a2"])])])]
        let store = MemoryAllocationStore()
        _ = try run(plan, store)
        let released = try AllocationRelease.release("r/z/k/dcos", in: store)
        #expect(Set(released.map(\.path)) == ["r/z/k/dcos/a1", "r/z/k/dcos/a2"])
        #expect(store.state.allocations.map(\.kind) == ["region", "zone", "rack"])
    }

    @Test func overlayOverlappingThePoolsIsRefused() throws {
        let plan = Plan(pools: [cidr("10.0.0.0/8")], ula: false, overlay: OverlayPlan(pools: [cidr("10.200.0.0/16")]),
                        regions: [PlanRegion(name: "r")])
        #expect(throws: AllocationError.self) { try run(plan, MemoryAllocationStore()) }
    }

    @Test func aChildAsLargeAsItsParentIsRefused() throws {
        var plan = quickPlan(zones: "1")
        plan.sizes.region = BlockSize(ipv4: 16)
        plan.sizes.zone = BlockSize(ipv4: 16)
        #expect(throws: AllocationError.self) { try run(plan, MemoryAllocationStore()) }
    }

    @Test func zoneNamesFollowTheRegion() {
        let regions = QuickTopology.regions(.list(["eu1"]), zones: .count(28), racks: 1)
        #expect(regions[0].zones.first?.name == "eu1-a")
        #expect(regions[0].zones[25].name == "eu1-z")
        #expect(regions[0].zones[26].name == "eu1-aa")
        #expect(regions[0].zones[0].racks.map(\.name) == ["rack-1"])
    }

    @Test func defaultSlotsAreTheNextPowerOfTwoAndAtLeastSixteen() {
        #expect(DefaultSizes.slotBits(count: 3) == 4)
        #expect(DefaultSizes.slotBits(count: 16) == 5)
        #expect(DefaultSizes.slotBits(count: 50) == 6)
        #expect(DefaultSizes.length(parentLength: 56, count: 20, family: 6) == 64)
    }
}

@Suite struct AllocationWarningTests {
    @Test func ipv6LengthsOffANibbleAreAllowedWithOneWarning() throws {
        var plan = Plan(pools: [cidr("10.0.0.0/8")], regions: QuickTopology.regions(.count(1), zones: .count(3), racks: 0))
        plan.sizes.zone = BlockSize(ipv6: 58)
        let outcome = try AllocationSession.run(Allocator.fixed(plan), store: MemoryAllocationStore(), dryRun: false)
        #expect(outcome.allocations.filter { $0.kind == "zone" && $0.family == 6 }.allSatisfy { $0.prefix.length == 58 })
        #expect(outcome.warnings.count == 1)
        #expect(outcome.warnings.first?.contains("nibble") == true)
    }

    @Test func aStoredBlockKeepsItsSizeWithAWarning() throws {
        let store = MemoryAllocationStore()
        var plan = Plan(pools: [cidr("10.0.0.0/8")], ula: false, regions: QuickTopology.regions(.count(1), zones: .count(1), racks: 0))
        plan.sizes.zone = BlockSize(ipv4: 16)
        let first = try AllocationSession.run(Allocator.fixed(plan), store: store, dryRun: false)
        plan.sizes.zone = BlockSize(ipv4: 18)
        let second = try AllocationSession.run(Allocator.fixed(plan), store: store, dryRun: false)
        #expect(second.allocations == first.allocations)
        #expect(second.warnings.first?.contains("kept 10.0.0.0/16") == true)
    }
}
