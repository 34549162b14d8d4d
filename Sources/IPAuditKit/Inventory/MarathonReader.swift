import IPCore

/// Reads Marathon `GET /v2/apps?embed=apps.tasks` (`{"apps": [...]}`), one app
/// (`{"app": {...}}`), `GET /v2/groups?embed=group.apps.tasks` (apps in nested `groups`, all
/// read), `GET /v2/tasks` (`{"tasks": [...]}`), Marathon 0.x to 1.10, and pods (`pods` of
/// `GET /v2/groups?embed=group.pods`, `GET /v2/pods/::status`; see `MarathonPods.swift`).
///
/// Each `ipAddresses[].ipAddress` of a task becomes an `app` record hosted on the task's
/// agent (`host`), in the task's `region`/`zone`; tasks without addresses are counted. The
/// network comes from the app: `networks[]` (1.5+: one container network names it,
/// `container/bridge` is the host-local bridge, only `host` is host networking), else the
/// deprecated `ipAddress.networkName` (1.0–1.4), else `container.docker.network` (`BRIDGE`:
/// Docker's host-local bridge, `HOST` or no container network at all: host networking).
/// A task in host networking is its agent: named after `host`, label `host_network`, even
/// when `host` is a DNS name. `/v2/tasks` names no network: an address equal to the agent's
/// is host networking, DC/OS's default bridge subnets are host-local (see `defaultBridge`), and
/// any other address of a task whose `host` is a DNS name is taken as host networking.
enum MarathonReader {
    /// How an app's tasks are networked.
    enum AppNetwork {
        case host
        case container(String?)
        case bridge(String)
        /// Several container networks: Marathon flattens their addresses and drops the names.
        case several
        /// No app to ask (`/v2/tasks`).
        case unknown
    }

    static func read(_ root: Any, file: String, source: String, skipInvalid: Bool,
                     skipped: inout [InputError], tally: inout ReadTally) throws -> [InventoryRecord] {
        var out: [InventoryRecord] = []
        func collect(pods: [Any], path: String) throws {
            for (p, pod) in pods.enumerated() {
                tally.count("pods")
                do {
                    out += try podRecords(pod, path: "\(path)[\(p)]", file: file, source: source, tally: &tally)
                } catch let error as InputError where skipInvalid {
                    skipped.append(error)
                }
            }
        }
        if let pods = DocumentValue.array(root), isPodStatusList(root) {
            try collect(pods: pods, path: "$")
            noteMissing(&tally)
            return out
        }
        guard let object = DocumentValue.object(root) else {
            throw InputError(file: file, path: "$", "expected a Marathon /v2/apps, /v2/groups, /v2/tasks or /v2/pods/::status answer")
        }
        func collect(_ tasks: [Any], path: String, network: AppNetwork) throws {
            for (t, task) in tasks.enumerated() {
                tally.count("tasks")
                do {
                    let records = try records(task, path: "\(path)[\(t)]", network: network, file: file, source: source)
                    if records.isEmpty { tally.count("tasks without an address") }
                    out += records
                } catch let error as InputError where skipInvalid {
                    skipped.append(error)
                }
            }
        }
        func collect(apps: [Any], path: String) throws {
            for (a, item) in apps.enumerated() {
                tally.count("apps")
                let app = DocumentValue.object(item) ?? [:]
                try collect(DocumentValue.array(app["tasks"]) ?? [], path: "\(path)[\(a)].tasks", network: appNetwork(app))
            }
        }
        func collect(group: [String: Any], path: String) throws {
            try collect(apps: DocumentValue.array(group["apps"]) ?? [], path: "\(path).apps")
            try collect(pods: DocumentValue.array(group["pods"]) ?? [], path: "\(path).pods")
            for (g, sub) in (DocumentValue.array(group["groups"]) ?? []).enumerated() {
                try collect(group: DocumentValue.object(sub) ?? [:], path: "\(path).groups[\(g)]")
            }
        }
        if object["groups"] != nil {
            try collect(group: object, path: "$")
        } else if let apps = DocumentValue.array(object["apps"]) {
            try collect(apps: apps, path: "$.apps")
        } else if let app = DocumentValue.object(object["app"]) {
            tally.count("apps")
            try collect(DocumentValue.array(app["tasks"]) ?? [], path: "$.app.tasks", network: appNetwork(app))
        } else if let tasks = DocumentValue.array(object["tasks"]) {
            try collect(tasks, path: "$.tasks", network: .unknown)
        } else {
            throw InputError(file: file, path: "$", "expected an 'apps', 'app', 'groups' or 'tasks' list")
        }
        noteMissing(&tally)
        return out
    }

