import Foundation
import Testing
@testable import IPAuditKit
import IPCore

@Suite("Audit rules")
struct AuditRuleTests {
    @Test("The consistent cluster audits clean in every format, with its plan")
    func cleanCluster() throws {
        let topology = try InventoryFixture.plan()
        for name in ["cluster.csv", "cluster.json", "cluster.yaml", "mesos-state.json", "marathon-apps.json",
                     "netbox-prefixes.csv", "netbox-api-prefixes.json", "overlay-master-state.json"] {
            let report = InventoryFixture.audit(try InventoryFixture.load(name), topology: topology)
            #expect(report.findings.isEmpty, "\(name): \(report.rules())")
        }
    }

    @Test("All sources of the cluster together: one entity per address, no duplicates")
    func sourcesTogether() throws {
        var inv = try InventoryFixture.load("cluster.csv")
        for name in ["mesos-state.json", "marathon-apps.json", "netbox-ip-addresses.csv", "netbox-prefixes.csv",
                     "overlay-master-state.json"] {
            inv.append(contentsOf: try InventoryFixture.load(name))
        }
        let report = InventoryFixture.audit(inv, topology: try InventoryFixture.plan())
        #expect(report.with(Rule.duplicateAddress).isEmpty, "\(report.with(Rule.duplicateAddress).map(\.message))")
        #expect(report.with(Rule.outsideOverlaySlice).isEmpty, "\(report.with(Rule.outsideOverlaySlice).map(\.message))")
        #expect(report.with(Rule.quorumAtRisk).isEmpty)
    }

    @Test("duplicate-address: two agents; host-mode task on its agent is not one")
    func duplicate() throws {
        let report = InventoryFixture.audit(try InventoryFixture.load("broken/duplicate-address.csv"))
        let dups = report.with(Rule.duplicateAddress)
        #expect(dups.count == 1)
        #expect(dups.first?.address == "10.20.1.21")
        #expect(dups.first?.entities == ["agent-1", "agent-1-old"])
        #expect(dups.first?.severity == .error)
        #expect(report.exitStatus(failOn: .error) == 1)
    }

    @Test("duplicate-address: shared roles, terminal tasks and host-local bridges are exempt")
    func duplicateExemptions() throws {
        let inv = try InventoryFixture.csv("""
            address,name,role,network,host,status
            10.0.0.5,lb-a,vip,,,
            10.0.0.5,lb-b,vip,,,
            10.0.0.6,r1,vrrp,,,
            10.0.0.6,r2,vrrp,,,
            172.31.254.2,t1,app,mesos-bridge,10.0.0.1,
            172.31.254.2,t2,app,mesos-bridge,10.0.0.2,
            10.0.0.7,old,app,dcos,,retired
            10.0.0.7,new,app,dcos,,
            10.0.0.8,x,app,dcos,,
            10.0.0.8,y,app,,,
            """)
        #expect(InventoryFixture.audit(inv).with(Rule.duplicateAddress).isEmpty)
    }

    @Test("duplicate-address: IPv4-mapped meets its IPv4 twin; IPv6 text forms meet")
    func duplicateNormalized() throws {
        // ::a00:9 has the same 128-bit value as 10.0.0.9 widened: families must not meet.
        let inv = try InventoryFixture.csv("address,name\n::ffff:10.0.0.9,a\n10.0.0.9,b\nfd00::1,c\nfd00:0:0::0:1,d\n::a00:9,e\n")
        let dups = InventoryFixture.audit(inv).with(Rule.duplicateAddress)
        #expect(Set(dups.compactMap(\.address)) == ["10.0.0.9", "fd00::1"])
    }

    @Test("duplicate-address: the same overlay address from Mesos and Marathon fixtures")
    func duplicateDCOS() throws {
        let mesos = InventoryFixture.audit(try InventoryFixture.load("broken/mesos-duplicate-task.json")).with(Rule.duplicateAddress)
        #expect(mesos.count == 1 && mesos[0].address == "10.200.3.130")
        #expect(mesos[0].evidence["routing_domain"] == "dcos")
        let agent = InventoryFixture.audit(try InventoryFixture.load("broken/mesos-duplicate-agent.json")).with(Rule.duplicateAddress)
        #expect(agent.count == 1 && agent[0].address == "10.20.1.21")
        let marathon = InventoryFixture.audit(try InventoryFixture.load("broken/marathon-duplicate-task.json"))
        #expect(marathon.with(Rule.duplicateAddress).map(\.address) == ["10.200.3.130"])
    }

