import IPCore

/// The address managers' own state, read as Kubernetes objects of the cluster they run in:
/// Calico (IPPool, IPAMBlock, BlockAffinity, IPAMHandle), Cilium (CiliumNode, CiliumPodIPPool,
/// CiliumLoadBalancerIPPool), Whereabouts (IPPool, OverlappingRangeIPReservation,
/// NodeSlicePool) and MetalLB (IPAddressPool, BGPPeer). Nothing here trusts the allocator:
/// its pools and blocks become prefix rows with their owner, its allocations address rows
/// with theirs, and the audit's rules judge them with everything else it holds.
///
/// Domains: Calico and Cilium pod pools, blocks and allocations are the pod network's (the
/// cluster's overlay, or the underlay with `--pod-network underlay`); Whereabouts ranges
/// (Multus secondary networks on macvlan/ipvlan: physical segments) and MetalLB and Cilium
/// load-balancer pools (announced to the routers) are the underlay's.
extension KubernetesReader {
    static let ipamKinds: Set<String> = [
        "IPPool", "IPAMBlock", "BlockAffinity", "IPAMHandle",
        "CiliumNode", "CiliumPodIPPool", "CiliumLoadBalancerIPPool",
        "OverlappingRangeIPReservation", "NodeSlicePool",
        "IPAddressPool", "BGPPeer",
    ]

    /// Who made an IPAM object, from its apiVersion group.
    enum IPAMProject: String {
        case calico, cilium, whereabouts, metallb

        init?(apiVersion: String?) {
            guard let group = apiVersion?.split(separator: "/").first.map(String.init) else { return nil }
            switch group {
            case "crd.projectcalico.org", "projectcalico.org": self = .calico
            case "cilium.io": self = .cilium
            case "whereabouts.cni.cncf.io": self = .whereabouts
            case "metallb.io": self = .metallb
            default: return nil
            }
        }
    }

    /// The rows of one IPAM object (nil: not an IPAM object this reader knows).
    static func ipamRecords(_ item: Item, _ c: Context) throws -> [InventoryRecord]? {
        guard let project = IPAMProject(apiVersion: DocumentValue.text(item.object["apiVersion"])) else { return nil }
        switch (project, item.kind) {
        case (.calico, "IPPool"): return try calicoPool(item, c)
        case (.calico, "IPAMBlock"): return try calicoBlock(item, c)
        case (.calico, "BlockAffinity"): return try calicoAffinity(item, c)
        case (.calico, "IPAMHandle"): return try calicoHandle(item, c)
        case (.cilium, "CiliumNode"): return try ciliumNode(item, c)
        case (.cilium, "CiliumPodIPPool"): return try ciliumPodPool(item, c)
        case (.cilium, "CiliumLoadBalancerIPPool"): return try ciliumLoadBalancerPool(item, c)
        case (.whereabouts, "IPPool"): return try whereaboutsPool(item, c)
        case (.whereabouts, "OverlappingRangeIPReservation"): return try whereaboutsReservation(item, c)
        case (.whereabouts, "NodeSlicePool"): return try whereaboutsSlices(item, c)
        case (.metallb, "IPAddressPool"): return try metalLBPool(item, c)
        case (.metallb, "BGPPeer"): return try metalLBPeer(item, c)
        default: return nil
        }
    }

    // MARK: shared pieces

    static func ipamLabels(_ kind: String, _ project: IPAMProject, _ c: Context) -> [String: String] {
        var labels = c.labels(kind: kind)
        labels[InventoryLabel.ipamProject] = project.rawValue
        return labels
    }

    static func prefix(_ text: String, path: String, field: String, _ c: Context) throws -> IPPrefix {
        try AddressField.prefix(text, file: c.file, path: path, field: field)
    }

    /// A CIDR or a `first-last` range (MetalLB, Cilium's start/stop), as the prefixes covering it.
    static func prefixes(cidrOrRange text: String, path: String, field: String, _ c: Context) throws -> [IPPrefix] {
        let trimmed = text.filter { $0 != " " }
        if trimmed.contains("-") {
            do { return try IPRange(trimmed).prefixes } catch {
                throw InputError(file: c.file, path: path, field: field, RedactedValue.explain(error))
            }
        }
        return [try prefix(trimmed, path: path, field: field, c)]
    }

    /// The address `offset` places after a prefix's first address, if it is inside the prefix.
    static func address(in prefix: IPPrefix, offset: Int) -> IPAddress? {
        guard offset >= 0 else { return nil }
        let (widened, overflow) = prefix.first.widened.addingReportingOverflow(UInt128(offset))
        guard !overflow else { return nil }
        let address: IPAddress
        if prefix.family == 4 {
            guard widened <= UInt128(UInt32.max) else { return nil }
            address = .v4(IPv4Address(bits: UInt32(widened)))
        } else {
            address = .v6(IPv6Address(bits: widened))
        }
        return prefix.contains(address) ? address : nil
    }

    /// A pool: a prefix row labelled `ipam_pool`, in `network`.
    static func poolRow(_ prefix: IPPrefix, name: String, kind: String, project: IPAMProject, network: String?,
                        live: Bool = true, extra: [String: String] = [:], path: String, _ c: Context) -> InventoryRecord {
        var labels = ipamLabels(kind, project, c)
        labels[InventoryLabel.ipamPool] = "true"
        labels.merge(extra) { _, new in new }
        return InventoryRecord(prefix: prefix, name: name, role: .other, network: network, live: live, labels: labels,
                               source: c.source, file: c.file, path: path)
    }

    /// A node's block or slice: a prefix row owned by the node, labelled as its pod CIDR (two
    /// nodes' blocks nested in each other are one range given twice).
    static func nodeBlockRow(_ prefix: IPPrefix, node: String?, name: String, kind: String, project: IPAMProject,
                             network: String?, live: Bool, path: String, _ c: Context) -> InventoryRecord {
        var labels = ipamLabels(kind, project, c)
        labels[InventoryLabel.podCIDR] = "true"
        if let node { labels[InventoryLabel.ipamOwnerNode] = node }
        return InventoryRecord(prefix: prefix, name: name, role: .other, network: network, host: node, live: live,
                               labels: labels, source: c.source, file: c.file, path: path)
    }

    /// An address handed to a pod (`namespace/name`), or to a node's own use (tunnel, router).
    static func allocationRow(_ address: IPAddress, pod: String?, node: String?, name: String, kind: String,
                              project: IPAMProject, network: String?, extra: [String: String] = [:], path: String,
                              _ c: Context) -> InventoryRecord {
        var labels = ipamLabels(kind, project, c)
        if let pod { labels[InventoryLabel.ipamOwnerPod] = pod }
        labels.merge(extra) { _, new in new }
        return InventoryRecord(address: address, name: pod ?? name, role: pod == nil ? .other : .app, network: network,
                               host: node, live: true, labels: labels, source: c.source, file: c.file, path: path)
    }

    /// A boolean written as a boolean or as the string "true" (Calico v1 writes `deleted: "false"`).
    static func flag(_ value: Any?) -> Bool {
        if let b = value as? Bool { return b }
        return DocumentValue.text(value)?.lowercased() == "true"
    }
}
