import IPCore

/// Reads a Mesos master `GET /master/state` document (Mesos 0.2x to 1.x) or the v1 operator
/// API's `GET_STATE` answer (`get_state.get_agents`, `get_state.get_tasks`): the masters, the
/// agents and every task address.
///
/// Identity: agents by id, at the address in their `pid` (hostnames are often DNS names);
/// the master by `pid` (and `leader` when the answering master is not the leader). A master
/// and an agent on one machine (same address, or one's hostname is the other's address) are
/// one machine: the agent row takes the master's name. A task without a named network is in
/// host networking and *is its agent* (named after it, label `host_network`) whatever address
/// it reports — multi-homed agents report one that is not their `pid`'s.
///
/// Task addresses come from the newest status that carries one: `container_status.network_infos[]`
/// (`ip_addresses[].ip_address`, or the singular `ip_address` of Mesos ≤ 0.28), else the status
/// labels `Docker.NetworkSettings.IPAddress` / `MesosContainerizer.NetworkSettings.IPAddress`
/// (Mesos 0.2x, what Mesos-DNS reads). An unnamed address of a Docker bridge (the Docker label,
/// `container.docker.network: BRIDGE`, or a default bridge subnet) is host-local. Terminal,
/// completed and unreachable tasks are history (`live = false`).
enum MesosStateReader {
    static let terminalStates: Set<String> = [
        "TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_LOST", "TASK_ERROR", "TASK_DROPPED",
        "TASK_GONE", "TASK_GONE_BY_OPERATOR", "TASK_UNREACHABLE", "TASK_UNKNOWN",
    ]
    static let dockerLabel = "Docker.NetworkSettings.IPAddress"
    static let mesosLabel = "MesosContainerizer.NetworkSettings.IPAddress"

    struct Agent {
        var name: String
        var address: String
        var region: String?
        var zone: String?
        var rack: String?
    }

    static func read(_ root: Any, file: String, source: String, skipInvalid: Bool,
                     skipped: inout [InputError], tally: inout ReadTally) throws -> [InventoryRecord] {
        guard let state = DocumentValue.object(root) else {
            throw InputError(file: file, path: "$", "expected the JSON object of GET /master/state or a GET_STATE, GET_AGENTS or GET_TASKS answer")
        }
        let (agentEntries, taskEntries) = entries(state)

        func attempt(_ body: () throws -> Void) throws {
            do { try body() } catch let error as InputError where skipInvalid { skipped.append(error) }
        }
        var out: [InventoryRecord] = []
        try attempt { out += try masters(state, file: file, source: source) }
        // The machines the masters run on, for "a master and an agent on one host".
        let masterMachines = out.map { (name: $0.name, address: $0.address!.description, hostname: $0.labels["hostname"]) }

        var agents: [String: Agent] = [:]
        var seenIDs = Set<String>()
        for entry in agentEntries {
            try attempt {
                tally.count("agents")
                guard let record = try agentRecord(entry, masters: masterMachines, file: file, source: source) else {
                    tally.count("agents without an address")
                    return
                }
                let id = record.labels["agent_id"] ?? ""
                // A recovered agent that also re-registered is listed twice: one machine.
                guard seenIDs.insert(id).inserted || id.isEmpty else { return }
                agents[id] = Agent(name: record.name, address: record.address!.description, region: record.region,
                                   zone: record.zone, rack: record.rack)
                out.append(record)
            }
        }
        for entry in taskEntries {
            try attempt {
                tally.count("tasks")
                let records = try taskRecords(entry, agents: agents, file: file, source: source)
                if records.isEmpty { tally.count("tasks without an address") }
                out += records
            }
        }
        return out
    }