    @Test("duplicate-address at scale: planted duplicates found once each, triples as one finding")
    func duplicateScale() throws {
        var text = "address,name,network\n"
        for i in 0..<20_000 { text += "10.\(i >> 16).\((i >> 8) & 255).\(i & 255),n\(i),\(i % 2 == 0 ? "" : "dcos")\n" }
        for k in stride(from: 0, to: 1_000, by: 10) {
            text += "10.0.\((k >> 8) & 255).\(k & 255),dup\(k),\n"  // k even: same domain as n{k}
        }
        text += "10.0.0.0,third,\n"  // n0 and dup0 already share 10.0.0.0
        let dups = InventoryFixture.audit(try InventoryFixture.csv(text)).with(Rule.duplicateAddress)
        #expect(dups.count == 100)
        #expect(dups.first { $0.address == "10.0.0.0" }?.entities == ["n0", "dup0", "third"])
    }

    @Test("Allow-listed duplicates become info findings with the reason")
    func allowList() throws {
        var options = AuditOptions()
        options.allowList = try AllowList.load(path: InventoryFixture.path("allow-list.csv"))
        let report = InventoryFixture.audit(try InventoryFixture.load("broken/duplicate-address.csv"), options: options)
        #expect(report.with(Rule.duplicateAddress).isEmpty)
        let allowed = report.with(Rule.allowListed)
        #expect(allowed.count == 1 && allowed[0].severity == .info)
        #expect(allowed[0].evidence["reason"] == .string("agent-1 is being renumbered: old record kept until CHG-1234 closes"))
        #expect(report.exitStatus(failOn: .error) == 0)
    }

    @Test("unroutable-address cites the registry entry; mapped form is unroutable")
    func unroutable() throws {
        let report = InventoryFixture.audit(try InventoryFixture.load("broken/unroutable-address.csv"))
        let hits = report.with(Rule.unroutableAddress)
        #expect(Set(hits.compactMap(\.address)) == ["127.0.0.1", "169.254.10.20", "192.0.2.15", "::ffff:10.20.2.22"])
        let loopback = try #require(hits.first { $0.address == "127.0.0.1" })
        guard case .object(let registry)? = loopback.evidence["registry"] else { Issue.record("no registry evidence"); return }
        #expect(registry["name"] == "Loopback")
        #expect(registry["rfc"] == "RFC 1122, Section 3.2.1.3")
        #expect(hits.allSatisfy { $0.severity == .error })
    }

    @Test("public-space: DC/OS overlay default and public IPv4 on a private agent; public agents are fine")
    func publicSpace() throws {
        let report = InventoryFixture.audit(try InventoryFixture.load("broken/public-space.csv"))
        let hits = report.with(Rule.publicSpace)
        // The overlay's default range is one cause (one finding); a private agent's public address is its own.
        #expect(Set(hits.compactMap(\.address)) == ["9.0.0.0/8", "8.8.4.20"])
        #expect(hits.allSatisfy { $0.severity == .warning })
        #expect(hits.first { $0.address == "9.0.0.0/8" }?.evidence["first_addresses"] == .array([.string("9.0.3.130")]))
        // Benchmarking space is discouraged: a warning under unroutable-address.
        #expect(report.with(Rule.unroutableAddress).map(\.severity) == [.warning])
    }

    @Test("outside-routable-space from --routable")
    func outsideRoutable() throws {
        let inv = try InventoryFixture.load("broken/outside-routable-space.csv")
        #expect(InventoryFixture.audit(inv).with(Rule.outsideRoutableSpace).isEmpty)
        let report = InventoryFixture.audit(inv, options: AuditOptions(routable: [try IPPrefix("10.20.0.0/16")]))
        #expect(report.with(Rule.outsideRoutableSpace).map(\.address) == ["172.16.5.5"])
    }

