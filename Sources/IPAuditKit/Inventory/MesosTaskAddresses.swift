import IPCore

extension MesosStateReader {
    /// An address a status reports, where it was found.
    struct Found {
        var text: String
        var network: String?
        var path: String
        var dockerBridge: Bool
        /// Read from a containerizer's status label: the container's own address, never its host's.
        var fromLabel = false
    }

    static func statusAddresses(_ status: Any, path: String) -> [Found] {
        var out: [Found] = []
        let infos = DocumentValue.array(DocumentValue.lookup(status, "container_status.network_infos")) ?? []
        for (n, item) in infos.enumerated() {
            guard let info = DocumentValue.object(item) else { continue }
            let network = DocumentValue.text(info["name"])
            let infoPath = "\(path).container_status.network_infos[\(n)]"
            var texts = Set<String>()
            for (a, ip) in (DocumentValue.array(info["ip_addresses"]) ?? []).enumerated() {
                guard let text = DocumentValue.text(DocumentValue.object(ip)?["ip_address"]), texts.insert(text).inserted else { continue }
                out.append(Found(text: text, network: network, path: "\(infoPath).ip_addresses[\(a)].ip_address", dockerBridge: false))
            }
            // Mesos ≤ 0.28 wrote one address per network, also next to the list.
            if let text = DocumentValue.text(info["ip_address"]), texts.insert(text).inserted {
                out.append(Found(text: text, network: network, path: "\(infoPath).ip_address", dockerBridge: false))
            }
        }
        // Labels: a list of {key, value} (/master/state) or {labels: [...]} (v1).
        let labelList = DocumentValue.array(DocumentValue.object(status)?["labels"])
            ?? DocumentValue.array(DocumentValue.lookup(status, "labels.labels")) ?? []
        for (k, item) in labelList.enumerated() {
            guard let label = DocumentValue.object(item), let key = DocumentValue.text(label["key"]),
                  key == dockerLabel || key == mesosLabel, let text = DocumentValue.text(label["value"]), !text.isEmpty else { continue }
            if key == dockerLabel, let i = out.firstIndex(where: { $0.text == text && $0.network == nil }) {
                out[i].dockerBridge = true  // the executor wrote the container's Docker address in both places
            } else if !out.contains(where: { $0.text == text }) {
                out.append(Found(text: text, network: nil, path: "\(path).labels[\(k)].value", dockerBridge: key == dockerLabel,
                                 fromLabel: true))
            }
        }
        return out
    }

    static func taskRecords(_ entry: TaskEntry, agents: [String: Agent], file: String, source: String) throws -> [InventoryRecord] {
        let task = entry.object, path = entry.path
        guard !task.isEmpty else { throw InputError(file: file, path: path, "expected a task object") }
        let id = DocumentValue.text(task["id"]) ?? DocumentValue.text(DocumentValue.lookup(task, "task_id.value"))
            ?? DocumentValue.text(task["name"]) ?? path
        let state = DocumentValue.text(task["state"]) ?? ""
        let live = !entry.historical && !terminalStates.contains(state)
        let agentID = DocumentValue.text(task["slave_id"]) ?? DocumentValue.text(DocumentValue.lookup(task, "agent_id.value"))
        let agent = agentID.flatMap { agents[$0] }
        // The newest status that carries an address.
        let statuses = DocumentValue.array(task["statuses"]) ?? []
        var best: (found: [Found], time: Double)?
        for (s, status) in statuses.enumerated() {
            let found = statusAddresses(status, path: "\(path).statuses[\(s)]")
            guard !found.isEmpty else { continue }
            let time = DocumentValue.number(DocumentValue.object(status)?["timestamp"]) ?? 0
            if best == nil || time >= best!.time { best = (found, time) }
        }
        guard let best else { return [] }
        let dockerNetwork = DocumentValue.text(DocumentValue.lookup(task, "container.docker.network"))?.uppercased()
        let requested = (DocumentValue.array(DocumentValue.lookup(task, "container.network_infos")) ?? [])
            .compactMap { DocumentValue.text(DocumentValue.object($0)?["name"]) }
        var out: [InventoryRecord] = []
        for found in best.found {
            let value: AddressField.Value
            do { value = try AddressField.parse(found.text) } catch {
                throw InputError(file: file, path: found.path, field: "ip_address", RedactedValue.explain(error))
            }
            var labels = ["task_state": state]
            if let name = DocumentValue.text(task["name"]) { labels["task_name"] = name }
            if let agentID { labels["agent_id"] = agentID }
            var name = id, network = found.network
            if network == nil {
                if (found.dockerBridge && dockerNetwork != "USER") || dockerNetwork == "BRIDGE" {
                    network = "docker-bridge"
                } else if dockerNetwork != "HOST", let bridge = MarathonReader.defaultBridge(value.address) {
                    network = bridge
                } else if requested.count == 1 {
                    network = requested[0]
                } else if found.fromLabel {
                    // A containerizer wrote the container's own address (Calico, a Docker USER
                    // network): the task is its own entity on the routed network, not its agent.
                } else {
                    // Host networking: the task is its agent.
                    name = agent?.name ?? agentID ?? id
                    labels[InventoryLabel.hostNetwork] = "true"
                    labels["task_id"] = id
                }
            }
            out.append(InventoryRecord(address: value.address, mappedIPv4: value.mappedIPv4, name: name, role: .app,
                                       region: agent?.region, zone: agent?.zone, rack: agent?.rack,
                                       network: network, host: agent?.address, live: live, labels: labels,
                                       source: source, file: file, path: found.path))
        }
        return out
    }

}
