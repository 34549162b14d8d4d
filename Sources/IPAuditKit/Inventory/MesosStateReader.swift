import IPCore

/// Reads a Mesos master `GET /master/state` document: the leading master, the agents
/// (`slaves[]`, `recovered_slaves[]`) and every task address.
///
/// A task's address comes from the newest status that carries one
/// (`statuses[].container_status.network_infos[].ip_addresses[].ip_address`), on the network
/// named by `network_infos[].name` (none: host networking, sharing the agent's address).
/// Terminal, completed and unreachable tasks are kept as history (`live = false`): a freshly
/// reused overlay address is not a conflict.
enum MesosStateReader {
    static let terminalStates: Set<String> = [
        "TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_LOST", "TASK_ERROR", "TASK_DROPPED",
        "TASK_GONE", "TASK_GONE_BY_OPERATOR", "TASK_UNREACHABLE", "TASK_UNKNOWN",
    ]

    struct Agent {
        var address: String
        var region: String?
        var zone: String?
        var rack: String?
    }

    static func read(_ root: Any, file: String, source: String, skipInvalid: Bool,
                     skipped: inout [InputError]) throws -> [InventoryRecord] {
        guard let state = DocumentValue.object(root) else {
            throw InputError(file: file, path: "$", "expected the JSON object of GET /master/state")
        }
        var out: [InventoryRecord] = []
        var agents: [String: Agent] = [:]

        func attempt(_ body: () throws -> Void) throws {
            do { try body() } catch let error as InputError where skipInvalid { skipped.append(error) }
        }

        // The leading master (followers are not listed in /state; `flags.quorum` says how many there are).
        if let pid = DocumentValue.text(state["pid"] ?? state["leader"]) {
            try attempt {
                let path = state["pid"] != nil ? "$.pid" : "$.leader"
                let value = try address(afterAt: pid, file: file, path: path)
                let domain = faultDomain(state["domain"] ?? DocumentValue.lookup(state, "leader_info.domain"))
                var labels: [String: String] = ["mesos_leader": "true"]
                if let q = DocumentValue.text(DocumentValue.lookup(state, "flags.quorum")) { labels["mesos_quorum"] = q }
                let hostname = DocumentValue.text(state["hostname"])
                out.append(InventoryRecord(address: value.address, mappedIPv4: value.mappedIPv4,
                                           name: nodeName(hostname, fallback: "master@\(value.address)", value.address),
                                           role: .master, region: domain.region, zone: domain.zone,
                                           live: true, labels: labels, source: source, file: file, path: path))
            }
        }

        for key in ["slaves", "recovered_slaves"] {
            for (i, item) in (DocumentValue.array(state[key]) ?? []).enumerated() {
                let path = "$.\(key)[\(i)]"
                try attempt {
                    guard let slave = DocumentValue.object(item) else { throw InputError(file: file, path: path, "expected an agent object") }
                    let id = DocumentValue.text(slave["id"]) ?? ""
                    let hostname = DocumentValue.text(slave["hostname"])
                    let value: AddressField.Value
                    let addressPath: String
                    if let pid = DocumentValue.text(slave["pid"]) {
                        addressPath = "\(path).pid"
                        value = try address(afterAt: pid, file: file, path: addressPath)
                    } else if let hostname {
                        addressPath = "\(path).hostname"
                        do { value = try AddressField.parse(hostname) } catch {
                            throw InputError(file: file, path: addressPath, field: "hostname", "no pid, and the hostname is not an address: \(error)")
                        }
                    } else {
                        throw InputError(file: file, path: path, field: "pid", "agent has neither pid nor hostname")
                    }
                    let domain = faultDomain(slave["domain"])
                    let attributes = DocumentValue.object(slave["attributes"]) ?? [:]
                    let rack = DocumentValue.text(attributes["rack"] ?? attributes["rack_id"] ?? attributes["rack_name"])
                    let isPublic = DocumentValue.text(attributes["public_ip"])?.lowercased() == "true"
                    var labels: [String: String] = ["agent_id": id]
                    for (k, v) in attributes { labels["attribute." + k] = DocumentValue.labelText(v) }
                    if key == "recovered_slaves" { labels["recovered"] = "true" }
                    agents[id] = Agent(address: value.address.description, region: domain.region, zone: domain.zone, rack: rack)
                    out.append(InventoryRecord(address: value.address, mappedIPv4: value.mappedIPv4,
                                               name: nodeName(hostname, fallback: id, value.address),
                                               role: isPublic ? .publicAgent : .agent, region: domain.region,
                                               zone: domain.zone, rack: rack, live: true, labels: labels,
                                               source: source, file: file, path: addressPath))
                }
            }
        }

        for fkey in ["frameworks", "completed_frameworks"] {
            for (f, framework) in (DocumentValue.array(state[fkey]) ?? []).enumerated() {
                for tkey in ["tasks", "unreachable_tasks", "completed_tasks"] {
                    let tasks = DocumentValue.array(DocumentValue.object(framework)?[tkey]) ?? []
                    for (t, task) in tasks.enumerated() {
                        let path = "$.\(fkey)[\(f)].\(tkey)[\(t)]"
                        try attempt {
                            out += try taskRecords(task, path: path, historical: fkey != "frameworks" || tkey != "tasks",
                                                   agents: agents, file: file, source: source)
                        }
                    }
                }
            }
        }
        return out
    }