    @Test("out-of-zone: address in another zone's block, node in no block of its zone")
    func outOfZone() throws {
        let report = InventoryFixture.audit(try InventoryFixture.load("broken/out-of-zone.csv"), topology: try InventoryFixture.plan())
        let hits = report.with(Rule.outOfZone)
        #expect(Set(hits.compactMap(\.address)) == ["10.20.1.22", "10.20.9.10"])
        #expect(hits.first { $0.address == "10.20.1.22" }?.zone == "dc1-b")
    }

    @Test("out-of-zone: rack blocks from store allocations")
    func outOfRack() throws {
        var topology = AuditTopology()
        topology.add(allocations: [
            StoredAllocation(path: "dc1/a/r1", kind: "rack", prefix: try IPPrefix("10.1.1.0/26"), region: "dc1", zone: "a", rack: "r1"),
            StoredAllocation(path: "dc1/a/r2", kind: "rack", prefix: try IPPrefix("10.1.1.64/26"), region: "dc1", zone: "a", rack: "r2"),
        ])
        let inv = try InventoryFixture.csv("address,name,role,zone,rack\n10.1.1.70,n1,agent,a,r1\n10.1.1.5,n2,agent,a,r1\n")
        let hits = InventoryFixture.audit(inv, topology: topology).with(Rule.outOfZone)
        #expect(hits.map(\.address) == ["10.1.1.70"])
    }

    @Test("overlapping-allocation: zones, overlay vs underlay, node inside an overlay")
    func overlaps() throws {
        let report = InventoryFixture.audit(try InventoryFixture.load("broken/overlapping-allocation.csv"))
        let hits = report.with(Rule.overlappingAllocation)
        #expect(Set(hits.compactMap(\.address)) == ["10.20.1.128/25", "10.20.200.0/22"])
        var inv = try InventoryFixture.csv("prefix,network\n10.200.0.0/16,dcos\n")
        inv.append(contentsOf: try InventoryFixture.csv("address,name,role\n10.200.7.1,agent-x,agent\n"))
        let node = InventoryFixture.audit(inv).with(Rule.overlappingAllocation)
        #expect(node.map(\.address) == ["10.200.7.1"])
        // Nesting in the same place is fine.
        let fine = try InventoryFixture.csv("prefix,region,zone\n10.0.0.0/16,r,\n10.0.1.0/24,r,z1\n10.0.2.0/24,r,z2\n")
        #expect(InventoryFixture.audit(fine).with(Rule.overlappingAllocation).isEmpty)
    }

    @Test("quorum-at-risk: counts 3/5 fine, 1/7/9 warn, others error")
    func quorumCounts() throws {
        func masters(_ n: Int) throws -> FindingsReport {
            var text = "address,name,role,region,zone\n"
            for i in 0..<n { text += "10.0.\(i % 5).\(10 + i),m\(i),master,r,z\(i % 5)\n" }
            return InventoryFixture.audit(try InventoryFixture.csv(text))
        }
        for (n, expected) in [(1, Severity.warning), (2, .error), (3, nil), (4, .error), (5, nil), (7, .warning), (9, .warning), (11, .error)] {
            let hits = try masters(n).with(Rule.quorumAtRisk)
            #expect(hits.first?.severity == expected, "n=\(n)")
        }
        let mesos = InventoryFixture.audit(try InventoryFixture.load("mesos-state.json"))
        #expect(mesos.with(Rule.quorumAtRisk).isEmpty)  // leader only, but flags.quorum=2 → 3 masters
    }

