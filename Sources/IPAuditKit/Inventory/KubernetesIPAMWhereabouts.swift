import IPCore

/// Whereabouts (Multus secondary networks) and MetalLB: ranges on physical segments and
/// pools announced to the routers, so the underlay's.
///
/// A Whereabouts IPPool's `spec.allocations` are keyed by the decimal offset from the range's
/// first address, each naming its pod (`podref`); an OverlappingRangeIPReservation (named
/// after its address, `:` written `-`, maybe after a network name) mirrors one allocation
/// across ranges; a NodeSlicePool gives each node a slice. MetalLB pools hold CIDRs and
/// `first-last` ranges; a BGPPeer's `peerAddress` is a router's.
extension KubernetesReader {
    static func whereaboutsPool(_ item: Item, _ c: Context) throws -> [InventoryRecord] {
        let name = try self.name(item, namespaced: true, c)
        let o = item.object
        guard let text = DocumentValue.text(DocumentValue.lookup(o, "spec.range")) else {
            throw InputError(file: c.file, path: "\(item.path).spec", field: "range", "missing: a Whereabouts IPPool has a spec.range")
        }
        // Ranges are CIDRs; the pool's first address is the CIDR's (offsets count from it).
        let range = try prefix(text, path: "\(item.path).spec.range", field: "range", c)
        var out = [poolRow(range, name: "Whereabouts pool \(name)", kind: "IPPool", project: .whereabouts, network: nil,
                           path: "\(item.path).spec.range", c)]
        let allocations = DocumentValue.object(DocumentValue.lookup(o, "spec.allocations")) ?? [:]
        for key in allocations.keys.sorted(by: { (Int($0) ?? 0) < (Int($1) ?? 0) }) {
            let path = "\(item.path).spec.allocations[\"\(key)\"]"
            guard let offset = Int(key), let address = address(in: range, offset: offset) else {
                throw InputError(file: c.file, path: path, field: "allocations", "key \"\(key)\" is not an offset inside \(range)")
            }
            let entry = DocumentValue.object(allocations[key]) ?? [:]
            let pod = DocumentValue.text(entry["podref"])
            var extra: [String: String] = [:]
            if let ifname = DocumentValue.text(entry["ifname"]) { extra["ifname"] = ifname }
            if let id = DocumentValue.text(entry["id"]) { extra["container_id"] = id }
            out.append(allocationRow(address, pod: pod, node: nil, name: DocumentValue.text(entry["id"]) ?? "allocation \(key)",
                                     kind: "IPPool", project: .whereabouts, network: nil, extra: extra, path: path, c))
        }
        return out
    }

    /// The address is the object's name: `10.0.0.3`, `fd00--3` (`:` written `-`), or either
    /// after a network name and a dash.
    static func whereaboutsReservation(_ item: Item, _ c: Context) throws -> [InventoryRecord] {
        let name = try self.name(item, namespaced: false, c)
        guard let address = reservationAddress(name) else {
            throw InputError(file: c.file, path: "\(item.path).metadata.name", field: "name",
                             "\"\(name)\" does not end in an IPv4 or IPv6 address")
        }
        let pod = DocumentValue.text(DocumentValue.lookup(item.object, "spec.podref"))
        var extra: [String: String] = ["reservation": "true"]
        if let ifname = DocumentValue.text(DocumentValue.lookup(item.object, "spec.ifname")) { extra["ifname"] = ifname }
        return [allocationRow(address, pod: pod, node: nil, name: name, kind: "OverlappingRangeIPReservation",
                              project: .whereabouts, network: nil, extra: extra, path: "\(item.path).metadata.name", c)]
    }

    static func reservationAddress(_ name: String) -> IPAddress? {
        let parts = name.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        // The longest suffix that reads as an address: IPv4 is the last part, IPv6 several.
        for start in parts.indices {
            let tail = parts[start...].joined(separator: "-")
            if let v4 = try? IPAddress(tail), v4.family == 4 { return v4 }
            if let v6 = try? IPAddress(tail.replacingOccurrences(of: "-", with: ":")), v6.family == 6 { return v6 }
        }
        return nil
    }

    static func whereaboutsSlices(_ item: Item, _ c: Context) throws -> [InventoryRecord] {
        var out: [InventoryRecord] = []
        for (k, entry) in (DocumentValue.array(DocumentValue.lookup(item.object, "status.allocations")) ?? []).enumerated() {
            let path = "\(item.path).status.allocations[\(k)]"
            let o = DocumentValue.object(entry) ?? [:]
            guard let text = DocumentValue.text(o["sliceRange"]) else { continue }
            let slice = try prefix(text, path: "\(path).sliceRange", field: "sliceRange", c)
            let node = DocumentValue.text(o["nodeName"]).flatMap { $0.isEmpty ? nil : $0 }
            out.append(nodeBlockRow(slice, node: node, name: "Whereabouts slice \(slice)\(node.map { " of \($0)" } ?? "")",
                                    kind: "NodeSlicePool", project: .whereabouts, network: nil, live: node != nil,
                                    path: "\(path).sliceRange", c))
        }
        return out
    }

    static func metalLBPool(_ item: Item, _ c: Context) throws -> [InventoryRecord] {
        let name = try self.name(item, namespaced: true, c)
        var out: [InventoryRecord] = []
        for (k, entry) in (DocumentValue.array(DocumentValue.lookup(item.object, "spec.addresses")) ?? []).enumerated() {
            let path = "\(item.path).spec.addresses[\(k)]"
            guard let text = DocumentValue.text(entry) else {
                throw InputError(file: c.file, path: path, field: "addresses", "expected a CIDR or a first-last range")
            }
            // avoidBuggyIPs leaves .0 and .255 unused: gaps, not a finding.
            for prefix in try prefixes(cidrOrRange: text, path: path, field: "addresses", c) {
                out.append(poolRow(prefix, name: "MetalLB pool \(name)", kind: "IPAddressPool", project: .metallb, network: nil,
                                   extra: [InventoryLabel.expectedPublic: "true"], path: path, c))
            }
        }
        return out
    }

    static func metalLBPeer(_ item: Item, _ c: Context) throws -> [InventoryRecord] {
        let name = try self.name(item, namespaced: true, c)
        guard let text = DocumentValue.text(DocumentValue.lookup(item.object, "spec.peerAddress")) else { return [] }
        let path = "\(item.path).spec.peerAddress"
        let value = try c.address(text, path: path, field: "peerAddress")
        var labels = ipamLabels("BGPPeer", .metallb, c)
        labels["bgp_peer"] = "true"
        // Named after the router: several peerings with one router are one entity.
        labels["bgp_peer_object"] = name
        return [InventoryRecord(address: value.address, mappedIPv4: value.mappedIPv4, name: "BGP peer \(value.address)", role: .other,
                                live: true, labels: labels, source: c.source, file: c.file, path: path)]
    }
}
