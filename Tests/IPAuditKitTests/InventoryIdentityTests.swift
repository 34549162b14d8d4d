import Foundation
import Testing
@testable import IPAuditKit
import IPCore

/// Who is one entity, which routing domain an address is in, and what the loader refuses.
@Suite("Inventory identity, routing domains and refusals")
struct InventoryIdentityTests {
    static func load(_ text: String, format: InventoryFormat = .auto, allowEmpty: Bool = false,
                     file: String = "t.json") throws -> Inventory {
        var loader = InventoryLoader(format: format, allowEmpty: allowEmpty)
        return try loader.load(bytes: Array(text.utf8), file: file, source: file)
    }

    static func duplicates(_ inv: Inventory) -> [String] {
        InventoryFixture.audit(inv).with(Rule.duplicateAddress).map { "\($0.address!) \($0.entities.joined(separator: ","))" }
    }

    @Test("Rows that name no entity are each their own: two at one address are a duplicate, in every format")
    func unassigned() throws {
        let csv = try InventoryFixture.csv("address,dns_name\n10.0.0.1,a.example\n10.0.0.1,\n10.0.0.2,b.example\n")
        #expect(Self.duplicates(csv) == ["10.0.0.1 a.example,10.0.0.1"])
        let yaml = try Self.load("- address: 10.0.0.1\n- address: 10.0.0.1\n", file: "t.yaml")
        #expect(Self.duplicates(yaml).count == 1)
        #expect(InventoryFixture.audit(yaml).findings.first?.message
                == "10.0.0.1 is held by 2 distinct entities in the underlay (2 of them records assigned to no device, VM or name)")
        // Named rows of one name in one source stay one entity (one device, two interfaces).
        let named = try InventoryFixture.csv("address,device\n10.0.0.1/24,sw1\n10.0.0.1/32,sw1\n")
        #expect(Self.duplicates(named).isEmpty)
        // An unassigned NetBox row and the node another source lists are still one entity...
        var merged = try InventoryFixture.csv("address,status\n10.0.0.5,active\n")
        merged.append(contentsOf: try InventoryFixture.csv("address,name,role\n10.0.0.5,agent-5,agent\n", file: "b.csv"))
        #expect(Self.duplicates(merged).isEmpty)
        // ...but two unassigned rows and that node are two entities.
        var two = try InventoryFixture.csv("address,status\n10.0.0.5,active\n10.0.0.5,active\n")
        two.append(contentsOf: try InventoryFixture.csv("address,name,role\n10.0.0.5,agent-5,agent\n", file: "b.csv"))
        #expect(Self.duplicates(two).count == 1)
    }

    @Test("NetBox ≤ 2.8 interface identity and 2.9+ assigned_object: one device twice is not a duplicate, two devices are")
    func netboxIdentity() throws {
        func ip(_ id: Int, _ device: String, legacy: Bool) -> String {
            let owner = #"{"id": \#(id), "name": "eth\#(id)", "device": {"id": 1, "name": "\#(device)"}}"#
            return #"{"id": \#(id), "family": 4, "address": "10.1.1.1/24", "\#(legacy ? "interface" : "assigned_object")": \#(owner)}"#
        }
        for legacy in [true, false] {
            let same = try Self.load("[\(ip(1, "r1", legacy: legacy)), \(ip(2, "r1", legacy: legacy))]")
            #expect(Self.duplicates(same).isEmpty)
            let two = try Self.load("[\(ip(1, "r1", legacy: legacy)), \(ip(2, "r2", legacy: legacy))]")
            #expect(Self.duplicates(two) == ["10.1.1.1 r1,r2"])
            // Two devices both named r1 (NetBox names are unique per site, not globally): by id, two machines.
            let namesakes = try Self.load("[\(ip(1, "r1", legacy: legacy)), \(ip(2, "r1", legacy: legacy).replacingOccurrences(of: #""device": {"id": 1"#, with: #""device": {"id": 9"#))]")
            #expect(Self.duplicates(namesakes) == ["10.1.1.1 r1,r1"])
        }
        // An FHRP group's virtual address, listed next to the routers' own: shared, not a duplicate.
        let fhrp = #"{"family": 4, "address": "10.1.1.254/24", "assigned_object_type": "ipam.fhrpgroup", "assigned_object": {"id": 3, "protocol": "vrrp2", "group_id": 10}}"#
        let group = try Self.load("[\(fhrp), \(fhrp.replacingOccurrences(of: "\"id\": 3", with: "\"id\": 4"))]")
        #expect(group.records.map(\.role) == [.vrrp, .vrrp] && group.records.first?.name == "FHRP group 10")
        #expect(Self.duplicates(group).isEmpty)
        // NetBox ≤ 2.5 anycast/HSRP roles by label are shared.
        let hsrp = #"{"family": 4, "address": "10.1.1.9/24", "role": {"value": 42, "label": "HSRP"}, "interface": {"device": {"name": "DEV"}}}"#
        let shared = try Self.load("[\(hsrp.replacingOccurrences(of: "DEV", with: "r1")), \(hsrp.replacingOccurrences(of: "DEV", with: "r2"))]")
        #expect(shared.records.allSatisfy { $0.role == .vrrp })
        #expect(Self.duplicates(shared).isEmpty)
    }

    @Test("UI export: Assigned (✔) is not a name; Parent is")
    func assignedColumn() throws {
        let inv = try InventoryFixture.csv("IP Address,VRF,Status,Assigned\n10.2.0.1/24,Global,Active,✔\n10.2.0.1/24,,Active,✔\n")
        #expect(Self.duplicates(inv).count == 1)
        #expect(inv.record(at: 0).network == nil && inv.record(at: 0).labels["Assigned"] == "✔")
    }

    @Test("A host-network Marathon task with a DNS host is its agent, in Marathon and next to the Mesos agent")
    func hostNetworkDNS() throws {
        let marathon = """
            {"apps": [{"id": "/h", "tasks": [
              {"appId": "/h", "id": "h.1", "host": "a1.example", "ipAddresses": [{"ipAddress": "10.3.0.21"}]},
              {"appId": "/h", "id": "h.2", "host": "a1.example", "ipAddresses": [{"ipAddress": "10.3.0.21"}]}]}]}
            """
        var inv = try Self.load(marathon, file: "m.json")
        #expect(inv.records.map(\.name) == ["a1.example", "a1.example"])
        #expect(Self.duplicates(inv).isEmpty)
        let mesos = #"{"slaves": [{"id": "S1", "hostname": "a1.example", "pid": "slave(1)@10.3.0.21:5051"}]}"#
        inv.append(contentsOf: try Self.load(mesos, file: "s.json"))
        #expect(Self.duplicates(inv).isEmpty)
        // Two host-network tasks on two agents at one address are two machines.
        let clash = marathon.replacingOccurrences(of: #""id": "h.2", "host": "a1.example""#, with: #""id": "h.2", "host": "a2.example""#)
        #expect(Self.duplicates(try Self.load(clash, file: "m.json")) == ["10.3.0.21 a1.example,a2.example"])
    }

    @Test("Mesos: host-network tasks on a multi-homed agent are the agent; a master and an agent on one host are one machine")
    func mesosIdentity() throws {
        let state = """
            {"pid": "master@10.4.0.1:5050", "hostname": "10.4.0.1",
             "slaves": [{"id": "S0", "hostname": "10.4.0.1", "pid": "slave(1)@10.4.0.1:5051"},
                        {"id": "S1", "hostname": "10.4.0.2", "pid": "slave(1)@10.4.0.2:5051"}],
             "frameworks": [{"tasks": [
               {"id": "a", "slave_id": "S1", "state": "TASK_RUNNING", "statuses": [{"timestamp": 1, "container_status": {"network_infos": [{"ip_addresses": [{"ip_address": "172.20.0.2"}]}]}}]},
               {"id": "b", "slave_id": "S1", "state": "TASK_RUNNING", "statuses": [{"timestamp": 1, "container_status": {"network_infos": [{"ip_addresses": [{"ip_address": "172.20.0.2"}]}]}}]},
               {"id": "c", "slave_id": "S0", "state": "TASK_RUNNING", "statuses": [{"timestamp": 1, "container_status": {"network_infos": [{"ip_addresses": [{"ip_address": "10.4.0.1"}]}]}}]}]}]}
            """
        let inv = try Self.load(state)
        #expect(Self.duplicates(inv).isEmpty)
        #expect(inv.records.filter { $0.address == (try? IPAddress("10.4.0.1")) }.map(\.name).allSatisfy { $0 == "master@10.4.0.1" })
    }

    @Test("Routing domains: Docker bridge in Mesos, Marathon 1.x networkName, NetBox Global")
    func domains() throws {
        let docker = """
            {"slaves": [{"id": "S1", "pid": "slave(1)@10.5.0.1:5051"}, {"id": "S2", "pid": "slave(1)@10.5.0.2:5051"}],
             "frameworks": [{"tasks": [
               {"id": "a", "slave_id": "S1", "state": "TASK_RUNNING", "container": {"type": "DOCKER", "docker": {"network": "BRIDGE"}},
                "statuses": [{"container_status": {"network_infos": [{"ip_addresses": [{"ip_address": "172.18.0.2"}]}]}}]},
               {"id": "b", "slave_id": "S2", "state": "TASK_RUNNING", "container": {"type": "DOCKER", "docker": {"network": "BRIDGE"}},
                "statuses": [{"container_status": {"network_infos": [{"ip_addresses": [{"ip_address": "172.18.0.2"}]}]}}]}]}]}
            """
        let inv = try Self.load(docker)
        #expect(inv.records.filter { $0.network == "docker-bridge" }.count == 2)
        #expect(Self.duplicates(inv).isEmpty)
        let global = try InventoryFixture.csv("address,vrf,device\n10.6.0.1/24,Global,r1\n10.6.0.1/24,,r2\n10.6.0.2/24,blue,r1\n10.6.0.2/24,,r2\n")
        #expect(Self.duplicates(global) == ["10.6.0.1 r1,r2"])
    }

    @Test("Detection: an overlay state stays one even with frameworks; a single NetBox object; Marathon groups")
    func detection() throws {
        let overlay = #"{"frameworks": [], "agents": [{"ip": "10.7.0.1", "overlays": [{"info": {"name": "dcos"}, "subnet": "9.0.1.0/24"}]}]}"#
        var loader = InventoryLoader()
        _ = try loader.load(bytes: Array(overlay.utf8), file: "o.json", source: "o")
        #expect(loader.lastFormat == .dcosOverlay)
        let one = #"{"id": 1, "family": {"value": 4}, "address": "10.7.0.9/24"}"#
        _ = try loader.load(bytes: Array(one.utf8), file: "n.json", source: "n")
        #expect(loader.lastFormat == .netbox)
    }

    @Test("An explicit format that does not fit names what it expected and what it found")
    func formatMismatch() throws {
        let error = try #require(throws: InputError.self) {
            try InventoryFixture.load("marathon-apps.json", format: .mesos)
        }
        #expect(error.description.contains("expected a Mesos GET /master/state"))
        #expect(error.description.contains("found top-level keys: apps"))
        let auto = try #require(throws: InputError.self) { try Self.load(#"{"items": [], "kind": "List"}"#) }
        #expect(auto.description.contains("not a known inventory format"))
        #expect(auto.description.contains("found top-level keys: items, kind"))
    }

    @Test("A non-empty file with no records is refused with the reason, unless allowed")
    func emptyRefused() throws {
        let tasks = #"{"tasks": [{"appId": "/a", "id": "a.1", "host": "10.8.0.1"}, {"appId": "/a", "id": "a.2", "host": "10.8.0.2"}]}"#
        let error = try #require(throws: InputError.self) { try Self.load(tasks) }
        #expect(error.description.contains("no records"))
        #expect(error.description.contains("2 tasks, 2 tasks without an address"))
        #expect(try Self.load(tasks, allowEmpty: true).isEmpty)
        let header = try #require(throws: InputError.self) { try InventoryFixture.csv("address,name\n") }
        #expect(header.description.contains("a header and no rows"))
    }

    @Test("VLAN as NetBox's UI writes it, and bad VLANs still refused")
    func vlan() throws {
        #expect(InventoryStatus.vlan("servers (100)") == 100)
        #expect(InventoryStatus.vlan("42") == 42)
        #expect(InventoryStatus.vlan("servers (5000)") == nil)
        #expect(InventoryStatus.vlan("servers") == nil)
    }

    @Test("public-space: one finding per overlay and range; underlay public addresses stay per address")
    func oneFindingPerCause() throws {
        var text = "address,name,role,network\n"
        for i in 0..<30 { text += "9.0.\(i).2,t\(i),app,dcos\n" }
        for i in 0..<3 { text += "9.1.\(i).2,u\(i),app,blue\n" }
        text += "8.8.8.8,agent-a,agent,\n8.8.8.9,agent-b,agent,\n"
        let hits = InventoryFixture.audit(try InventoryFixture.csv(text)).with(Rule.publicSpace)
        #expect(hits.count == 4)
        let dcos = try #require(hits.first { $0.evidence["routing_domain"] == "dcos" })
        #expect(dcos.address == "9.0.0.0/8" && dcos.evidence["count"] == .int(30))
        guard case .array(let first)? = dcos.evidence["first_addresses"] else { Issue.record("no first addresses"); return }
        #expect(first.count == 10 && first.first == .string("9.0.0.2"))
        #expect(hits.first { $0.evidence["routing_domain"] == "blue" }?.evidence["count"] == .int(3))
        #expect(Set(hits.compactMap(\.address)).isSuperset(of: ["8.8.8.8", "8.8.8.9"]))
    }

    @Test("Discouraged space is one warning per range and network; unroutable hosts stay one error each")
    func discouragedPool() throws {
        var text = "address,name,role\n"
        for i in 1...5 { text += "100.64.0.\(i),agent-\(i),agent\n" }
        text += "127.0.0.1,lo-a,agent\n127.0.0.2,lo-b,agent\n"
        let report = InventoryFixture.audit(try InventoryFixture.csv(text))
        let hits = report.with(Rule.unroutableAddress)
        #expect(hits.filter { $0.severity == .warning }.map(\.address) == ["100.64.0.0/10"])
        #expect(hits.first { $0.severity == .warning }?.evidence["count"] == .int(5))
        #expect(Set(hits.filter { $0.severity == .error }.compactMap(\.address)) == ["127.0.0.1", "127.0.0.2"])
    }

    @Test("Mesos masters by pid and leader; a recovered agent listed again once re-registered is one agent")
    func mesosMastersAndRecovered() throws {
        let follower = """
            {"pid": "master@10.9.0.2:5050", "hostname": "10.9.0.2", "leader": "master@10.9.0.1:5050", "flags": {"quorum": "2"},
             "slaves": [{"id": "S1", "hostname": "10.9.0.21", "pid": "slave(1)@10.9.0.21:5051"}],
             "recovered_slaves": [{"id": "S1", "hostname": "10.9.0.21"}, {"id": "S2", "hostname": "10.9.0.22"},
                                  {"id": "S3", "hostname": "agent-3.example"}]}
            """
        var loader = InventoryLoader()
        let records = try loader.load(bytes: Array(follower.utf8), file: "f.json", source: "f").records
        let masters = records.filter { $0.role == .master }
        #expect(masters.map { $0.address!.description } == ["10.9.0.2", "10.9.0.1"])
        #expect(masters.map { $0.labels["mesos_leader"] } == ["false", "true"])
        #expect(masters.map(\.path) == ["$.pid", "$.leader"])
        let agents = records.filter { $0.role == .agent }
        #expect(agents.map(\.name) == ["S1", "S2"])
        #expect(agents[1].labels["recovered"] == "true" && agents[1].path == "$.recovered_slaves[1].hostname")
        #expect(loader.lastTally.count(of: "agents without an address") == 1)
        #expect(Self.duplicates(Inventory(records)).isEmpty)
    }
}
