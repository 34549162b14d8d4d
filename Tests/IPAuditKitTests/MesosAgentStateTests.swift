import Testing
@testable import IPAuditKit
import IPAuditTestSupport
import IPCore

/// An agent's GET_STATE sorts its tasks into queued/launched/terminated lists (dcos-net's
/// recorded answer held its one running task in `launched_tasks`, which was dropped).
@Suite("Mesos agent GET_STATE task lists")
struct MesosAgentStateTests {
    @Test("Launched tasks are read as live, terminated ones as history")
    func agentTaskLists() throws {
        var loader = InventoryLoader()
        let inv = try loader.load(path: InventoryFixture.path("mesos-v1-agent-get-state.json"))
        let records = inv.records
        let web = records.filter { $0.name == "web.a1" }
        #expect(web.map(\.address) == [try IPAddress("9.0.4.7")])
        #expect(web.first?.live == true)
        // The host-network task holds its agent's address: the agent's row and the task's.
        let onAgent = records.filter { $0.address == (try? IPAddress("10.82.0.14")) }
        #expect(onAgent.count == 2 && onAgent.allSatisfy(\.live))
        let old = records.filter { $0.name == "web.old" }
        #expect(old.count == 1 && old.first?.live == false)
        #expect(loader.lastTally.count(of: "tasks") == 4)
    }

    @Test("The terminated task's address reused by a launched one is no duplicate")
    func terminatedReuseIsHistory() throws {
        let report = InventoryFixture.audit(try InventoryFixture.load("mesos-v1-agent-get-state.json"))
        #expect(report.with(.duplicateAddress).isEmpty)
        #expect(report.rules() == ["public-space"])
    }
}
