import Foundation
import Testing
@testable import IPAuditKit
import IPCore

@Suite("Mesos, Marathon and NetBox readers")
struct InventoryDCOSReaderTests {
    @Test("Mesos state: leader, agents with fault domain and rack, public agent, task networks")
    func mesos() throws {
        let records = try InventoryFixture.load("mesos-state.json").records
        let leader = try #require(records.first { $0.role == .master })
        #expect(leader.address == (try IPAddress("10.20.1.10")))
        #expect(leader.zone == "dc1-a" && leader.labels["mesos_quorum"] == "2")
        let agents = records.filter { $0.role == .agent }
        #expect(agents.count == 3)
        let s1 = try #require(agents.first { $0.address == (try? IPAddress("10.20.2.22")) })
        #expect(s1.region == "dc1" && s1.zone == "dc1-b" && s1.rack == "rack-b1")
        #expect(s1.path == "$.slaves[1].pid")
        #expect(records.filter { $0.role == .publicAgent }.count == 1)
        let web = try #require(records.first { $0.address == (try? IPAddress("10.200.3.130")) })
        #expect(web.network == "dcos" && web.host == "10.20.1.21" && web.zone == "dc1-a" && web.live)
        // Host networking: the task is its agent (named after it), on the agent's address.
        let db = try #require(records.first { $0.labels["task_name"] == "db" })
        #expect(db.network == nil && db.host == db.address?.description && db.labels["host_network"] == "true")
        #expect(db.name == records.first { $0.role == .agent && $0.address == db.address }?.name)
        let bridge = records.filter { $0.network == "mesos-bridge" }
        #expect(bridge.count == 2)
        // Completed tasks are history.
        let killed = records.filter { $0.address == (try? IPAddress("10.200.3.131")) }
        #expect(killed.count == 1 && killed[0].live == false)
    }

    @Test("Overlay master state: one slice per node and overlay, bridges as labels, one VTEP per node")
    func overlayMaster() throws {
        let records = try InventoryFixture.load("overlay-master-state.json").records
        let slices = records.filter { $0.prefix != nil }
        #expect(slices.count == 7)
        let agent1 = try #require(slices.first { $0.host == "10.20.1.21" })
        #expect(agent1.prefix == (try IPPrefix("10.200.3.0/24")) && agent1.network == "dcos")
        #expect(agent1.labels["overlay_slice"] == "true" && agent1.labels["docker_bridge"] == "10.200.3.128/25")
        #expect(agent1.path == "$.agents[3].overlays[0].subnet")
        let master = try #require(slices.first { $0.host == "10.20.1.10" })
        #expect(master.labels["mesos_bridge"] == nil)  // masters run no bridges
        let vteps = records.filter { $0.network == "vtep" }
        #expect(vteps.count == 7 && Set(vteps.compactMap(\.address)).count == 7)
        #expect(vteps.first?.mac == "70:b3:d5:80:00:01")
    }

    @Test("Overlay master state: a bad slice names its JSON path")
    func overlayBadSlice() throws {
        var loader = InventoryLoader(format: .dcosOverlay)
        let text = #"{"agents": [{"ip": "10.0.0.1", "overlays": [{"info": {"name": "dcos"}, "subnet": "9.0.0.1/24"}]}]}"#
        let error = try #require(throws: InputError.self) { try loader.load(bytes: Array(text.utf8), file: "o.json", source: "o") }
        #expect(error.path == "$.agents[0].overlays[0].subnet")
    }

    @Test("Mesos: a bad agent pid names its JSON path")
    func mesosBadPid() throws {
        let error = try #require(throws: InputError.self) { try InventoryFixture.load("broken/mesos-bad-pid.json") }
        #expect(error.path == "$.slaves[2].pid")
    }

    @Test("Marathon apps and tasks give the same addresses; apps know the network")
    func marathon() throws {
        let apps = try InventoryFixture.load("marathon-apps.json").records
        let tasks = try InventoryFixture.load("marathon-tasks.json").records
        #expect(apps.count == 7 && tasks.count == 7)
        #expect(Set(apps.compactMap(\.address)) == Set(tasks.compactMap(\.address)))
        let web = try #require(apps.first { $0.address == (try? IPAddress("10.200.3.130")) })
        #expect(web.network == "dcos" && web.zone == "dc1-a" && web.host == "10.20.1.21")
        // /v2/tasks has no network names: the DC/OS default bridge subnet names it.
        #expect(tasks.filter { $0.network == "mesos-bridge" }.count == 2)
        #expect(apps.filter { $0.network == "mesos-bridge" }.count == 2)
    }

    @Test("NetBox CSV, UI export and API JSON: names, roles from tags, VIP role, liveness, scopes")
    func netbox() throws {
        let csv = try InventoryFixture.load("netbox-ip-addresses.csv").records
        let api = try InventoryFixture.load("netbox-api-ip-addresses.json").records
        for records in [csv, api] {
            #expect(records.count == 9)
            let m = try #require(records.first { $0.name == "dc1-master-1" })
            #expect(m.role == .master)
            #expect(m.address == (try IPAddress("10.20.1.10")))
            #expect(records.first { $0.name == "dc1-public-1" }?.role == .publicAgent)
            #expect(records.first { $0.address == (try? IPAddress("10.20.1.5")) }?.role == .vip)
            #expect(records.first { $0.address == (try? IPAddress("10.20.1.200")) }?.live == false)
        }
        let export = try InventoryFixture.load("netbox-ip-addresses-export.csv").records
        #expect(export.count == 3)
        #expect(export[1].role == .vip)
        #expect(export[2].network == "dcos")
        let prefixes = try InventoryFixture.load("netbox-prefixes.csv").records
        let apiPrefixes = try InventoryFixture.load("netbox-api-prefixes.json").records
        for list in [prefixes, apiPrefixes] {
            #expect(list.count == 7)
            #expect(list.first { $0.prefix == (try? IPPrefix("10.20.1.0/24")) }?.zone == "dc1-a")
            #expect(list.first { $0.prefix == (try? IPPrefix("10.20.0.0/16")) }?.region == "dc1")
            #expect(list.first { $0.prefix == (try? IPPrefix("10.200.0.0/16")) }?.network == "dcos")
            #expect(list.first { $0.prefix == (try? IPPrefix("10.20.4.0/24")) }?.live == false)
        }
    }
}
