// fleet-bench: the two halves of the fleet benchmark, through the store API.
//   fleet-bench push STORE AGENT [COUNT]  one scanner: COUNT observations (and its inventory)
//   fleet-bench audit STORE               one audit over everything, timed by phase
// STORE is a SQLite path or a postgres:// URL (StoreLocator decides).
import Foundation
import IPAuditKit
import IPAuditPostgres
import IPCore

/// Agent `agent` sees `count` distinct addresses of its own (10.<agent+1>.0.0/16), known to the inventory except every 200th (unknown-address), plus
/// 100 addresses every agent sees with its own MAC (cross-agent duplicates).
func observations(agent: Int, count: Int) -> [Observation] {
    let domain = "agent-\(agent)/eth0"
    var out: [Observation] = []
    out.reserveCapacity(count)
    for k in 0..<count {
        let address: String
        let mac: String
        if k < 100 {
            address = "10.250.0.\(k)"
            mac = String(format: "02:ff:%02x:%02x:00:%02x", agent >> 8, agent & 0xff, k)
        } else {
            address = hostAddress(agent: agent, k: k)
            mac = String(format: "02:%02x:%02x:%02x:%02x:01", agent >> 8, agent & 0xff, k >> 8, k & 0xff)
        }
        out.append(Observation(address: address, mac: mac, domain: domain, firstSeen: 1_700_000_000 + Double(k),
                               lastSeen: 1_700_003_600 + Double(k), frames: 1 + k % 7))
    }
    return out
}

/// 10.<agent+1>.<k/256>.<k%256>: distinct per agent (agents 0...248).
func hostAddress(agent: Int, k: Int) -> String { "10.\(agent + 1).\(k >> 8).\(k & 0xff)" }

func inventory(agent: Int, count: Int) throws -> [InventoryRecord] {
    try (100..<count).filter { $0 % 200 != 0 }.map { k in
        InventoryRecord(address: try IPAddress(hostAddress(agent: agent, k: k)), name: "agent-\(agent)-task-\(k)",
                        role: .app, zone: "zone-\(agent % 3)", host: "10.\(agent + 1).0.1", source: "agent-\(agent)")
    }
}

func seconds(since start: Date) -> String { String(format: "%.3f", Date().timeIntervalSince(start)) }

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: fleet-bench push STORE AGENT [COUNT] | audit STORE\n".utf8))
    exit(2)
}
do {
    let store = try StoreLocator.open(arguments[2])
    switch arguments[1] {
    case "push":
        let agent = Int(arguments[3])!, count = arguments.count > 4 ? Int(arguments[4])! : 10_000
        let batch = observations(agent: agent, count: count), records = try inventory(agent: agent, count: count)
        let start = Date()
        try store.replaceInventory(source: "agent-\(agent)", with: records)
        let afterInventory = Date()
        try store.saveObservations(batch)
        print("push agent=\(agent) inventory_s=\(String(format: "%.3f", afterInventory.timeIntervalSince(start))) observations_s=\(seconds(since: afterInventory))")
    case "audit":
        // What `ipaudit audit --store …` does, timed by phase.
        let start = Date()
        let stored = try store.auditState()
        let loaded = Date()
        var topology = AuditTopology()
        topology.add(allocations: stored.allocations.allocations)
        let report = Auditor.audit(AuditInput(inventory: stored.inventory, topology: topology,
                                              observations: stored.observations))
        let audited = Date()
        let json = try FindingsRenderer.json(report)
        let byRule = Dictionary(grouping: report.findings, by: \.rule).mapValues(\.count).sorted { $0.key < $1.key }
        print("audit inventory=\(stored.inventory.count) observations=\(stored.observations.count) findings=\(report.findings.count) json_bytes=\(json.utf8.count)")
        print("audit rules " + byRule.map { "\($0.key)=\($0.value)" }.joined(separator: " "))
        print(String(format: "audit load_s=%.3f audit_s=%.3f render_s=%.3f total_s=%.3f",
                     loaded.timeIntervalSince(start), audited.timeIntervalSince(loaded), Date().timeIntervalSince(audited),
                     Date().timeIntervalSince(start)))
    default:
        FileHandle.standardError.write(Data("unknown mode \(arguments[1])\n".utf8))
        exit(2)
    }
} catch {
    FileHandle.standardError.write(Data("fleet-bench: \(error)\n".utf8))
    exit(2)
}
