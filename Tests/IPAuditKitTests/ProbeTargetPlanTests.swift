import IPAuditKit
import IPCore
import Testing

/// What `ipaudit probe` asks for: the on-link part of each target, the rest listed as skipped.
@Suite struct ProbeTargetPlanTests {
    static func p(_ s: String) -> IPPrefix { try! IPPrefix(addressOrPrefix: s) }
    static func a(_ s: String) -> IPAddress { p(s).network }
    static let link = [p("10.213.0.0/24"), p("fd5a:1f00:0:13::/64"), p("fe80::/64")]

    static func plan(_ sweeps: [String], expected: [String] = [], link: [IPPrefix]? = link, own: [String] = ["10.213.0.1"],
                     max: Int = 65_536) throws -> ProbeTargetPlan {
        try ProbeTargetPlan(sweeps: sweeps.map(p), expected: expected.map(a), link: link, linkName: "vp",
                            own: Set(own.map(a)), maxTargets: max)
    }

    @Test func ipv4RangesLeaveOutTheLinksNetworkBroadcastAndOwnAddress() throws {
        let plan = try Self.plan(["10.213.0.0/29"])
        #expect(plan.targets == ["10.213.0.2", "10.213.0.3", "10.213.0.4", "10.213.0.5", "10.213.0.6", "10.213.0.7"].map(Self.a))
        #expect(plan.skipped.map(\.description) == ["10.213.0.1 (vp's own address)"])
        // /31 and /32 have no network or broadcast address.
        #expect(try Self.plan(["10.213.0.8/31"]).targets == [Self.a("10.213.0.8"), Self.a("10.213.0.9")])
        #expect(try Self.plan(["10.213.0.8"]).targets == [Self.a("10.213.0.8")])
    }

    /// The network and broadcast addresses are the link's, not each range's: a /28 or a
    /// store's /26 blocks inside a /24 link are hosts to their last address (arp-scan probes them too).
    @Test func rangesInsideTheLinkKeepTheirFirstAndLastAddresses() throws {
        let small = try Self.plan(["10.213.0.0/28"])
        #expect(small.targets.last == Self.a("10.213.0.15"))
        #expect(small.targets.count == 14)   // .0 is the link's network, .1 our own
        let blocks = try Self.plan(["10.213.0.64/26", "10.213.0.128/26", "10.213.0.192/26"])
        #expect(blocks.targets.count == 191)   // .255 is the link's broadcast
        for kept in ["10.213.0.64", "10.213.0.127", "10.213.0.128", "10.213.0.191", "10.213.0.192", "10.213.0.254"] {
            #expect(blocks.targets.contains(Self.a(kept)), "\(kept)")
        }
        #expect(!blocks.targets.contains(Self.a("10.213.0.255")))
        // Given on its own, an address is probed even when it is the link's network address.
        #expect(try Self.plan(["10.213.0.0"]).targets == [Self.a("10.213.0.0")])
    }

    /// Every router with forwarding on answers for the Subnet-Router anycast address (prefix::),
    /// and the RFC 2526 reserved anycast addresses are no host's: left out of ranges.
    @Test func ipv6RangesLeaveOutTheLinksAnycastAddresses() throws {
        let plan = try Self.plan(["fd5a:1f00:0:13::/126"])
        #expect(plan.targets.map(\.description) == ["fd5a:1f00:0:13::1", "fd5a:1f00:0:13::2", "fd5a:1f00:0:13::3"])
        let top = try Self.plan(["fd5a:1f00:0:13:fdff:ffff:ffff:ff00/120"])
        #expect(top.targets.count == 128)
        #expect(top.targets.last?.description == "fd5a:1f00:0:13:fdff:ffff:ffff:ff7f")
        #expect(try Self.plan(["fd5a:1f00:0:13:ffff:ffff:ffff:ff80/121"]).targets.count == 128)   // not reserved on a /64
        // On a longer link prefix, the top 128 of it; a /127 has none (RFC 6164).
        let long = [Self.p("fd5a:1f00:0:14::/112"), Self.p("fd5a:1f00:0:15::/127")]
        #expect(try Self.plan(["fd5a:1f00:0:14::ff00/120"], link: long).targets.count == 128)
        #expect(try Self.plan(["fd5a:1f00:0:14::/112"], link: long).targets.count == 65_536 - 129)
        #expect(try Self.plan(["fd5a:1f00:0:15::/127"], link: long).targets.count == 2)
        // Asked for by name, it is probed.
        #expect(try Self.plan(["fd5a:1f00:0:13::"]).targets.map(\.description) == ["fd5a:1f00:0:13::"])
    }

    @Test func offLinkTargetsAreSkippedAndWideOnesCut() throws {
        let plan = try Self.plan(["10.50.0.0/24", "10.213.0.0/16"], expected: ["10.50.0.1", "10.213.0.9"], max: 300)
        #expect(plan.targets.count == 253)   // the /24's 254 hosts less the own address; .9 is among them
        #expect(plan.expected == [Self.a("10.213.0.9")])
        let skipped = plan.skipped.map(\.description)
        #expect(skipped.contains("10.50.0.0/24 (not on vp's link)"))
        #expect(skipped.contains("10.213.0.0/16 (only 10.213.0.0/24 is on vp's link)"))
        #expect(skipped.contains("10.50.0.1 (not on vp's link)"))
        // fd00::/8 holds the on-link /64, too big for the limit: refused, not truncated.
        #expect(throws: InputError.self) { try Self.plan(["fd00::/8"]) }
        #expect(try Self.plan(["fd5a:1f00:0:13::/112"]).targets.count == 65_535)   // less the anycast ::
        #expect(skipped.count == 4)
    }

    @Test func theLimitIsCheckedBeforeExpanding() throws {
        #expect(throws: InputError.self) { try Self.plan(["10.0.0.0/8"], link: nil) }
        #expect(throws: InputError.self) { try Self.plan(["10.213.0.0/24"], max: 100) }
        #expect(try Self.plan(["10.213.0.0/25"], max: 126).targets.count == 126)
        #expect(throws: InputError.self) { try Self.plan(["10.213.0.0/25"], max: 125) }
        // Overlapping targets count once.
        #expect(try Self.plan(["10.213.0.0/25", "10.213.0.0/26", "10.213.0.5"], max: 126).targets.count == 126)
    }

    @Test func withoutALinkEveryTargetIsProbed() throws {
        let plan = try Self.plan(["192.0.2.0/30"], expected: ["198.51.100.7"], link: nil, own: [])
        #expect(plan.targets == [Self.a("192.0.2.1"), Self.a("192.0.2.2"), Self.a("198.51.100.7")])
        #expect(plan.skipped.isEmpty)
    }

    /// --vlan: given targets as they are, a store's blocks only where the VLAN's known prefixes hold them.
    @Test func mergedPlansKeepBothTargetListsUnderOneLimit() throws {
        var plan = try Self.plan(["10.213.42.5"], expected: ["10.213.42.9"], link: nil, own: [])
        let blocks = try Self.plan(["10.213.42.0/29", "10.50.0.0/16"], link: [Self.p("10.213.42.0/24")], own: [])
        try plan.merge(blocks, maxTargets: 100)
        #expect(plan.targets.map(\.description) == (1...7).map { "10.213.42.\($0)" } + ["10.213.42.9"])
        #expect(plan.expected == [Self.a("10.213.42.9")])
        #expect(plan.skipped.map(\.description) == ["10.50.0.0/16 (not on vp's link)"])
        #expect(throws: InputError.self) { try plan.merge(blocks, maxTargets: 7) }
    }
}
