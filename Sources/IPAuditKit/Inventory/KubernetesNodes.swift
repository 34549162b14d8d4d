import IPCore

extension KubernetesReader {
    /// Labels marking a control-plane node: today's, kubeadm before 1.24, and RKE1's (no hyphen).
    static let controlPlaneLabels = ["node-role.kubernetes.io/control-plane", "node-role.kubernetes.io/master",
                                     "node-role.kubernetes.io/controlplane"]
    /// The label of an etcd member (RKE1 etcd nodes, RKE2 and k3s servers with embedded etcd).
    static let etcdLabel = "node-role.kubernetes.io/etcd"
    static let regionLabels = ["topology.kubernetes.io/region", "failure-domain.beta.kubernetes.io/region"]
    static let zoneLabels = ["topology.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/zone"]

    /// A node's rows: its InternalIPs (role master for control-plane nodes, where stacked etcd
    /// runs, and for etcd-labelled nodes, labelled `k8s_etcd`; else agent), its ExternalIPs (expected public space; no zone, as a cloud's 1:1 NAT
    /// address is in no zone block; role other so quorum counts the node once), and its pod
    /// CIDRs (`spec.podCIDRs`, or `spec.podCIDR` before 1.16) as prefix rows owned by it — on
    /// an overlay pod network they are its overlay slices, as a DC/OS agent's.
    static func nodeRecords(_ item: Item, _ c: Context) throws -> ([InventoryRecord], Node) {
        let name = try self.name(item, namespaced: false, c)
        let o = item.object
        let labels = (DocumentValue.object(DocumentValue.lookup(o, "metadata.labels")) ?? [:]).compactMapValues { DocumentValue.text($0) }
        let isEtcd = labels[etcdLabel] != nil && labels[etcdLabel] != "false"
        let isControlPlane = controlPlaneLabels.contains { labels[$0] != nil } || labels["kubernetes.io/role"] == "master" || isEtcd
        var node = Node(name: name, region: regionLabels.lazy.compactMap { labels[$0] }.first,
                        zone: zoneLabels.lazy.compactMap { labels[$0] }.first,
                        rack: c.settings.rackLabel.flatMap { labels[$0] })
        var out: [InventoryRecord] = []
        var seen = Set<IPAddress>()
        var externals: [InventoryRecord] = []
        for (k, entry) in (DocumentValue.array(DocumentValue.lookup(o, "status.addresses")) ?? []).enumerated() {
            let path = "\(item.path).status.addresses[\(k)]"
            guard let a = DocumentValue.object(entry), let type = DocumentValue.text(a["type"]),
                  type == "InternalIP" || type == "ExternalIP" else { continue }
            guard let text = DocumentValue.text(a["address"]), !text.isEmpty else {
                throw InputError(file: c.file, path: path, field: "address", "missing: an \(type) entry needs an address")
            }
            let value = try c.address(text, path: "\(path).address", field: "address")
            guard seen.insert(value.address).inserted else { continue }
            var rowLabels = c.labels(kind: "Node")
            rowLabels["address_type"] = type
            if type == "InternalIP" {
                if isEtcd { rowLabels[InventoryLabel.etcdMember] = "true" }
                out.append(InventoryRecord(address: value.address, mappedIPv4: value.mappedIPv4, name: name,
                                           role: isControlPlane ? .master : .agent, region: node.region, zone: node.zone,
                                           rack: node.rack, live: true, labels: rowLabels, source: c.source, file: c.file,
                                           path: "\(path).address"))
            } else {
                rowLabels[InventoryLabel.expectedPublic] = "true"
                externals.append(InventoryRecord(address: value.address, mappedIPv4: value.mappedIPv4, name: name, role: .other,
                                                 region: node.region, live: true, labels: rowLabels, source: c.source,
                                                 file: c.file, path: "\(path).address"))
            }
        }
        node.primary = out.first?.address ?? externals.first?.address
        out += externals
        let owner = node.primary?.description ?? name
        for (text, path) in strings(o, "spec.podCIDRs", singular: "spec.podCIDR", path: item.path) {
            let prefix: IPPrefix
            do { prefix = try IPPrefix(text) } catch {
                // `spec.podCIDRs[1]` or the singular `spec.podCIDR`: the field the path names.
                let field = path.hasSuffix("podCIDR") ? "podCIDR" : "podCIDRs"
                throw InputError(file: c.file, path: path, field: field, RedactedValue.explain(error))
            }
            var rowLabels = c.labels(kind: "Node")
            rowLabels[InventoryLabel.podCIDR] = "true"
            if c.settings.podCIDRsAreSlices { rowLabels[InventoryLabel.overlaySlice] = "true" }
            out.append(InventoryRecord(prefix: prefix, name: "pod CIDR of \(name)", role: .other, region: node.region,
                                       zone: node.zone, rack: node.rack, network: c.podDomain, host: owner, live: true,
                                       labels: rowLabels, source: c.source, file: c.file, path: path))
        }
        return (out, node)
    }
}
