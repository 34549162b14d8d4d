import IPAuditKit
import IPCore
import Testing

/// Level sizes on real, often small pools: bottom-up minimums, shrinking headroom, floors,
/// the arithmetic of a refusal, and stability of what is stored.
@Suite struct AllocationSizingTests {
    func plan(_ pools: [String], regions: QuickTopology.Names = .count(1), zones: Int, racks: Int = 0, ula: Bool = false) -> Plan {
        Plan(pools: pools.map(cidr), ula: ula, regions: QuickTopology.regions(regions, zones: .count(zones), racks: racks))
    }

    func run(_ plan: Plan, _ store: MemoryAllocationStore = MemoryAllocationStore()) throws -> AllocationOutcome {
        try AllocationSession.run(Allocator.fixed(plan), store: store, dryRun: false)
    }

    func blocks(_ o: AllocationOutcome, _ kind: String, family: Int = 4) -> [String] {
        o.allocations.filter { $0.kind == kind && $0.family == family }.map(\.prefix.description)
    }

    func tooSmallMessage(_ body: () throws -> Void) throws -> String {
        let error = try #require(throws: AllocationError.self) { try body() }
        guard case .tooSmall = error else {
            Issue.record("expected tooSmall, got \(error)")
            return ""
        }
        return error.description
    }

    @Test func aLabPoolGetsUsableZonesNotSingleAddresses() throws {
        let o = try run(plan(["10.9.0.0/24"], zones: 2))
        #expect(blocks(o, "region") == ["10.9.0.0/24"])
        #expect(blocks(o, "zone") == ["10.9.0.0/28", "10.9.0.16/28"])
        #expect(o.warnings == ["pool 10.9.0.0/24 is small: the pool gets room for 1 region, not 16 (see --explain)"])
        let zone = try #require(o.sizing.first { $0.kind == "zone" && $0.family == 4 })
        #expect(zone.reason == "default headroom, floor")
        #expect(try #require(o.sizing.first { $0.kind == "region" }).reason == "shrunk headroom")
    }

    @Test func explicitHalvesThatFillThePoolExactlyAreAccepted() throws {
        var p = plan(["10.9.0.0/24"], zones: 2)
        p.sizes.zone = BlockSize(ipv4: 25)
        let o = try run(p)
        #expect(blocks(o, "region") == ["10.9.0.0/24"])
        #expect(blocks(o, "zone") == ["10.9.0.0/25", "10.9.0.128/25"])
        #expect(o.warnings.count == 1)
        #expect(o.warnings.first?.contains("regions get room for 2 zones, not 16") == true)
        #expect(try #require(o.sizing.first { $0.kind == "region" }).reason == "derived from children, shrunk headroom")
    }