    static func noteMissing(_ tally: inout ReadTally) {
        let missing = tally.count(of: "tasks without an address")
        if missing > 0 {
            let pods = tally.count(of: "pod instances"), total = tally.count(of: "tasks") + pods
            let what = pods == 0 ? "tasks" : "tasks and pod instances"
            tally.notes.append("\(missing) of \(total) \(what) have no address (host networking, or not running yet)")
        }
    }

    static func appNetwork(_ app: [String: Any]) -> AppNetwork {
        let networks = (DocumentValue.array(app["networks"]) ?? []).compactMap(DocumentValue.object)
        if !networks.isEmpty {
            let container = networks.filter { DocumentValue.text($0["mode"]) != "host" }
            if container.isEmpty { return .host }
            guard container.count == 1 else { return .several }
            if DocumentValue.text(container[0]["mode"]) == "container/bridge" { return .bridge("mesos-bridge") }
            return .container(DocumentValue.text(container[0]["name"]))
        }
        if let ipAddress = DocumentValue.object(app["ipAddress"]) {
            return .container(DocumentValue.text(ipAddress["networkName"]))
        }
        switch DocumentValue.text(DocumentValue.lookup(app, "container.docker.network"))?.uppercased() {
        case "BRIDGE": return .bridge("docker-bridge")
        case "USER": return .container(nil)
        default: return .host
        }
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

    static func records(_ item: Any, path: String, network: AppNetwork, file: String, source: String) throws -> [InventoryRecord] {
        guard let task = DocumentValue.object(item) else { throw InputError(file: file, path: path, "expected a task object") }
        let id = DocumentValue.text(task["id"]) ?? path
        let host = DocumentValue.text(task["host"])
        let hostAddress = host.flatMap { try? AddressField.parse($0).address }
        let state = DocumentValue.text(task["state"]) ?? ""
        let live = !MesosStateReader.terminalStates.contains(state)
        var out: [InventoryRecord] = []
        for (i, ip) in (DocumentValue.array(task["ipAddresses"]) ?? []).enumerated() {
            let ipPath = "\(path).ipAddresses[\(i)].ipAddress"
            guard let text = DocumentValue.text(DocumentValue.object(ip)?["ipAddress"]) else {
                throw InputError(file: file, path: ipPath, field: "ipAddress", "missing")
            }
            let value = try AddressField.parse(text, file: file, path: ipPath, field: "ipAddress")
            var taskNetwork: String?, hostNetworked = hostAddress == value.address
            switch network {
            case .host: hostNetworked = true
            case .container(let name): taskNetwork = hostNetworked ? nil : name
            case .bridge(let name): taskNetwork = hostNetworked ? nil : name
            case .several: taskNetwork = hostNetworked ? nil : defaultBridge(value.address)
            case .unknown:
                if !hostNetworked {
                    taskNetwork = defaultBridge(value.address)
                    hostNetworked = taskNetwork == nil && host != nil && hostAddress == nil
                }
            }
            var labels: [String: String] = ["task_state": state]
            if let appID = DocumentValue.text(task["appId"]) { labels["app_id"] = appID }
            if let slave = DocumentValue.text(task["slaveId"]) { labels["agent_id"] = slave }
            let name = hostNetworkIdentity(id: id, host: host, hostNetworked: hostNetworked, labels: &labels)
            out.append(InventoryRecord(address: value.address, mappedIPv4: value.mappedIPv4, name: name, role: .app,
                                       region: DocumentValue.text(task["region"]), zone: DocumentValue.text(task["zone"]),
                                       network: taskNetwork, host: host, live: live, labels: labels,
                                       source: source, file: file, path: ipPath))
        }
        return out
    }

    /// A task or pod instance in host networking is its agent: named after `host`, labelled
    /// `host_network` with its own id kept; otherwise it is named by its id.
    static func hostNetworkIdentity(id: String, host: String?, hostNetworked: Bool, labels: inout [String: String]) -> String {
        guard hostNetworked else { return id }
        labels[InventoryLabel.hostNetwork] = "true"
        labels["task_id"] = id
        return host ?? id
    }
}
