import Foundation
import Testing
@testable import IPAuditKit
import IPCore
import IPAuditTestSupport

/// Every schema generation in fixtures/inventory/GENERATIONS.md: the exact record count (what
/// the file holds, counted by hand there) and the exact findings.
@Suite("Inventory generations: identity, routing domains, exact findings")
struct InventoryGenerationTests {
    /// (rule, address, entities) of every finding, sorted: the whole answer, nothing else.
    static func findings(_ inv: Inventory, options: AuditOptions = AuditOptions()) -> [String] {
        InventoryFixture.audit(inv, options: options).findings
            .map { "\($0.rule) \($0.address ?? "-") \($0.entities.joined(separator: ","))" }.sorted()
    }

    @Test("Mesos 0.28: singular ip_address, Docker label, bridge, multi-homed host networking, master+agent on one host")
    func mesos028() throws {
        var loader = InventoryLoader()
        let inv = try loader.load(path: InventoryFixture.path("mesos-0.28-state.json"))
        #expect(loader.lastFormat == .mesos)
        #expect(inv.count == 13)
        #expect(loader.lastTally.count(of: "agents without an address") == 1)
        let records = inv.records
        // The agent on the master's machine is the master's machine.
        #expect(records.filter { $0.address == (try? IPAddress("10.30.1.10")) && $0.labels["task_name"] == nil }.map(\.name)
                == ["mesos-m1.example.net", "mesos-m1.example.net"])
        #expect(records.filter { $0.network == "docker-bridge" }.count == 3)
        let calico = try #require(records.first { $0.labels["task_name"] == "calico-app" })
        // The MesosContainerizer label holds the container's own address (Calico): the task is
        // its own entity, so two such tasks at one address are a duplicate, not one agent.
        #expect(calico.address == (try IPAddress("10.30.200.5")) && calico.name != "agent-1.example.net")
        #expect(calico.labels[InventoryLabel.hostNetwork] == nil)
        #expect(calico.path == "$.frameworks[0].tasks[5].statuses[0].labels[0].value")
        let kafka = try #require(records.first { $0.labels["task_name"] == "kafka" })
        #expect(kafka.name == "agent-2.example.net" && kafka.labels[InventoryLabel.hostNetwork] == "true" && kafka.network == nil)
        #expect(kafka.path == "$.frameworks[0].tasks[2].statuses[1].container_status.network_infos[0].ip_address")
        let dup = try #require(InventoryFixture.audit(inv).with(Rule.duplicateAddress).first)
        guard case .array(let held)? = dup.evidence["records"], case .object(let first)? = held.first else {
            Issue.record("no records in the evidence"); return
        }
        #expect(first["host_network"] == true && first["task_id"] == "kafka.3c7d")
        #expect(Self.findings(inv) == [
            "duplicate-address 192.168.50.22 agent-2.example.net,agent-1.example.net",
            "quorum-at-risk - mesos-m1.example.net",
        ])
    }

    @Test("Mesos v1 GET_STATE: agents from agent_info, tasks from get_tasks; the overlay's public space is one finding")
    func mesosV1() throws {
        var loader = InventoryLoader()
        let inv = try loader.load(path: InventoryFixture.path("mesos-v1-get-state.json"))
        #expect(loader.lastFormat == .mesos)
        #expect(inv.count == 6)
        let records = inv.records
        let agent = try #require(records.first { $0.role == .agent })
        #expect(agent.name == "7c8a1f0e-5b2d-4e7a-9c61-2f4d8b0e3a91-S0" && agent.zone == "dc2-c" && agent.rack == "rack-c1")
        #expect(agent.path == "$.get_state.get_agents.agents[0].pid")
        #expect(records.filter { $0.network == "dcos" && $0.live }.count == 2)
        #expect(records.filter { !$0.live }.count == 1)
        let report = InventoryFixture.audit(inv)
        #expect(Self.findings(inv) == ["public-space 9.0.0.0/8 web.a1,web.b2"])
        let cause = try #require(report.with(Rule.publicSpace).first)
        #expect(cause.evidence["count"] == .int(2))
        #expect(cause.evidence["first_addresses"] == .array([.string("9.0.1.2"), .string("9.0.2.2")]))
    }

    @Test("Marathon 1.4: ipAddress.networkName separates overlays; Docker BRIDGE is host-local; DNS hosts; tasks without addresses")
    func marathon14() throws {
        var loader = InventoryLoader()
        let inv = try loader.load(path: InventoryFixture.path("marathon-1.4-apps.json"))
        #expect(inv.count == 8)
        #expect(loader.lastTally.count(of: "tasks") == 10 && loader.lastTally.count(of: "tasks without an address") == 2)
        #expect(loader.lastTally.notes == ["2 of 10 tasks have no address (host networking, or not running yet)"])
        let records = inv.records
        #expect(Set(records.compactMap(\.network)) == ["overlay-a", "overlay-b", "docker-bridge"])
        #expect(records.filter { $0.labels["app_id"] == "/host-svc" }.map(\.name) == ["agent-1.example.net", "agent-1.example.net"])
        #expect(Self.findings(inv) == ["duplicate-address 10.40.0.5 svc-a.1a,svc-c.4c"])
    }

    @Test("Marathon /v2/groups: nested groups are all read")
    func marathonGroups() throws {
        var loader = InventoryLoader()
        let inv = try loader.load(path: InventoryFixture.path("marathon-groups.json"))
        #expect(loader.lastFormat == .marathon)
        #expect(inv.count == 5)
        #expect(inv.records.map(\.path) == [
            "$.apps[0].tasks[0].ipAddresses[0].ipAddress",
            "$.groups[0].apps[0].tasks[0].ipAddresses[0].ipAddress",
            "$.groups[0].apps[0].tasks[1].ipAddresses[0].ipAddress",
            "$.groups[0].groups[0].apps[0].tasks[0].ipAddresses[0].ipAddress",
            "$.groups[0].groups[0].apps[0].tasks[1].ipAddresses[0].ipAddress",
        ])
        #expect(inv.records.filter { $0.network == "mesos-bridge" }.count == 2)
        #expect(Self.findings(inv).isEmpty)
    }

    @Test("NetBox ≤ 2.5: numeric choices, interface.device identity, the canonical duplicate")
    func netbox25() throws {
        let inv = try InventoryFixture.load("netbox-2.5-ip-addresses.json")
        #expect(inv.count == 9)
        let records = inv.records
        #expect(records.filter { $0.role == .vip }.count == 2)
        #expect(records.filter { !$0.live }.map(\.address) == [try IPAddress("10.50.0.20")])
        #expect(records.last?.name == "vm-1")
        #expect(Self.findings(inv) == ["duplicate-address 10.50.1.2 core1,core2"])
    }

    @Test("NetBox 4.x page: unassigned duplicates are duplicates; a VRF is its own domain; the page is noted")
    func netbox4Page() throws {
        var loader = InventoryLoader()
        let inv = try loader.load(path: InventoryFixture.path("netbox-4-ip-addresses-page.json"))
        #expect(inv.count == 5)
        #expect(loader.lastTally.notes.count == 1 && loader.lastTally.notes[0].contains("5 of 120"))
        #expect(inv.records.last?.name == "vm-8")
        #expect(Self.findings(inv) == ["duplicate-address 10.60.0.5 a.example.net,10.60.0.5"])
        let single = try InventoryFixture.load("netbox-4-ip-address.json")
        #expect(single.count == 1 && single.record(at: 0).name == "sw3" && single.record(at: 0).path == "$")
    }

    @Test("NetBox prefixes before 4.2: site is the zone; a VRF prefix is not an overlay")
    func netbox3Prefixes() throws {
        var inv = try InventoryFixture.load("netbox-3-prefixes.json")
        #expect(inv.count == 4)
        let records = inv.records
        #expect(records[0].zone == "dc3-a" && records[0].vlan == 101)
        #expect(records[2].live == false)
        #expect(records[3].network == "prod" && records[3].labels[InventoryLabel.vrf] == "prod")
        // A node inside the VRF's prefix is in the global table: no overlap, no "node in overlay".
        inv.append(contentsOf: try InventoryFixture.csv("address,name,role\n10.70.1.10,agent-x,agent\n"))
        #expect(Self.findings(inv).isEmpty)
    }

    @Test("NetBox UI export: Parent is the device, Assigned is a check mark, Global is the global table")
    func netboxUIExport() throws {
        let inv = try InventoryFixture.load("netbox-4-ip-addresses-ui-export.csv")
        #expect(inv.count == 13)
        let records = inv.records
        #expect(records[0].name == "dc4-master-1" && records[0].network == nil && records[0].labels["Assigned"] == "✔")
        #expect(records[11].network == "prod")
        #expect(Self.findings(inv) == [
            "duplicate-address 10.80.1.11 dc4-agent-1,dc4-agent-2",
            "duplicate-address 10.80.1.30 10.80.1.30,10.80.1.30",
        ])
        let prefixes = try InventoryFixture.load("netbox-3-prefixes-ui-export.csv").records
        #expect(prefixes.count == 3)
        #expect(prefixes.map(\.vlan) == [nil, 101, 102])
        #expect(prefixes.map(\.zone) == [nil, "dc4-a", "dc4-b"])
        #expect(prefixes[2].live == false && prefixes[0].network == nil)
    }

    @Test("Generated 60-agent, 3-zone Mesos state: exactly the planted problems")
    func generatedCluster() throws {
        var loader = InventoryLoader(format: .auto)
        let inv = try loader.load(bytes: Array(try GeneratedMesosState.json()), file: "generated.json", source: "generated")
        #expect(inv.count == GeneratedMesosState.recordCount)
        let report = InventoryFixture.audit(inv)
        let dups = report.with(Rule.duplicateAddress).map { "\($0.address!) \($0.entities.joined(separator: ","))" }.sorted()
        #expect(dups == GeneratedMesosState.plantedDuplicates.map { "\($0.address) \($0.entities.joined(separator: ","))" }.sorted())
        let cause = report.with(Rule.publicSpace)
        #expect(cause.count == 1)
        #expect(cause.first?.address == "9.0.0.0/8")
        #expect(cause.first?.evidence["count"] == .int(GeneratedMesosState.liveOverlayAddresses))
        #expect(report.findings.count == dups.count + 1, "\(report.rules())")
    }

    /// Every inventory fixture: (file, records it holds, every finding of a plan-less audit).
    static let everyFixture: [(file: String, records: Int, findings: [String])] = [
        ("cluster.csv", 16, []), ("cluster.json", 16, []), ("cluster.yaml", 16, []),
        ("dnsmasq-static.csv", 2, []),
        ("mesos-state.json", 14, []), ("marathon-apps.json", 7, []), ("marathon-tasks.json", 7, []),
        ("overlay-master-state.json", 14, []), ("netbox-prefixes.csv", 7, []), ("netbox-api-prefixes.json", 7, []),
        ("netbox-ip-addresses-export.csv", 3, []),
        ("netbox-ip-addresses.csv", 9, ["masters-not-spread - dc1-master-1,dc1-master-2,dc1-master-3"]),
        ("netbox-api-ip-addresses.json", 9, ["masters-not-spread - dc1-master-1,dc1-master-2,dc1-master-3"]),
        ("mesos-0.28-state.json", 13, ["duplicate-address 192.168.50.22 agent-2.example.net,agent-1.example.net",
                                       "quorum-at-risk - mesos-m1.example.net"]),
        ("mesos-v1-get-state.json", 6, ["public-space 9.0.0.0/8 web.a1,web.b2"]),
        ("marathon-1.4-apps.json", 8, ["duplicate-address 10.40.0.5 svc-a.1a,svc-c.4c"]),
        ("marathon-groups.json", 5, []),
        ("marathon-groups-pods.json", 8, ["public-space 9.0.0.0/8 infra_cache.instance-0000,infra_cache.instance-0001,infra_web.t1"]),
        ("marathon-pods-status.json", 2, []),
        // 22 rows and the tunnel handle's reference to its block (not live).
        ("k8s-calico-ipam.json", 23, []), ("k8s-cni-manifests.yaml", 19, []),
        ("aws-ec2.json", 12, []), ("terraform-plan-aws.json", 5, []),
        ("aws-vpc-peerings.json", 8, ["overlapping-allocation 10.60.0.0/20 VPC vpc-0e5,VPC vpc-0d4"]),
        ("aws-tgw-attachments.json", 0, []), ("gcp-networks.json", 0, []), ("k8s-cilium-eni.json", 9, []),
        ("terraform-plan-azure.json", 8, []), ("terraform-plan-google.json", 8, []),
        ("terraform-state-aws-transit.json", 8, []), ("azure-rest-example-list.json", 3, []),
        ("mesos-v1-agent-get-state.json", 4, ["public-space 9.0.0.0/8 web.a1"]),
        ("terraform-plan-google-no-project.json", 3, ["overlapping-allocation 10.93.0.0/16 subnet edge-a (europe-west1),subnet edge-b (europe-west1)"]),
        ("netbox-2.5-ip-addresses.json", 9, ["duplicate-address 10.50.1.2 core1,core2"]),
        ("netbox-2-link-local-peering.json", 9, ["duplicate-address 10.31.2.2 rtr-core-a,rtr-core-b",
                                                 "unroutable-address 169.254.7.1 rtr-core-b,rtr-edge-b",
                                                 "unroutable-address 169.254.7.2 rtr-core-a",
                                                 "unroutable-address fe80::1 rtr-core-a,rtr-core-b"]),
        ("netbox-4-ip-addresses-page.json", 5, ["duplicate-address 10.60.0.5 a.example.net,10.60.0.5"]),
        ("netbox-4-ip-address.json", 1, []), ("netbox-3-prefixes.json", 4, []),
        ("netbox-4-ip-addresses-ui-export.csv", 13, ["duplicate-address 10.80.1.11 dc4-agent-1,dc4-agent-2",
                                                     "duplicate-address 10.80.1.30 10.80.1.30,10.80.1.30"]),
        ("netbox-3-prefixes-ui-export.csv", 3, []),
        ("k8s-k9s-testdata.json", 3, ["quorum-at-risk - minikube"]),
        ("k8s-kubectl-list.json", 21, ["quorum-at-risk - cp-1"]), ("k8s-kubectl-list.yaml", 21, ["quorum-at-risk - cp-1"]),
        ("k8s-eks-nodelist.json", 5, []),
        ("k8s-website-dual-stack.yaml", 12, ["unroutable-address 2001:db8:10::5 k8s-linuxpool1-34450317-0",
                                             "unroutable-address 2001:db8::4 default/pod01",
                                             "unroutable-address 2001:db8:fd00::5118 ipv6/my-service",
                                             "unroutable-address 2001:db8:fd00::7ebc lb/my-service",
                                             "unroutable-address 2001:db8:fd00::af55 dual/my-service"]),
    ]

    @Test("Every fixture: exact record count and exact findings")
    func everyFixtureExact() throws {
        for fixture in Self.everyFixture {
            let inv = try InventoryFixture.load(fixture.file)
            #expect(inv.count == fixture.records, "\(fixture.file)")
            #expect(Self.findings(inv) == fixture.findings, "\(fixture.file)")
        }
        // No fixture is left out of the table.
        let files = try FileManager.default.contentsOfDirectory(atPath: InventoryFixture.root.path)
            .filter { ($0.hasSuffix(".json") || $0.hasSuffix(".csv") || $0.hasSuffix(".yaml")) && $0 != "plan.yaml" && $0 != "allow-list.csv" }
        #expect(Set(files) == Set(Self.everyFixture.map(\.file)))
    }
}