    @Test("masters-not-spread: a zone holding a majority, racks, regions")
    func spread() throws {
        let report = InventoryFixture.audit(try InventoryFixture.load("broken/masters-not-spread.csv"))
        let hits = report.with(Rule.mastersNotSpread)
        #expect(hits.count == 1 && hits[0].zone == "dc1-a" && hits[0].entities == ["master-1", "master-2"])
        let racks = try InventoryFixture.csv("""
            address,name,role,region,zone,rack
            10.0.1.1,m1,master,r,a,k1
            10.0.2.1,m2,master,r,b,k1
            10.0.3.1,m3,master,r,c,k3
            """)
        #expect(InventoryFixture.audit(racks).with(Rule.mastersNotSpread).isEmpty)  // k1 of zone a ≠ k1 of zone b
        let regions = try InventoryFixture.csv("address,name,role,region,zone\n10.0.1.1,m1,master,r1,a\n10.0.2.1,m2,master,r1,b\n10.0.3.1,m3,master,r2,c\n")
        #expect(InventoryFixture.audit(regions).with(Rule.mastersNotSpread).map(\.message).contains { $0.contains("2 regions") })
    }

    @Test("pool-utilization: warning at 80 %, error at 95 %, thresholds configurable")
    func pools() throws {
        let inv = try InventoryFixture.load("broken/pool-utilization.csv")
        #expect(InventoryFixture.audit(inv).with(Rule.poolUtilization).map(\.severity) == [.warning])
        let strict = AuditOptions(utilizationWarning: 0.5, utilizationError: 0.85)
        #expect(InventoryFixture.audit(inv, options: strict).with(Rule.poolUtilization).map(\.severity) == [.error])
        let loose = AuditOptions(utilizationWarning: 0.9, utilizationError: 0.95)
        #expect(InventoryFixture.audit(inv, options: loose).with(Rule.poolUtilization).isEmpty)
    }

    @Test("unknown-address and wire duplicates from scan observations")
    func observations() throws {
        let inv = try InventoryFixture.csv("address,name,role\n10.0.0.1,a,agent\n10.0.0.2,b,agent\n10.0.0.9,lb,vip\n")
        let obs = [
            Observation(address: "10.0.0.1", mac: "02:00:00:00:00:01", domain: "agent-1/eth0", firstSeen: 1, lastSeen: 2, frames: 3),
            Observation(address: "10.0.0.3", mac: "02:00:00:00:00:03", domain: "agent-1/eth0", firstSeen: 1, lastSeen: 2, frames: 1),
            Observation(address: "10.0.0.2", mac: "02:00:00:00:00:02", domain: "agent-1/eth0", firstSeen: 1, lastSeen: 2, frames: 1),
            Observation(address: "10.0.0.2", mac: "02:00:00:00:00:22", domain: "agent-2/eth0", firstSeen: 1, lastSeen: 2, frames: 1),
            Observation(address: "10.0.0.9", mac: "02:00:00:00:00:09", domain: "agent-1/eth0", firstSeen: 1, lastSeen: 2, frames: 1),
            Observation(address: "10.0.0.9", mac: "02:00:00:00:00:99", domain: "agent-2/eth0", firstSeen: 1, lastSeen: 2, frames: 1),
        ]
        let report = InventoryFixture.audit(inv, observations: obs)
        #expect(report.with(Rule.unknownAddress).map(\.address) == ["10.0.0.3"])
        let wire = report.with(Rule.duplicateAddress)
        #expect(wire.map(\.address) == ["10.0.0.2"])  // the VIP answering from two hosts is by design
        #expect(wire.first?.macs == ["02:00:00:00:00:02", "02:00:00:00:00:22"])
    }

