import IPCore

/// Cilium IPAM. A CiliumNode carries the node's pod CIDRs (cluster-pool and kubernetes modes:
/// `spec.ipam.podCIDRs`; multi-pool: `spec.ipam.pools.allocated[].cidrs`) and the addresses
/// in use (`status.ipam.used`: ip → owner `namespace/pod`, or `router`/`health` for the node's
/// own cilium_host and health endpoint, which lie inside its pod CIDR by design). Pod and
/// load-balancer pools are pools.
extension KubernetesReader {
    static func ciliumNode(_ item: Item, _ c: Context) throws -> [InventoryRecord] {
        let node = try self.name(item, namespaced: false, c)
        let o = item.object
        var out: [InventoryRecord] = []
        // (CIDR, path, multi-pool pool name): cluster-pool's podCIDRs, then each pool's allocation.
        var cidrs = strings(o, "spec.ipam.podCIDRs", singular: nil, path: item.path).map { ($0.0, $0.1, nil as String?) }
        for (k, pool) in (DocumentValue.array(DocumentValue.lookup(o, "spec.ipam.pools.allocated")) ?? []).enumerated() {
            let name = DocumentValue.text(DocumentValue.object(pool)?["pool"])
            for (n, cidr) in (DocumentValue.array(DocumentValue.object(pool)?["cidrs"]) ?? []).enumerated() {
                if let text = DocumentValue.text(cidr) { cidrs.append((text, "\(item.path).spec.ipam.pools.allocated[\(k)].cidrs[\(n)]", name)) }
            }
        }
        for (text, path, pool) in cidrs {
            let prefix = try self.prefix(text, path: path, field: pool == nil ? "podCIDRs" : "cidrs", c)
            out.append(nodeBlockRow(prefix, node: node, name: "Cilium pod CIDR \(prefix) of \(node)\(pool.map { " (pool \($0))" } ?? "")",
                                    kind: "CiliumNode", project: .cilium, network: c.podDomain, live: true, path: path, c))
        }
        out += try ciliumInterfaces(item, node: node, c)
        guard let used = DocumentValue.object(DocumentValue.lookup(o, "status.ipam.used")) else { return out }
        for text in used.keys.sorted() {
            let path = "\(item.path).status.ipam.used[\"\(text)\"]"
            let value = try c.address(text, path: path, field: "used")
            let owner = DocumentValue.text(DocumentValue.object(used[text])?["owner"]) ?? ""
            // `router` and `health` (older: `router`, `health`, `kube-system/...` for pods) are the node's own.
            let pod = owner.contains("/") ? owner : nil
            out.append(allocationRow(value.address, pod: pod, node: node, name: pod == nil ? "\(node) (\(owner.isEmpty ? "node" : owner))" : node,
                                     kind: "CiliumNode", project: .cilium, network: c.podDomain,
                                     extra: owner.isEmpty ? [:] : ["owner": owner], path: path, c))
        }
        return out
    }

    static func ciliumPodPool(_ item: Item, _ c: Context) throws -> [InventoryRecord] {
        let name = try self.name(item, namespaced: false, c)
        var out: [InventoryRecord] = []
        for family in ["ipv4", "ipv6"] {
            for (text, path) in strings(item.object, "spec.\(family).cidrs", singular: nil, path: item.path) {
                let prefix = try self.prefix(text, path: path, field: "cidrs", c)
                out.append(poolRow(prefix, name: "Cilium pod pool \(name)", kind: "CiliumPodIPPool", project: .cilium,
                                   network: c.podDomain, path: path, c))
            }
        }
        return out
    }

    /// `spec.blocks[]` of `{cidr}` or `{start, stop}` (`start` alone: one address); older `spec.cidrs[]`.
    static func ciliumLoadBalancerPool(_ item: Item, _ c: Context) throws -> [InventoryRecord] {
        let name = try self.name(item, namespaced: false, c)
        let o = item.object
        let blocks = DocumentValue.array(DocumentValue.lookup(o, "spec.blocks")) ?? DocumentValue.array(DocumentValue.lookup(o, "spec.cidrs")) ?? []
        let field = DocumentValue.lookup(o, "spec.blocks") != nil ? "blocks" : "cidrs"
        var out: [InventoryRecord] = []
        for (k, entry) in blocks.enumerated() {
            let path = "\(item.path).spec.\(field)[\(k)]"
            let block = DocumentValue.object(entry) ?? [:]
            let text: String
            if let cidr = DocumentValue.text(block["cidr"]) {
                text = cidr
            } else if let start = DocumentValue.text(block["start"]) {
                text = DocumentValue.text(block["stop"]).map { "\(start)-\($0)" } ?? "\(start)-\(start)"
            } else {
                throw InputError(file: c.file, path: path, field: field, "expected a cidr, or a start (and stop)")
            }
            for prefix in try prefixes(cidrOrRange: text, path: path, field: field, c) {
                out.append(poolRow(prefix, name: "Cilium load-balancer pool \(name)", kind: "CiliumLoadBalancerIPPool",
                                   project: .cilium, network: nil, extra: [InventoryLabel.expectedPublic: "true"], path: path, c))
            }
        }
        return out
    }
}
