import IPAuditKit
import IPCore
import Testing

/// A plan's `dhcp_servers` and `routers`, at the top and per zone: optional, so every plan
/// written before them reads as it did.
@Suite struct PlanLinkServicesTests {
    @Test func topLevelAndZoneNamesAreUnited() throws {
        let yaml = """
            pools: [10.0.0.0/8]
            dhcp_servers: [10.0.0.2, "02:00:00:00:0a:01"]
            routers: ["02:00:00:00:0a:fe"]
            regions:
              - name: eu1
                zones:
                  - name: a
                    dhcp_servers: fe80::547
                    routers: ["02:00:00:00:0b:fe"]
                  - name: b
            """
        let plan = try Plan.parse(yaml: yaml)
        let named = plan.namedLinkServices
        #expect(named.dhcpAddresses == [try IPAddress("10.0.0.2"), try IPAddress("fe80::547")])
        #expect(named.dhcpMACs == [MACAddress("02:00:00:00:0a:01")!])
        #expect(named.routers == [MACAddress("02:00:00:00:0a:fe")!, MACAddress("02:00:00:00:0b:fe")!])
        #expect(plan.regions[0].zones[1].linkServices == LinkServiceNames())
    }

    @Test func aPlanWithoutThemNamesNothing() throws {
        let plan = try Plan.parse(yaml: "pools: [10.0.0.0/8]\nregions:\n  - name: eu1\n    zones: [{name: a}]\n")
        #expect(plan.namedLinkServices == LinkServiceNames())
        #expect(!plan.namedLinkServices.namesDHCPServers)
    }

    @Test func aBadEntryNamesFileLineAndField() throws {
        let bad = try #require(throws: InputError.self) {
            try Plan.parse(yaml: "pools: [10.0.0.0/8]\ndhcp_servers:\n  - 10.0.0.2\n  - dhcp.example\n", file: "p.yaml")
        }
        #expect(bad.file == "p.yaml" && bad.line == 4 && bad.field == "dhcp_servers")
        #expect(bad.message.contains("dhcp.example"))
        let multicast = try #require(throws: InputError.self) {
            try Plan.parse(yaml: "regions:\n  - name: eu1\n    zones:\n      - name: a\n        routers: [\"33:33:00:00:00:01\"]\n", file: "p.yaml")
        }
        #expect(multicast.line == 5 && multicast.field == "routers" && multicast.path == "regions[0].zones[0]")
    }
}
