import IPCore

/// Calico IPAM (`crd.projectcalico.org/v1` from kubectl, `projectcalico.org/v3` from calicoctl).
/// A pool is the pod network's space; a block (a routing unit carved from a pool, default /26)
/// is affine to one node (`host:<node>`); each allocated ordinal of a block is an address
/// handed to a pod (`attributes[].secondary`) or to the node itself (a tunnel address).
/// Borrowed addresses (a pod on another node than the block's, StrictAffinity off) are the
/// design working, not a finding: an allocation's node is not compared with its block's.
extension KubernetesReader {
    static func calicoPool(_ item: Item, _ c: Context) throws -> [InventoryRecord] {
        let name = try self.name(item, namespaced: false, c)
        guard let cidr = DocumentValue.text(DocumentValue.lookup(item.object, "spec.cidr")) else {
            throw InputError(file: c.file, path: "\(item.path).spec", field: "cidr", "missing: a Calico IPPool has a spec.cidr")
        }
        let prefix = try self.prefix(cidr, path: "\(item.path).spec.cidr", field: "cidr", c)
        var extra: [String: String] = [:]
        // A disabled pool hands out nothing new but frees nothing: its space is still held.
        if flag(DocumentValue.lookup(item.object, "spec.disabled")) { extra["disabled"] = "true" }
        let uses = (DocumentValue.array(DocumentValue.lookup(item.object, "spec.allowedUses")) ?? []).compactMap(DocumentValue.text)
        // A pool only for LoadBalancer services is announced to the routers: the underlay's.
        let loadBalancerOnly = !uses.isEmpty && uses.allSatisfy { $0 == "LoadBalancer" }
        return [poolRow(prefix, name: "Calico pool \(name)", kind: "IPPool", project: .calico,
                        network: loadBalancerOnly ? nil : c.podDomain, extra: extra, path: "\(item.path).spec.cidr", c)]
    }

    /// `host:<node>` → the node; `virtual:<name>` and none → no node.
    static func calicoAffinityNode(_ text: String?) -> String? {
        guard let text, text.hasPrefix("host:") else { return nil }
        let node = String(text.dropFirst(5))
        return node.isEmpty ? nil : node
    }

    static func calicoBlock(_ item: Item, _ c: Context) throws -> [InventoryRecord] {
        let o = item.object
        guard let cidr = DocumentValue.text(DocumentValue.lookup(o, "spec.cidr")) else {
            throw InputError(file: c.file, path: "\(item.path).spec", field: "cidr", "missing: a Calico IPAMBlock has a spec.cidr")
        }
        let block = try self.prefix(cidr, path: "\(item.path).spec.cidr", field: "cidr", c)
        let node = calicoAffinityNode(DocumentValue.text(DocumentValue.lookup(o, "spec.affinity")))
        let deleted = flag(DocumentValue.lookup(o, "spec.deleted"))
        var out = [nodeBlockRow(block, node: node, name: "Calico block \(block)\(node.map { " of \($0)" } ?? "")", kind: "IPAMBlock",
                                project: .calico, network: c.podDomain, live: !deleted, path: "\(item.path).spec.cidr", c)]
        guard !deleted else { return out }
        let attributes = (DocumentValue.array(DocumentValue.lookup(o, "spec.attributes")) ?? []).map { DocumentValue.object($0) ?? [:] }
        for (ordinal, value) in (DocumentValue.array(DocumentValue.lookup(o, "spec.allocations")) ?? []).enumerated() {
            guard let number = DocumentValue.number(value), number == number.rounded() else { continue }  // null: free
            let index = Int(number)
            let path = "\(item.path).spec.allocations[\(ordinal)]"
            guard let address = address(in: block, offset: ordinal) else {
                throw InputError(file: c.file, path: path, field: "allocations", "ordinal \(ordinal) is outside block \(block)")
            }
            // An index past the attributes (a cut dump) still holds the address; its owner is unknown.
            let attribute = index >= 0 && index < attributes.count ? attributes[index] : [:]
            let secondary = DocumentValue.object(attribute["secondary"]) ?? [:]
            let handle = DocumentValue.text(attribute["handle_id"]) ?? "handle \(index)"
            var pod: String?
            if let namespace = DocumentValue.text(secondary["namespace"]), let name = DocumentValue.text(secondary["pod"]) {
                pod = "\(namespace)/\(name)"
            }
            var extra = ["handle": handle]
            // A tunnel or WireGuard address is the node's own (named after it).
            let type = DocumentValue.text(secondary["type"])
            if let type { extra["allocation_type"] = type }
            let allocationNode = DocumentValue.text(secondary["node"]) ?? node
            out.append(allocationRow(address, pod: pod, node: allocationNode, name: allocationNode ?? handle, kind: "IPAMBlock",
                                     project: .calico, network: c.podDomain, extra: extra, path: path, c))
        }
        return out
    }

    /// An affinity without its block (a partial dump): the node's claim on the CIDR.
    static func calicoAffinity(_ item: Item, _ c: Context) throws -> [InventoryRecord] {
        let o = item.object
        guard let cidr = DocumentValue.text(DocumentValue.lookup(o, "spec.cidr")) else {
            throw InputError(file: c.file, path: "\(item.path).spec", field: "cidr", "missing: a BlockAffinity has a spec.cidr")
        }
        let block = try self.prefix(cidr, path: "\(item.path).spec.cidr", field: "cidr", c)
        let node = DocumentValue.text(DocumentValue.lookup(o, "spec.node"))
        let state = DocumentValue.text(DocumentValue.lookup(o, "spec.state")) ?? "confirmed"
        let live = !flag(DocumentValue.lookup(o, "spec.deleted")) && state != "pendingDeletion"
        return [nodeBlockRow(block, node: node, name: "Calico block \(block)\(node.map { " of \($0)" } ?? "")", kind: "BlockAffinity",
                             project: .calico, network: c.podDomain, live: live, path: "\(item.path).spec.cidr", c)]
    }
}
