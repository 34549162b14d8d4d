import IPCore

/// A Calico IPAMHandle (`spec.handleID`, `spec.block` {"<block cidr>": count}) is the other half
/// of an allocation: the block's attribute names the handle, the handle names the blocks it has
/// addresses in. A handle naming a block that does not exist is leaked (`calicoctl ipam check`'s
/// "handles with no matching IPs"). The handle holds no space of its own (its block does), so
/// each block it names is a row that is not live, which no other rule counts: the stale
/// allocation rule compares it with the IPAMBlocks of the same run.
extension KubernetesReader {
    /// On a handle's row: the handle's id.
    static let calicoHandleLabel = "calico_handle"

    static func calicoHandle(_ item: Item, _ c: Context) throws -> [InventoryRecord] {
        let o = item.object
        let name = try self.name(item, namespaced: false, c)
        let id = DocumentValue.text(DocumentValue.lookup(o, "spec.handleID")) ?? name
        // A handle being deleted references nothing any more.
        if flag(DocumentValue.lookup(o, "spec.deleted")) { return [] }
        guard let blocks = DocumentValue.object(DocumentValue.lookup(o, "spec.block")) else {
            throw InputError(file: c.file, path: "\(item.path).spec", field: "block", "missing: an IPAMHandle names its blocks (spec.block)")
        }
        var out: [InventoryRecord] = []
        for cidr in blocks.keys.sorted() {
            let path = "\(item.path).spec.block[\"\(cidr)\"]"
            let prefix = try self.prefix(cidr, path: path, field: "block", c)
            var labels = ipamLabels("IPAMHandle", .calico, c)
            labels[calicoHandleLabel] = id
            out.append(InventoryRecord(prefix: prefix, name: "Calico handle \(id)", role: .other, network: c.podDomain,
                                       live: false, labels: labels, source: c.source, file: c.file, path: path))
        }
        return out
    }
}