    static func taskRecords(_ item: Any, path: String, historical: Bool, agents: [String: Agent],
                            file: String, source: String) throws -> [InventoryRecord] {
        guard let task = DocumentValue.object(item) else { throw InputError(file: file, path: path, "expected a task object") }
        let id = DocumentValue.text(task["id"]) ?? DocumentValue.text(task["name"]) ?? path
        let state = DocumentValue.text(task["state"]) ?? ""
        let live = !historical && !terminalStates.contains(state)
        let agent = DocumentValue.text(task["slave_id"]).flatMap { agents[$0] }
        // The newest status that carries container addresses.
        let statuses = DocumentValue.array(task["statuses"]) ?? []
        var best: (index: Int, time: Double)?
        for (s, status) in statuses.enumerated() {
            guard let infos = DocumentValue.array(DocumentValue.lookup(status, "container_status.network_infos")),
                  infos.contains(where: { !(DocumentValue.array(DocumentValue.object($0)?["ip_addresses"]) ?? []).isEmpty })
            else { continue }
            let time = DocumentValue.number(DocumentValue.object(status)?["timestamp"]) ?? 0
            if best == nil || time >= best!.time { best = (s, time) }
        }
        guard let best else { return [] }
        var out: [InventoryRecord] = []
        let infos = DocumentValue.array(DocumentValue.lookup(statuses[best.index], "container_status.network_infos")) ?? []
        for (n, info) in infos.enumerated() {
            let network = DocumentValue.text(DocumentValue.object(info)?["name"])
            for (a, ip) in (DocumentValue.array(DocumentValue.object(info)?["ip_addresses"]) ?? []).enumerated() {
                let ipPath = "\(path).statuses[\(best.index)].container_status.network_infos[\(n)].ip_addresses[\(a)].ip_address"
                guard let text = DocumentValue.text(DocumentValue.object(ip)?["ip_address"]) else { continue }
                let value: AddressField.Value
                do { value = try AddressField.parse(text) } catch {
                    throw InputError(file: file, path: ipPath, field: "ip_address", error.description)
                }
                var labels = ["task_state": state]
                if let name = DocumentValue.text(task["name"]) { labels["task_name"] = name }
                if let agentID = DocumentValue.text(task["slave_id"]) { labels["agent_id"] = agentID }
                out.append(InventoryRecord(address: value.address, mappedIPv4: value.mappedIPv4, name: id, role: .app,
                                           region: agent?.region, zone: agent?.zone, rack: agent?.rack,
                                           network: network, host: agent?.address, live: live, labels: labels,
                                           source: source, file: file, path: ipPath))
            }
        }
        return out
    }

    /// `slave(1)@10.0.1.21:5051` → 10.0.1.21; `master@[fd00::1]:5050` → fd00::1.
    static func address(afterAt pid: String, file: String, path: String) throws -> AddressField.Value {
        var hostPort = Substring(pid)
        if let at = pid.lastIndex(of: "@") { hostPort = pid[pid.index(after: at)...] }
        var host = hostPort
        if hostPort.hasPrefix("["), let close = hostPort.firstIndex(of: "]") {
            host = hostPort[hostPort.index(after: hostPort.startIndex)..<close]
        } else if let colon = hostPort.lastIndex(of: ":"), hostPort.firstIndex(of: ":") == colon {
            host = hostPort[..<colon]
        }
        do { return try AddressField.parse(String(host)) } catch {
            throw InputError(file: file, path: path, field: "pid", error.description)
        }
    }

    static func faultDomain(_ v: Any?) -> (region: String?, zone: String?) {
        (DocumentValue.text(DocumentValue.lookup(v, "fault_domain.region.name")),
         DocumentValue.text(DocumentValue.lookup(v, "fault_domain.zone.name")))
    }

    /// DC/OS uses the IP as hostname; then the id names the entity better.
    static func nodeName(_ hostname: String?, fallback: String, _ address: IPAddress) -> String {
        guard let hostname, !hostname.isEmpty else { return fallback }
        return (try? IPAddress(hostname)) == nil ? hostname : fallback
    }
}
