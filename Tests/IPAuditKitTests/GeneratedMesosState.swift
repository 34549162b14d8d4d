import Foundation
import IPAuditTestSupport

/// Writes a Mesos `/master/state` for a 60-agent, 3-zone DC/OS cluster from a seeded
/// generator, with known problems planted among everything that must *not* be reported:
/// host-network tasks (reporting their agent's address, or a second NIC's on multi-homed
/// agents), Docker-bridge tasks (172.17.0.2 on every agent), overlay tasks on the default
/// `dcos` overlay 9.0.0.0/8 (one /24 slice per agent) and finished tasks whose addresses
/// live tasks reuse. The shape follows `/master/state` (see fixtures/inventory/mesos-state.json).
struct GeneratedMesosState {
    static let agentCount = 60
    static let zones = ["dc9-a", "dc9-b", "dc9-c"]
    /// Agents with a second NIC: their host-network tasks report 192.168.100.<agent>.
    static let multiHomed: Set<Int> = [0, 10, 20, 30, 40, 50]

    /// The planted problems, as (address, entities) of the duplicate findings they must give.
    static let plantedDuplicates: [(address: String, entities: [String])] = [
        ("10.90.1.13", ["gen-S3", "gen-S59"]),            // agent 59 registered with agent 3's address
        ("192.168.100.20", ["gen-S20", "gen-S30"]),       // agent 30's second NIC copies agent 20's
        ("9.0.42.3", ["app-17-2", "app-42-1"]),           // agent 17's task took agent 42's overlay address
    ]
    /// Distinct live overlay addresses: 3 per agent, one of which is the planted reuse.
    static let liveOverlayAddresses = agentCount * 3 - 1
    /// 1 leader + 60 agents + 6 task addresses per agent (3 overlay, 1 host, 1 bridge, 1 finished).
    static let recordCount = 1 + agentCount + agentCount * 6

    static func agentAddress(_ i: Int) -> String {
        let i = i == 59 ? 3 : i  // planted
        return "10.90.\(i % 3 + 1).\(10 + i)"
    }

    static func json(seed: UInt64 = 2026) throws -> Data {
        var rng = SeededGenerator(seed: seed)  // AllocationTestSupport.swift: the file is the same on every run
        var slaves: [[String: Any]] = []
        var tasks: [[String: Any]] = []
        var completed: [[String: Any]] = []
        var clock = 1_700_000_000.0
        func tick() -> Double { clock += Double(rng.next() % 1000) / 100 + 0.01; return clock }
        func status(_ state: String, _ infos: [[String: Any]]?, labels: [(String, String)] = []) -> [String: Any] {
            var s: [String: Any] = ["state": state, "timestamp": tick()]
            if let infos { s["container_status"] = ["network_infos": infos] }
            if !labels.isEmpty { s["labels"] = labels.map { ["key": $0.0, "value": $0.1] } }
            return s
        }
        func task(_ id: String, agent: Int, state: String = "TASK_RUNNING", infos: [[String: Any]],
                  container: [String: Any]? = nil, labels: [(String, String)] = []) -> [String: Any] {
            // Some tasks carry an address-less STAGING status first, as Mesos writes them.
            var statuses: [[String: Any]] = rng.next() % 2 == 0 ? [status("TASK_STAGING", nil)] : []
            statuses.append(status(state == "TASK_FINISHED" ? "TASK_RUNNING" : state, infos, labels: labels))
            if state == "TASK_FINISHED" { statuses.append(status("TASK_FINISHED", nil)) }
            var t: [String: Any] = ["id": id, "name": String(id.split(separator: "-")[0]), "slave_id": "gen-S\(agent)",
                                    "framework_id": "gen-0000", "state": state, "statuses": statuses]
            if let container { t["container"] = container }
            return t
        }
        func ip(_ a: String, network: String? = nil) -> [String: Any] {
            var info: [String: Any] = ["ip_addresses": [["protocol": "IPv4", "ip_address": a]]]
            if let network { info["name"] = network }
            return info
        }
        for i in 0..<agentCount {
            let zone = zones[i % 3]
            slaves.append(["id": "gen-S\(i)", "hostname": agentAddress(i), "pid": "slave(1)@\(agentAddress(i)):5051",
                           "attributes": ["rack": "rack-\(i % 3)-\(i / 3 % 4)"], "active": true,
                           "domain": ["fault_domain": ["region": ["name": "dc9"], "zone": ["name": zone]]]])
            for k in 0..<3 {
                let address = i == 17 && k == 2 ? "9.0.42.3" : "9.0.\(i).\(k + 2)"
                tasks.append(task("app-\(i)-\(k)", agent: i, infos: [ip(address, network: "dcos")],
                                  container: ["type": "MESOS", "network_infos": [["name": "dcos"]]]))
            }
            let hostAddress = i == 30 ? "192.168.100.20" : multiHomed.contains(i) ? "192.168.100.\(i)" : agentAddress(i)
            tasks.append(task("exporter-\(i)", agent: i, infos: [ip(hostAddress)]))
            tasks.append(task("nginx-\(i)", agent: i, infos: [ip("172.17.0.2")],
                              container: ["type": "DOCKER", "docker": ["image": "nginx", "network": "BRIDGE"]],
                              labels: [("Docker.NetworkSettings.IPAddress", "172.17.0.2")]))
            // A finished task whose address a live task of the next agent now holds.
            completed.append(task("batch-\(i)", agent: i, state: "TASK_FINISHED",
                                  infos: [ip("9.0.\((i + 1) % agentCount).2", network: "dcos")],
                                  container: ["type": "MESOS", "network_infos": [["name": "dcos"]]]))
        }
        let state: [String: Any] = [
            "version": "1.7.2", "id": "gen", "pid": "master@10.90.1.5:5050", "hostname": "10.90.1.5",
            "leader": "master@10.90.1.5:5050", "flags": ["quorum": "2"],
            "domain": ["fault_domain": ["region": ["name": "dc9"], "zone": ["name": "dc9-a"]]],
            "slaves": slaves, "recovered_slaves": [] as [Any],
            "frameworks": [["id": "gen-0000", "name": "marathon", "tasks": tasks, "completed_tasks": completed]],
            "completed_frameworks": [] as [Any],
        ]
        return try JSONSerialization.data(withJSONObject: state, options: [.sortedKeys])
    }
}
