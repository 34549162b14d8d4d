import IPCore

/// Marathon pods: `pods` of `GET /v2/groups?embed=group.pods` and the pod statuses of
/// `GET /v2/pods/::status` (a top-level list). A pod's instances carry their addresses per
/// network (`instances[].networks[].addresses`) and their agent (`agentHostname`); the pod's
/// `spec.networks` says how they are networked, as an app's `networks` does.
extension MarathonReader {
    /// Instance states that hold no address any more (Marathon's `PodInstanceState`).
    static let terminalInstanceStates: Set<String> = ["TERMINAL", "KILLED", "FINISHED", "FAILED"]

    /// A top-level list of pod statuses: every item has a `spec` and an `instances` list.
    static func isPodStatusList(_ json: Any) -> Bool {
        guard let items = DocumentValue.array(json), !items.isEmpty else { return false }
        return items.allSatisfy { item in
            guard let o = DocumentValue.object(item) else { return false }
            return DocumentValue.object(o["spec"]) != nil && DocumentValue.array(o["instances"]) != nil
        }
    }

    /// One record per address of each instance. A host-networked instance is its agent (named
    /// after `agentHostname`, label `host_network`), so nine instances on three agents are
    /// three machines, not a duplicate; a container network's address is the instance's own.
    static func podRecords(_ item: Any, path: String, file: String, source: String,
                           tally: inout ReadTally) throws -> [InventoryRecord] {
        guard let pod = DocumentValue.object(item) else { throw InputError(file: file, path: path, "expected a pod object") }
        let spec = DocumentValue.object(pod["spec"]) ?? pod
        let podID = DocumentValue.text(pod["id"]) ?? DocumentValue.text(spec["id"]) ?? path
        let network = appNetwork(spec)
        var out: [InventoryRecord] = []
        for (n, entry) in (DocumentValue.array(pod["instances"]) ?? []).enumerated() {
            tally.count("pod instances")
            let instancePath = "\(path).instances[\(n)]"
            guard let instance = DocumentValue.object(entry) else {
                throw InputError(file: file, path: instancePath, "expected a pod instance object")
            }
            let before = out.count
            out += try instanceRecords(instance, podID: podID, path: instancePath, network: network,
                                       file: file, source: source)
            if out.count == before { tally.count("tasks without an address") }
        }
        return out
    }

    static func instanceRecords(_ instance: [String: Any], podID: String, path: String, network: AppNetwork,
                                file: String, source: String) throws -> [InventoryRecord] {
        let id = DocumentValue.text(instance["id"]) ?? path
        let host = DocumentValue.text(instance["agentHostname"])
        let hostAddress = host.flatMap { try? AddressField.parse($0).address }
        let state = DocumentValue.text(instance["status"]) ?? ""
        var out: [InventoryRecord] = []
        for (k, net) in (DocumentValue.array(instance["networks"]) ?? []).enumerated() {
            let networkObject = DocumentValue.object(net) ?? [:]
            // The instance names the network each address is on; the spec says the mode.
            let named = DocumentValue.text(networkObject["name"])
            for (a, text) in (DocumentValue.array(networkObject["addresses"]) ?? []).enumerated() {
                let addressPath = "\(path).networks[\(k)].addresses[\(a)]"
                guard let text = DocumentValue.text(text) else {
                    throw InputError(file: file, path: addressPath, field: "addresses", "expected an address string")
                }
                let value = try AddressField.parse(text, file: file, path: addressPath, field: "addresses")
                var hostNetworked = hostAddress == value.address
                var podNetwork: String?
                switch network {
                case .host: hostNetworked = true
                case .container(let name): podNetwork = hostNetworked ? nil : (named ?? name)
                case .bridge(let name): podNetwork = hostNetworked ? nil : name
                case .several, .unknown: podNetwork = hostNetworked ? nil : (named ?? defaultBridge(value.address))
                }
                var labels: [String: String] = ["task_state": state, "pod_id": podID]
                if let agent = DocumentValue.text(instance["agentId"]) { labels["agent_id"] = agent }
                let name = hostNetworkIdentity(id: id, host: host, hostNetworked: hostNetworked, labels: &labels)
                out.append(InventoryRecord(address: value.address, mappedIPv4: value.mappedIPv4, name: name, role: .app,
                                           region: DocumentValue.text(instance["agentRegion"]),
                                           zone: DocumentValue.text(instance["agentZone"]),
                                           network: podNetwork, host: host,
                                           live: !terminalInstanceStates.contains(state), labels: labels,
                                           source: source, file: file, path: addressPath))
            }
        }
        return out
    }
}
