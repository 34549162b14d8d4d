import Foundation
import IPAuditKit
import IPCore
import Testing

@Suite struct PlanLoadTests {
    static var examplePath: String {
        Repository.fixture("plans/example.yaml")
    }

    @Test func loadsTheShippedExample() throws {
        let plan = try Plan.load(path: Self.examplePath)
        #expect(plan.cluster == "demo-dcos")
        #expect(plan.pools == [try IPPrefix("10.16.0.0/12"), try IPPrefix("fd6e:a1b2:c3d4::/48")])
        #expect(plan.reserved == [try IPPrefix("10.31.0.0/16")])
        #expect(plan.routable.count == 3)
        #expect(plan.sizes.zone == BlockSize(ipv4: 17, ipv6: 56))
        #expect(plan.overlay?.name == "dcos")
        #expect(plan.overlay?.agentSize == BlockSize(ipv4: 24, ipv6: 80))
        #expect(plan.regions.map(\.name) == ["aws/us-east-1", "aws/us-west-2"])
        let zoneA = try #require(plan.regions.first?.zones.first)
        #expect(zoneA.name == "aws/us-east-1a")
        #expect(zoneA.roles.map(\.name) == ["masters", "vips"])
        #expect(zoneA.roles[1].size == BlockSize(ipv4: 24, ipv6: 64))
        #expect(zoneA.racks[0].agents == ["agent-1", "agent-2", "agent-3"])
        #expect(zoneA.racks[0].roles[1].size == BlockSize(ipv4: 26))
        #expect(zoneA.racks[1].prefixes == [try IPPrefix("10.16.8.0/22")])
        #expect(zoneA.racks[1].agents == ["a-node-17", "a-node-18"])
        #expect(plan.regions[0].zones[1].racks.map(\.name) == ["rack-1", "rack-2"])
    }

    @Test func routableDefaultsToPoolsAndOverlay() throws {
        let plan = try Plan.parse(yaml: "pools: [10.0.0.0/8]\noverlay: {pools: 9.0.0.0/8}\n")
        #expect(plan.routable == [try IPPrefix("10.0.0.0/8"), try IPPrefix("9.0.0.0/8")])
        #expect(plan.ula)
    }

    @Test func unknownKeyNamesLineAndKey() throws {
        let yaml = "pools: [10.0.0.0/8]\nregions:\n  - name: eu1\n    zonez: []\n"
        let error = try #require(throws: InputError.self) { try Plan.parse(yaml: yaml, file: "p.yaml") }
        #expect(error.file == "p.yaml")
        #expect(error.line == 4)
        #expect(error.path == "regions[0]")
        #expect(error.field == "zonez")
    }

    @Test func hostBitsSetIsAnErrorWithItsLocation() throws {
        let yaml = "cluster: x\nreserved:\n  - 10.0.0.1/8\n"
        let error = try #require(throws: InputError.self) { try Plan.parse(yaml: yaml, file: "p.yaml") }
        #expect(error.line == 3)
        #expect(error.field == "reserved")
        #expect(error.message.contains("10.0.0.0/8"))
    }

    @Test func invalidYAMLGivesALine() throws {
        let error = try #require(throws: InputError.self) { try Plan.parse(yaml: "pools: [10.0.0.0/8\nregions: x\n", file: "p.yaml") }
        #expect(error.line != nil)
        #expect(error.message.contains("invalid YAML"))
    }

    @Test func duplicateZoneNamesAreRejected() throws {
        let yaml = "regions:\n  - name: r\n    zones:\n      - name: a\n      - name: a\n"
        let error = try #require(throws: InputError.self) { try Plan.parse(yaml: yaml) }
        #expect(error.message.contains("duplicate zone name 'a'"))
    }

    @Test func lengthOutOfRangeIsRejected() throws {
        let error = try #require(throws: InputError.self) { try Plan.parse(yaml: "sizes: {zone: {ipv4: 33}}\n") }
        #expect(error.field == "ipv4")
        #expect(error.path == "sizes.zone")
    }

    @Test func missingFileIsAnInputError() throws {
        let error = try #require(throws: InputError.self) { try Plan.load(path: "/nonexistent/plan.yaml") }
        #expect(error.file == "/nonexistent/plan.yaml")
    }

    @Test(arguments: [(1, 32), (2, 31), (3, 29), (6, 29), (7, 28), (254, 24), (255, 23), (4000, 20)])
    func hostCountsGiveTheSmallestIPv4Block(hosts: Int, length: Int) {
        #expect(BlockSize.ipv4Length(hosts: hosts) == length)
    }

    @Test func ipv6HostSizingStaysOnNibblesAndAtMostSlash64() {
        #expect(BlockSize.ipv6Length(hosts: 10) == 64)
        #expect(BlockSize.ipv6Length(hosts: 1 << 20) == 64)
        let huge = BlockSize.ipv6Length(hosts: Int.max)
        #expect(huge == 64)
    }
}
