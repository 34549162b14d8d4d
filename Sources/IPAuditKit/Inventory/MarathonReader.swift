import IPCore

/// Reads Marathon `GET /v2/apps?embed=apps.tasks` (`{"apps": [...]}`, tasks embedded in each
/// app) and `GET /v2/tasks` (`{"tasks": [...]}`).
///
/// Each `ipAddresses[].ipAddress` of a task becomes an `app` record hosted on the task's
/// agent (`host`), in the task's `region`/`zone`. Marathon flattens every network's addresses
/// into one list and drops the names, so the network comes from the app's `networks[]` when
/// it has exactly one container network; an address equal to the agent's is host networking;
/// otherwise DC/OS's default bridge subnets name the network (see `defaultBridge`).
enum MarathonReader {
    static func read(_ root: Any, file: String, source: String, skipInvalid: Bool,
                     skipped: inout [InputError]) throws -> [InventoryRecord] {
        guard let object = DocumentValue.object(root) else {
            throw InputError(file: file, path: "$", "expected a Marathon /v2/apps or /v2/tasks JSON object")
        }
        var out: [InventoryRecord] = []
        func collect(_ tasks: [Any], path: String, network: String?) throws {
            for (t, task) in tasks.enumerated() {
                do {
                    out += try records(task, path: "\(path)[\(t)]", network: network, file: file, source: source)
                } catch let error as InputError where skipInvalid {
                    skipped.append(error)
                }
            }
        }
        if let apps = DocumentValue.array(object["apps"]) {
            for (a, app) in apps.enumerated() {
                let networks = (DocumentValue.array(DocumentValue.object(app)?["networks"]) ?? []).compactMap(DocumentValue.object)
                let named = networks.filter { DocumentValue.text($0["mode"]) != "host" }
                var network: String?
                if named.count == 1 {
                    let mode = DocumentValue.text(named[0]["mode"]) ?? ""
                    network = DocumentValue.text(named[0]["name"]) ?? (mode == "container/bridge" ? "mesos-bridge" : nil)
                }
                try collect(DocumentValue.array(DocumentValue.object(app)?["tasks"]) ?? [], path: "$.apps[\(a)].tasks", network: network)
            }
        } else if let tasks = DocumentValue.array(object["tasks"]) {
            try collect(tasks, path: "$.tasks", network: nil)
        } else {
            throw InputError(file: file, path: "$", "expected an 'apps' or a 'tasks' list")
        }
        return out
    }

    /// `/v2/tasks` names no network. DC/OS's per-host bridges have fixed defaults (Mesos CNI
    /// `mesos-bridge` 172.31.254.0/24, Docker's `docker0` 172.17.0.0/16): an address there is
    /// host-local, not an underlay address.
    static func defaultBridge(_ address: IPAddress) -> String? {
        guard case .v4(let a) = address else { return nil }
        if a.bits >> 8 == 0xAC1F_FE { return "mesos-bridge" }
        if a.bits >> 16 == 0xAC11 { return "docker0" }
        return nil
    }

    static func records(_ item: Any, path: String, network: String?, file: String, source: String) throws -> [InventoryRecord] {
        guard let task = DocumentValue.object(item) else { throw InputError(file: file, path: path, "expected a task object") }
        let id = DocumentValue.text(task["id"]) ?? path
        let host = DocumentValue.text(task["host"])
        let state = DocumentValue.text(task["state"]) ?? ""
        let live = !MesosStateReader.terminalStates.contains(state)
        var out: [InventoryRecord] = []
        for (i, ip) in (DocumentValue.array(task["ipAddresses"]) ?? []).enumerated() {
            let ipPath = "\(path).ipAddresses[\(i)].ipAddress"
            guard let text = DocumentValue.text(DocumentValue.object(ip)?["ipAddress"]) else {
                throw InputError(file: file, path: ipPath, field: "ipAddress", "missing")
            }
            let value: AddressField.Value
            do { value = try AddressField.parse(text) } catch {
                throw InputError(file: file, path: ipPath, field: "ipAddress", error.description)
            }
            let hostNetworked = host.flatMap { try? AddressField.parse($0).address } == value.address
            let taskNetwork = hostNetworked ? nil : network ?? defaultBridge(value.address)
            var labels: [String: String] = ["task_state": state]
            if let appID = DocumentValue.text(task["appId"]) { labels["app_id"] = appID }
            if let slave = DocumentValue.text(task["slaveId"]) { labels["agent_id"] = slave }
            out.append(InventoryRecord(address: value.address, mappedIPv4: value.mappedIPv4, name: id, role: .app,
                                       region: DocumentValue.text(task["region"]), zone: DocumentValue.text(task["zone"]),
                                       network: taskNetwork, host: host, live: live, labels: labels,
                                       source: source, file: file, path: ipPath))
        }
        return out
    }
}