/// The v1 operator API's GET_AGENTS and GET_TASKS answers alone read as their part of GET_STATE
/// (dcos-ui publishes a GET_TASKS answer; it was "not a known inventory format").
@Suite struct MesosV1PartAnswerTests {
    @Test func agentsAndTasksAnswersReadAsTheirPartOfTheState() throws {
        let state = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: InventoryFixture.path("mesos-v1-get-state.json")))) as! [String: Any]
        let whole = state["get_state"] as! [String: Any]
        let dir = try TemporaryDirectory.make(prefix: "mesos-v1")
        defer { try? FileManager.default.removeItem(at: dir) }
        func load(_ name: String, _ answer: [String: Any]) throws -> Inventory {
            let path = dir.appendingPathComponent(name).path
            try JSONSerialization.data(withJSONObject: answer).write(to: URL(fileURLWithPath: path))
            var loader = InventoryLoader()
            let inv = try loader.load(path: path)
            #expect(loader.lastFormat == .mesos, "\(name)")
            return inv
        }
        let agents = try load("agents.json", ["type": "GET_AGENTS", "get_agents": whole["get_agents"]!])
        let tasks = try load("tasks.json", ["type": "GET_TASKS", "get_tasks": whole["get_tasks"]!])
        var loader = InventoryLoader()
        let all = try loader.load(path: InventoryFixture.path("mesos-v1-get-state.json"))
        func key(_ r: InventoryRecord) -> String { "\(r.role) \(r.name) \(r.address.map { "\($0)" } ?? "-") \(r.live)" }
        #expect(!agents.records.isEmpty && !tasks.records.isEmpty)
        #expect(agents.records.allSatisfy { $0.role == .agent } && agents.records.allSatisfy { ($0.path ?? "").hasPrefix("$.get_agents.") })
        #expect(tasks.records.allSatisfy { ($0.path ?? "").hasPrefix("$.get_tasks.") })
        // Tasks alone lose their agents' names and zones, never an address.
        #expect(Set(agents.records.map(key)).isSubset(of: Set(all.records.map(key))))
        #expect(Set((agents.records + tasks.records).compactMap(\.address)) == Set(all.records.compactMap(\.address)))
    }
}
