/// Input formats of `ipaudit import` and `ipaudit audit FILE`.
public enum InventoryFormat: String, CaseIterable, Sendable {
    case auto, csv, json, yaml, mesos, marathon, netbox
    /// Kubernetes API objects: `kubectl get nodes,pods,services -A -o json|yaml`, a NodeList,
    /// PodList or ServiceList, or one object.
    case kubernetes
    /// DC/OS `GET /overlay-master/state`.
    case dcosOverlay = "dcos-overlay"

    /// Guesses from the content (and, for an ambiguous start, the file name).
    /// JSON is recognized by its first byte, then by the keys that each API answer has;
    /// CSV by a header line naming an address or prefix column; everything else is YAML.
    static func detect(_ bytes: [UInt8], json: Any?, file: String) -> InventoryFormat {
        if let json { return detectJSON(json) }
        let lower = file.lowercased()
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") { return .yaml }
        if lower.hasSuffix(".csv") { return .csv }
        // The first record, split by the inventory's own CSV tokenizer (quotes, BOM, comments).
        // YAML that is not CSV may not tokenize: then it is simply not CSV.
        if let header = (try? CSVRecords.parse(bytes, file: file, limit: 1))?.first, header.fields.count > 1 {
            let columns = header.fields.map(InventoryColumn.init(header:))
            if columns.contains(.address) || columns.contains(.prefix) { return .csv }
        }
        return .yaml
    }

    /// The strongest signature wins: Kubernetes' apiVersion and kind first (nothing else has
    /// both at the top); an overlay state stays one even when a mock also carries
    /// `frameworks`; a Mesos state before Marathon (both may list `tasks`).
    static func detectJSON(_ json: Any) -> InventoryFormat {
        if let o = DocumentValue.object(json) {
            for format in [InventoryFormat.kubernetes, .dcosOverlay, .mesos, .marathon, .netbox] where format.matches(o) { return format }
            return .json
        }
        if let a = DocumentValue.array(json), !a.isEmpty, a.allSatisfy(isNetBoxObject) { return .netbox }
        return .json
    }

    /// Whether a JSON object has this format's top-level signature.
    func matches(_ o: [String: Any]) -> Bool {
        switch self {
        case .dcosOverlay:
            if DocumentValue.lookup(o, "network.overlays") != nil { return true }
            guard let agents = DocumentValue.array(o["agents"]) else { return false }
            return agents.contains { DocumentValue.object($0)?["overlays"] != nil }
        case .mesos:
            return ["get_state", "slaves", "recovered_slaves", "frameworks", "completed_frameworks", "leader_info"].contains { o[$0] != nil }
        case .marathon:
            if o["apps"] != nil || DocumentValue.object(o["app"]) != nil || DocumentValue.array(o["groups"]) != nil { return true }
            guard let tasks = DocumentValue.array(o["tasks"]) else { return false }
            return tasks.isEmpty || tasks.contains { DocumentValue.object($0)?["appId"] != nil }
        case .netbox:
            if let results = DocumentValue.array(o["results"]) { return o["count"] != nil || results.contains(where: Self.isNetBoxObject) }
            return Self.isNetBoxObject(o)
        case .kubernetes:
            return KubernetesReader.isKubernetes(o)
        case .json:
            return ["records", "inventory", "hosts"].contains { DocumentValue.array(o[$0]) != nil }
        case .auto, .csv, .yaml:
            return true
        }
    }

    /// What this format's JSON looks like, for the refusal of a file that is something else.
    var signature: String {
        switch self {
        case .dcosOverlay: "a DC/OS GET /overlay-master/state (agents[].overlays, network.overlays)"
        case .mesos: "a Mesos GET /master/state (slaves, frameworks, leader_info) or GET_STATE answer (get_state)"
        case .marathon: "a Marathon answer (apps, app, groups, or tasks with appId)"
        case .netbox: "NetBox API JSON (results, a list of objects, or one object with family and address or prefix)"
        case .kubernetes: "Kubernetes objects (apiVersion and kind List, NodeList, PodList, ServiceList, Node, Pod or Service)"
        case .json: "ipaudit records (a list, or a records list)"
        case .auto, .csv, .yaml: rawValue
        }
    }

    /// "found top-level keys: a, b" / "found a list of 3 items": what a file holds instead.
    static func found(_ json: Any) -> String {
        if let o = DocumentValue.object(json) {
            return o.isEmpty ? "found an empty object" : "found top-level keys: \(o.keys.sorted().joined(separator: ", "))"
        }
        if let a = DocumentValue.array(json) { return "found a list of \(a.count) item\(a.count == 1 ? "" : "s")" }
        return "found a single value"
    }

    /// The auto-detection failure: every signature it looked for, and what it found.
    static func unrecognized(_ json: Any) -> String {
        let known = [InventoryFormat.json, .mesos, .marathon, .dcosOverlay, .netbox, .kubernetes].map(\.signature).joined(separator: "; ")
        return "not a known inventory format: expected \(known); \(found(json))"
    }

    /// NetBox objects carry a `family` object or number next to `address`/`prefix`.
    static func isNetBoxObject(_ v: Any) -> Bool {
        guard let o = DocumentValue.object(v) else { return false }
        return o["family"] != nil && (o["address"] != nil || o["prefix"] != nil)
    }
}