    @Test func aSitePoolWithTwoRegionsThreeZonesFourRacks() throws {
        let o = try run(plan(["10.9.0.0/22"], regions: .count(2), zones: 3, racks: 4))
        #expect(blocks(o, "region") == ["10.9.0.0/23", "10.9.2.0/23"])
        #expect(blocks(o, "zone").allSatisfy { $0.hasSuffix("/25") })
        #expect(blocks(o, "rack").count == 24)
        #expect(blocks(o, "rack").allSatisfy { $0.hasSuffix("/28") })
        let warning = try #require(o.warnings.first)
        #expect(warning == "pool 10.9.0.0/22 is small: the pool gets room for 2 regions, not 16; "
            + "regions get room for 4 zones, not 16; zones get room for 8 racks, not 16 (see --explain)")
    }

    @Test func largePoolsKeepTheirLayoutWithoutWarnings() throws {
        let o = try run(plan(["10.0.0.0/8"], zones: 3, racks: 2, ula: true))
        #expect(blocks(o, "region") == ["10.0.0.0/12"])
        #expect(blocks(o, "zone") == ["10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16"])
        #expect(blocks(o, "rack").allSatisfy { $0.hasSuffix("/20") })
        #expect(blocks(o, "rack", family: 6).allSatisfy { $0.hasSuffix("/60") })
        #expect(o.warnings.isEmpty)
        #expect(o.sizing.allSatisfy { $0.reason == "default headroom" })
    }

    @Test func anExplicitChildSizeSetsTheParentsMinimumWithFullHeadroomWhenThePoolAllows() throws {
        // Racks of /24 with room for 16 per zone and 16 zones per region fill a /16 exactly.
        var p = plan(["10.0.0.0/16"], zones: 3, racks: 4)
        p.sizes.rack = BlockSize(ipv4: 24)
        let o = try run(p)
        #expect(blocks(o, "region") == ["10.0.0.0/16"])
        #expect(blocks(o, "zone").allSatisfy { $0.hasSuffix("/20") })
        #expect(blocks(o, "rack").allSatisfy { $0.hasSuffix("/24") })
    }

    @Test func whenEvenAnExactFitBreaksTheFloorItExitsWithTheArithmetic() throws {
        let store = MemoryAllocationStore()
        let message = try tooSmallMessage { _ = try run(plan(["10.9.0.0/26"], zones: 8), store) }
        #expect(message.contains("the IPv4 pool 10.9.0.0/26 is too small: asked for 1 region, 8 zones per region"))
        #expect(message.contains("no smaller than /28"))
        #expect(message.contains("that needs a /25 pool (128 addresses), the pool has 64 addresses free"))
        #expect(message.contains("a /25 pool"))
        #expect(message.contains("at most 4 zones per region"))
        #expect(message.contains("zones of /29 (--zone-prefix 29, plan sizes.zone; explicit sizes may go below the /28 floor)"))
        #expect(message.hasSuffix("Nothing was written."))
        #expect(store.state.allocations.isEmpty && store.state.settings.isEmpty)
    }

    @Test func anExplicitSizeThatCannotFitSaysWhatWould() throws {
        var p = plan(["10.9.0.0/24"], zones: 3)
        p.sizes.zone = BlockSize(ipv4: 25)
        let message = try tooSmallMessage { _ = try run(p) }
        #expect(message.contains("3 zones per region of /25 (explicit)"))
        #expect(message.contains("that needs a /23 pool"))
        #expect(message.contains("at most 2 zones per region"))
        #expect(message.contains("zones of /26 instead of /25 (--zone-prefix 26, plan sizes.zone)"))
    }

    @Test func anExplicitSizeBelowTheFloorIsHonoured() throws {
        var p = plan(["10.9.0.0/26"], zones: 8)
        p.sizes.zone = BlockSize(ipv4: 29)
        let o = try run(p)
        #expect(blocks(o, "zone").count == 8)
        #expect(blocks(o, "zone").allSatisfy { $0.hasSuffix("/29") })
        #expect(blocks(o, "region") == ["10.9.0.0/26"])
    }

    @Test func smallIPv6PoolsStayOnNibbles() throws {
        let o = try run(plan(["10.0.0.0/8", "fd00:1:2:300::/56"], zones: 3, racks: 4))
        #expect(blocks(o, "region", family: 6) == ["fd00:1:2:300::/56"])
        #expect(blocks(o, "zone", family: 6).allSatisfy { $0.hasSuffix("/60") })
        #expect(blocks(o, "rack", family: 6).allSatisfy { $0.hasSuffix("/64") })
        #expect(o.warnings == ["pool fd00:1:2:300::/56 is small: the pool gets room for 1 region, not 16 (see --explain)"])
    }

    @Test func offNibbleIPv6OnlyWhenThePoolAllowsNothingElse() throws {
        let o = try run(plan(["10.0.0.0/8", "fd00:1:2:8::/61"], regions: .count(2), zones: 1))
        #expect(blocks(o, "region", family: 6) == ["fd00:1:2:8::/62", "fd00:1:2:c::/62"])
        #expect(blocks(o, "zone", family: 6).allSatisfy { $0.hasSuffix("/64") })
        #expect(o.warnings.contains { $0.contains("not on a nibble boundary") })
    }

    @Test func storedBlocksKeepTheirSizeAndGrowthIntoAFullParentNamesIt() throws {
        let store = MemoryAllocationStore()
        let first = try run(plan(["10.9.0.0/24"], zones: 2), store)
        // More zones: the stored /28 size is kept, the region holds 16 of them.
        let second = try run(plan(["10.9.0.0/24"], zones: 16), store)
        #expect(Array(second.allocations.prefix(first.allocations.count)) == first.allocations)
        #expect(blocks(second, "zone").allSatisfy { $0.hasSuffix("/28") })
        #expect(try #require(second.sizing.first { $0.kind == "zone" }).reason == "stored")
        let before = store.state
        let error = try #require(throws: AllocationError.self) { try run(plan(["10.9.0.0/24"], zones: 17), store) }
        guard case let .exhausted(path, _, _, length, parent, free, _) = error else {
            Issue.record("expected exhaustion, got \(error)"); return
        }
        #expect(path == "region-1/region-1-q" && length == 28 && parent == "10.9.0.0/24" && free.value == 0)
        #expect(error.description.contains("release blocks no longer used in 10.9.0.0/24"))
        #expect(store.state.allocations == before.allocations)
    }

    @Test func racksUnderStoredMinimumZonesNeedAnExplicitSize() throws {
        let store = MemoryAllocationStore()
        _ = try run(plan(["10.9.0.0/24"], zones: 2), store)
        let before = store.state.allocations
        let message = try tooSmallMessage { _ = try run(plan(["10.9.0.0/24"], zones: 2, racks: 2), store) }
        #expect(message.contains("2 zones per region of /28 (stored)"))
        #expect(message.contains("racks of /29 (--rack-prefix 29, plan sizes.rack; explicit sizes may go below the /28 floor)"))
        #expect(store.state.allocations == before)
        var p = plan(["10.9.0.0/24"], zones: 2, racks: 2)
        p.sizes.rack = BlockSize(ipv4: 30)
        let o = try run(p, store)
        #expect(blocks(o, "rack") == ["10.9.0.0/30", "10.9.0.4/30", "10.9.0.16/30", "10.9.0.20/30"])
    }

    @Test func zoneRolesCountInTheZonesMinimum() throws {
        // 4 racks of /26 and a /26 role need 320 addresses, more than a /24: zones are /23.
        var p = plan(["10.9.0.0/22"], zones: 2, racks: 4)
        p.sizes.rack = BlockSize(ipv4: 26)
        for i in p.regions[0].zones.indices { p.regions[0].zones[i].roles = [PlanRole(name: "masters", size: BlockSize(ipv4: 26))] }
        let o = try run(p)
        #expect(blocks(o, "zone").allSatisfy { $0.hasSuffix("/23") })
        #expect(o.allocations.filter { $0.kind == "role" }.count == 2)
    }

    @Test func anExplicitZoneTooSmallForItsRoleSaysWhichSizeHoldsIt() throws {
        var p = plan(["10.9.0.0/22"], zones: 1)
        p.sizes.zone = BlockSize(ipv4: 26)
        p.regions[0].zones[0].roles = [PlanRole(name: "vips", size: BlockSize(ipv4: 24))]
        let message = try tooSmallMessage { _ = try run(p) }
        #expect(message.contains("a larger pool does not help"))
        #expect(message.contains("zones of /23 instead of /26 (--zone-prefix 23, plan sizes.zone)"))
    }

    @Test func aPinnedZoneOfAnotherSizeGetsRacksThatFitIt() throws {
        var p = plan(["10.0.0.0/8"], zones: 2, racks: 2)
        p.regions[0].zones[1].prefixes = [cidr("10.1.0.0/20")]
        let o = try run(p)
        let pinnedRacks = o.allocations.filter { $0.kind == "rack" && $0.zone == "region-1-b" }.map(\.prefix.description)
        #expect(pinnedRacks == ["10.1.0.0/24", "10.1.1.0/24"])
        #expect(o.allocations.filter { $0.kind == "rack" && $0.zone == "region-1-a" }.allSatisfy { $0.prefix.length == 20 })
    }

    @Test func aChildAsLargeAsItsStoredParentSaysWhatFits() throws {
        let store = MemoryAllocationStore()
        _ = try run(plan(["10.9.0.0/24"], zones: 1), store)
        var p = plan(["10.9.0.0/24"], zones: 2)
        p.sizes.zone = BlockSize(ipv4: 24)
        let error = try #require(throws: AllocationError.self) { try run(p, store) }
        #expect(error.description.contains("does not fit inside its parent 10.9.0.0/24 with room to spare; a zone must be smaller than its parent: /25 or longer"))
    }
}