    @Test("wire rules group by address: mapped IPv4 meets its twin, order does not matter")
    func observationGrouping() throws {
        let inv = try InventoryFixture.csv("address,name,role\n10.0.0.1,a,agent\n")
        var obs = [
            Observation(address: "10.0.0.5", mac: "02:00:00:00:00:05", domain: "agent-1/eth0", firstSeen: 5, lastSeen: 9, frames: 2),
            Observation(address: "::ffff:10.0.0.5", mac: "02:00:00:00:00:55", domain: "agent-2/eth0", firstSeen: 3, lastSeen: 7, frames: 4),
            Observation(address: "2001:db8::7", mac: "02:00:00:00:00:07", domain: "agent-1/eth0", firstSeen: 1, lastSeen: 1, frames: 1),
            Observation(address: "10.0.0.1", mac: "02:00:00:00:00:01", domain: "agent-1/eth0", firstSeen: 1, lastSeen: 1, frames: 1),
        ]
        var options = AuditOptions()
        options.now = 3609   // ages are measured to the audit's clock
        let report = InventoryFixture.audit(inv, observations: obs, options: options)
        let unknown = report.with(Rule.unknownAddress)
        #expect(unknown.map(\.address) == ["10.0.0.5", "2001:db8::7"])  // sorted by address, IPv4 first
        #expect(unknown.first?.evidence["age_seconds"] == .double(3600))
        #expect(unknown.first?.message.hasSuffix("first seen 1970-01-01T00:00:03Z, last seen 1970-01-01T00:00:09Z (age 1h)") == true)
        #expect(unknown.first?.macs == ["02:00:00:00:00:05", "02:00:00:00:00:55"])
        #expect(unknown.first?.evidence["first_seen"] == .double(3))
        #expect(unknown.first?.evidence["last_seen"] == .double(9))
        #expect(unknown.first?.evidence["frames"] == .int(6))
        #expect(report.with(Rule.duplicateAddress).map(\.address) == ["10.0.0.5"])
        // Any order of the same observations gives the same report.
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5 {
            obs.shuffle(using: &rng)
            #expect(try FindingsRenderer.json(InventoryFixture.audit(inv, observations: obs, options: options)) == FindingsRenderer.json(report))
        }
    }

    @Test("outside-overlay-slice: a task in another agent's slice, or in no slice; other networks are not judged")
    func overlaySlices() throws {
        var swapped = try InventoryFixture.load("cluster.csv")
        swapped.append(contentsOf: try InventoryFixture.load("broken/overlay-swapped-slices.json"))
        let findings = InventoryFixture.audit(swapped).with(Rule.outsideOverlaySlice)
        #expect(findings.map(\.address) == ["10.200.3.130", "10.200.4.130"])
        #expect(findings.map(\.entities) == [["web.1"], ["web.2"]])
        #expect(findings.first?.evidence["slice_owner"] == .string("10.20.2.22"))
        #expect(findings.allSatisfy { $0.severity == .error })

        var stray = try InventoryFixture.csv("""
            address,name,role,network,host
            10.20.1.21,agent-1,agent,,
            10.20.2.22,agent-2,agent,,
            10.200.250.9,stray.1,app,dcos,10.20.1.21
            10.200.3.9,fine.1,app,dcos,10.20.1.21
            10.200.3.10,by-name.1,app,dcos,agent-1
            10.200.3.11,by-name.2,app,dcos,agent-2
            10.200.4.9,misplaced.1,app,dcos,10.20.1.21
            fd01:b::9,v6.1,app,dcos,10.20.1.21
            10.99.0.1,elsewhere.1,app,weave,10.20.1.21
            """)
        stray.append(contentsOf: try InventoryFixture.load("overlay-master-state.json"))
        let strays = InventoryFixture.audit(stray).with(Rule.outsideOverlaySlice)
        // No IPv6 slices are known, so the IPv6 task is not judged; hosts given by name resolve.
        // In address order, as numbers (issue 23).
        #expect(strays.map(\.address) == ["10.200.3.11", "10.200.4.9", "10.200.250.9"])
        #expect(strays.last?.message.contains("in no node's slice") == true)

        // One prefix listed for two nodes (a stale registration): a task of either is fine,
        // whatever order the rows come in.
        for order in [["10.20.1.21", "10.20.2.22"], ["10.20.2.22", "10.20.1.21"]] {
            var twice = try InventoryFixture.csv("""
                prefix,name,network,host,overlay_slice
                10.200.9.0/24,s1,dcos,\(order[0]),true
                10.200.9.0/24,s2,dcos,\(order[1]),true
                """)
            twice.append(contentsOf: try InventoryFixture.csv("""
                address,name,role,network,host
                10.200.9.5,t.1,app,dcos,10.20.1.21
                10.200.9.6,t.2,app,dcos,10.20.2.22
                10.200.9.7,t.3,app,dcos,10.20.3.23
                """))
            #expect(InventoryFixture.audit(twice).with(Rule.outsideOverlaySlice).map(\.address) == ["10.200.9.7"])
        }
    }
}
