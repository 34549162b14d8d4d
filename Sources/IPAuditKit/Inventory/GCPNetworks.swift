import IPCore

/// Google Cloud VPC networks (`gcloud compute networks list --format=json`, the REST
/// `networks.list` answer `{"kind": "compute#networkList", "items": [...]}`). A custom or
/// auto-mode network has no range of its own (its subnetworks have), so this answer mostly
/// carries joins: each `peerings[]` entry in state `ACTIVE` joins the network with the one its
/// `network` URL names (`CloudJoins`): their subnet ranges then share one space. A legacy
/// network's `IPv4Range` is its range.
extension GCPReader {
    static func isNetwork(_ value: Any) -> Bool {
        DocumentValue.text(DocumentValue.object(value)?["kind"]) == "compute#network"
    }

    /// A network list: the REST answer, or gcloud's bare list of networks.
    static func carriesNetworks(_ tree: Any) -> Bool {
        if let o = DocumentValue.object(tree) { return DocumentValue.text(o["kind"]) == "compute#networkList" }
        guard let list = DocumentValue.array(tree), !list.isEmpty else { return false }
        return list.allSatisfy(isNetwork)
    }

    /// The network objects of a list, with their paths.
    static func networkObjects(_ tree: Any) -> [([String: Any], String)] {
        if let o = DocumentValue.object(tree) {
            return (DocumentValue.array(o["items"]) ?? []).enumerated().compactMap { k, v in DocumentValue.object(v).map { ($0, "$.items[\(k)]") } }
        }
        return (DocumentValue.array(tree) ?? []).enumerated().compactMap { k, v in DocumentValue.object(v).map { ($0, "$[\(k)]") } }
    }

    /// The network's key (`project/name`) from its selfLink.
    static func ownKey(_ o: [String: Any], path: String, file: String) throws -> String {
        guard let key = DocumentValue.text(o["selfLink"]).flatMap(networkKey) else {
            throw InputError(file: file, path: "\(path).selfLink", field: "selfLink", "missing or not a network URL: a network names itself")
        }
        return key
    }

    static func joins(_ tree: Any, file: String) throws -> CloudJoins {
        var joins = CloudJoins()
        for (o, path) in networkObjects(tree) where isNetwork(o) {
            let key = try ownKey(o, path: path, file: file)
            for (k, value) in (DocumentValue.array(o["peerings"]) ?? []).enumerated() {
                let p = DocumentValue.object(value) ?? [:]
                let ppath = "\(path).peerings[\(k)]"
                guard let remote = DocumentValue.text(p["network"]).flatMap(networkKey) else {
                    throw InputError(file: file, path: "\(ppath).network", field: "network", "missing or not a network URL: a peering names its network")
                }
                guard DocumentValue.text(p["state"]) == "ACTIVE" else { continue }
                // Names hold no spaces or `@` (RFC 1035 labels): fit for a label entry.
                joins.peer(key, remote, via: DocumentValue.text(p["name"]) ?? "peering")
            }
        }
        return joins
    }

    /// A network: its legacy range, if any, as its VPC row (joins come through `CloudJoins`).
    static func network(_ o: [String: Any], path: String, file: String, source: String, joins: CloudJoins) throws -> [InventoryRecord] {
        let key = try ownKey(o, path: path, file: file)
        guard let text = DocumentValue.text(o["IPv4Range"]) else { return [] }
        var labels = [CloudLabels.cloud: "gcp", CloudLabels.vpc: key, CloudLabels.isVPC: "true", InventoryLabel.vrf: key]
        joins.label(&labels, network: key)
        return [InventoryRecord(prefix: try AddressField.prefix(text, file: file, path: "\(path).IPv4Range", field: "IPv4Range"),
                                name: "network \(DocumentValue.text(o["name"]) ?? key)", role: .other,
                                network: CloudLabels.domain(cloud: "gcp", vpc: key), live: true, labels: labels,
                                source: source, file: file, path: "\(path).IPv4Range")]
    }

    /// A network list read on its own: checked, counted, and its legacy ranges.
    static func readNetworks(_ tree: Any, file: String, source: String, tally: inout ReadTally) throws -> [InventoryRecord] {
        let joins = try self.joins(tree, file: file)
        tally.joinsOnly = true
        var out: [InventoryRecord] = []
        for (o, path) in networkObjects(tree) {
            guard isNetwork(o) else { tally.count("objects of other kinds"); continue }
            tally.count("networks")
            out += try network(o, path: path, file: file, source: source, joins: joins)
        }
        tally.count("active peerings", joins.peers.values.reduce(0) { $0 + $1.count } / 2)
        return out
    }
}
