import IPCore

/// Reads the DC/OS overlay master's `GET /overlay-master/state`: which node owns which slice
/// of each virtual network, and every node's VTEP address. It is the only source of both.
///
/// Records: per node and overlay, a prefix row for the node's slice (`subnet`, `subnet6`) on
/// the overlay's network, with `host` = the node's address and the label
/// `overlay_slice = true` (the bridges' halves, `mesos_bridge`/`docker_bridge`, as labels);
/// per node, one address row for each VTEP address (`backend.vxlan.vtep_ip`, `vtep_ip6`,
/// written with their mask) on the network `vtep`. A node lists its VTEP once per overlay:
/// it becomes one row. A slice stays the node's whatever the overlay's status (a label).
enum OverlayStateReader {
    static let vtepNetwork = "vtep"

    static func read(_ root: Any, file: String, source: String, skipInvalid: Bool,
                     skipped: inout [InputError], tally: inout ReadTally) throws -> [InventoryRecord] {
        guard let state = DocumentValue.object(root), let agents = DocumentValue.array(state["agents"]) else {
            throw InputError(file: file, path: "$", "expected the JSON object of GET /overlay-master/state with agents[]")
        }
        var out: [InventoryRecord] = []
        tally.count("nodes", agents.count)
        for (i, item) in agents.enumerated() {
            let path = "$.agents[\(i)]"
            do {
                out += try node(item, path: path, file: file, source: source)
            } catch let error as InputError where skipInvalid {
                skipped.append(error)
            }
        }
        return out
    }

    static func node(_ item: Any, path: String, file: String, source: String) throws -> [InventoryRecord] {
        guard let agent = DocumentValue.object(item) else { throw InputError(file: file, path: path, "expected a node object") }
        guard let ipText = DocumentValue.text(agent["ip"]) else {
            throw InputError(file: file, path: path, field: "ip", "missing: every node has an ip")
        }
        let host: IPAddress
        do { host = try AddressField.parse(ipText).address } catch {
            throw InputError(file: file, path: "\(path).ip", field: "ip", "\(error)")
        }
        var out: [InventoryRecord] = []
        var vteps = Set<IPAddress>()
        for (k, entry) in (DocumentValue.array(agent["overlays"]) ?? []).enumerated() {
            let overlayPath = "\(path).overlays[\(k)]"
            guard let overlay = DocumentValue.object(entry) else {
                throw InputError(file: file, path: overlayPath, "expected an overlay object")
            }
            guard let name = DocumentValue.text(DocumentValue.lookup(overlay, "info.name")) else {
                throw InputError(file: file, path: "\(overlayPath).info", field: "name", "missing: the overlay's name")
            }
            let status = DocumentValue.text(DocumentValue.lookup(overlay, "state.status")) ?? "STATUS_OK"
            for key in ["subnet", "subnet6"] {
                guard let text = DocumentValue.text(overlay[key]) else { continue }
                let slice: IPPrefix
                do { slice = try IPPrefix(text) } catch {
                    throw InputError(file: file, path: "\(overlayPath).\(key)", field: key, "\(error)")
                }
                var labels = [InventoryLabel.overlaySlice: "true", "overlay_status": status]
                for bridge in ["mesos_bridge", "docker_bridge"] {
                    if let half = DocumentValue.text(DocumentValue.lookup(overlay, bridge + (key == "subnet" ? ".ip" : ".ip6"))) {
                        labels[bridge] = half
                    }
                }
                out.append(InventoryRecord(prefix: slice, name: "\(name) slice of \(host)", role: .other, network: name,
                                           host: host.description, labels: labels,
                                           source: source, file: file, path: "\(overlayPath).\(key)"))
            }
            for key in ["vtep_ip", "vtep_ip6"] {
                let fieldPath = "\(overlayPath).backend.vxlan.\(key)"
                guard let text = DocumentValue.text(DocumentValue.lookup(overlay, "backend.vxlan.\(key)")) else { continue }
                let vtep: IPAddress
                do { vtep = try AddressField.parse(text).address } catch {
                    throw InputError(file: file, path: fieldPath, field: key, "\(error)")
                }
                guard vteps.insert(vtep).inserted else { continue }
                var labels: [String: String] = [:]
                if let name = DocumentValue.text(DocumentValue.lookup(overlay, "backend.vxlan.vtep_name")) { labels["vtep_name"] = name }
                out.append(InventoryRecord(address: vtep, name: "vtep of \(host)", role: .other,
                                           mac: DocumentValue.text(DocumentValue.lookup(overlay, "backend.vxlan.vtep_mac"))?.lowercased(),
                                           network: vtepNetwork, host: host.description, labels: labels, source: source,
                                           file: file, path: fieldPath))
            }
        }
        return out
    }
}