    /// The answering master (`pid`) and, when it is not the leader, the leader (`leader`).
    static func masters(_ state: [String: Any], file: String, source: String) throws -> [InventoryRecord] {
        var out: [InventoryRecord] = []
        let domain = faultDomain(state["domain"] ?? DocumentValue.lookup(state, "leader_info.domain"))
        var labels: [String: String] = [:]
        if let q = DocumentValue.text(DocumentValue.lookup(state, "flags.quorum")) { labels["mesos_quorum"] = q }
        let pid = DocumentValue.text(state["pid"]), leader = DocumentValue.text(state["leader"] ?? DocumentValue.lookup(state, "leader_info.pid"))
        var seen = Set<IPAddress>()
        for (path, text) in [("$.pid", pid), (state["leader"] != nil ? "$.leader" : "$.leader_info.pid", leader)] {
            guard let text else { continue }
            let value = try address(afterAt: text, file: file, path: path)
            guard seen.insert(value.address).inserted else { continue }
            let isAnswering = path == "$.pid" || pid == nil
            var l = labels
            l["mesos_leader"] = text == leader || leader == nil ? "true" : "false"
            let hostname = isAnswering ? DocumentValue.text(state["hostname"]) : DocumentValue.text(DocumentValue.lookup(state, "leader_info.hostname"))
            if let hostname { l["hostname"] = hostname }
            out.append(InventoryRecord(address: value.address, mappedIPv4: value.mappedIPv4,
                                       name: nodeName(hostname, fallback: "master@\(value.address)", value.address),
                                       role: .master, region: isAnswering ? domain.region : nil, zone: isAnswering ? domain.zone : nil,
                                       live: true, labels: l, source: source, file: file, path: path))
        }
        return out
    }

    /// One agent row, or nil for an agent with no address to go by (a recovered agent whose
    /// hostname is a DNS name).
    static func agentRecord(_ entry: AgentEntry, masters: [(name: String, address: String, hostname: String?)],
                            file: String, source: String) throws -> InventoryRecord? {
        let path = entry.path, info = entry.info
        guard !entry.object.isEmpty else { throw InputError(file: file, path: path, "expected an agent object") }
        let id = DocumentValue.text(info["id"]) ?? DocumentValue.text(DocumentValue.lookup(info, "id.value")) ?? ""
        let hostname = DocumentValue.text(info["hostname"])
        let value: AddressField.Value
        let addressPath: String
        if let pid = DocumentValue.text(entry.object["pid"]) {
            addressPath = "\(path).pid"
            value = try address(afterAt: pid, file: file, path: addressPath)
        } else if let hostname, let parsed = try? AddressField.parse(hostname) {
            addressPath = "\(entry.infoPath).hostname"
            value = parsed
        } else if hostname != nil || !id.isEmpty {
            return nil
        } else {
            throw InputError(file: file, path: path, field: "pid", "agent has neither pid nor hostname")
        }
        let domain = faultDomain(info["domain"])
        let attributes = attributeTable(info["attributes"])
        let rack = attributes["rack"] ?? attributes["rack_id"] ?? attributes["rack_name"]
        let isPublic = attributes["public_ip"]?.lowercased() == "true"
        var labels: [String: String] = ["agent_id": id]
        for (k, v) in attributes { labels["attribute." + k] = v }
        if entry.recovered { labels["recovered"] = "true" }
        var name = nodeName(hostname, fallback: id, value.address)
        let text = value.address.description
        if let master = masters.first(where: { $0.address == text || $0.address == hostname || $0.hostname == text }) {
            name = master.name  // one machine runs both
        }
        return InventoryRecord(address: value.address, mappedIPv4: value.mappedIPv4, name: name,
                               role: isPublic ? .publicAgent : .agent, region: domain.region, zone: domain.zone, rack: rack,
                               live: true, labels: labels, source: source, file: file, path: addressPath)
    }

    /// `/master/state` writes attributes as an object; `GET_STATE` as a list of
    /// `{name, type, text: {value}}` / `{scalar: {value}}`.
    static func attributeTable(_ v: Any?) -> [String: String] {
        var out: [String: String] = [:]
        if let o = DocumentValue.object(v) {
            for (k, value) in o { out[k] = DocumentValue.labelText(value) }
        } else {
            for item in DocumentValue.array(v) ?? [] {
                guard let a = DocumentValue.object(item), let name = DocumentValue.text(a["name"]) else { continue }
                out[name] = DocumentValue.text(DocumentValue.lookup(a, "text.value")) ?? DocumentValue.text(DocumentValue.lookup(a, "scalar.value"))
                    ?? DocumentValue.labelText(a["ranges"] ?? a["set"])
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
