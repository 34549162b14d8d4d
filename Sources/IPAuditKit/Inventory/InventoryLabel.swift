/// Labels the readers set and the rules read: facts about a row's identity and routing
/// domain that the columns do not hold. Labels are stored with the row, so an audit of the
/// store sees them as an audit of the file does.
enum InventoryLabel {
    /// `"true"` on an address row that names no entity (no name, device, VM or parent): it is
    /// an entity of its own, so two such rows at one address are a duplicate, as NetBox's
    /// `ENFORCE_GLOBAL_UNIQUE` says. Its shown name is the DNS name or the address.
    static let unassigned = "unassigned"
    /// `"true"` on a task in host networking: the task is its agent (the row is named after
    /// the agent), whatever address it reports.
    static let hostNetwork = "host_network"
    /// The NetBox VRF a row sits in: its own routing domain, never an overlay of the cluster.
    static let vrf = "vrf"
    /// The object a NetBox record is assigned to, by type and id (`device:12`, `vm:7`): device
    /// names are unique only per site and tenant, VM names per cluster, so the name alone could
    /// make two machines one entity.
    static let entityID = "entity_id"
    /// The Kubernetes cluster a row belongs to: a node, pod or service is one entity only with
    /// the same cluster and name, whatever the source (`kube-system/coredns-1` of two clusters
    /// are two pods).
    static let cluster = "k8s_cluster"
    /// `"true"` on a Kubernetes node labelled `node-role.kubernetes.io/etcd`: when a cluster
    /// has such nodes they, not the control plane, are its quorum.
    static let etcdMember = "k8s_etcd"
    /// The Kubernetes kind a row came from: `Node`, `Pod` or `Service`.
    static let kubernetesKind = "k8s_kind"
    /// The address manager whose state a row comes from (calico, cilium, whereabouts, metallb).
    static let ipamProject = "ipam"
    /// An address manager's pool (Calico IPPool, MetalLB IPAddressPool, ...): its blocks nest in it.
    static let ipamPool = "ipam_pool"
    /// The node a block, affinity or slice belongs to, as the allocator recorded it.
    static let ipamOwnerNode = "ipam_node"
    /// The pod (`namespace/name`) an allocation was made for, as the allocator recorded it.
    static let ipamOwnerPod = "ipam_pod"
    /// `"true"` on an address meant to be reachable from outside (a Kubernetes node's
    /// `ExternalIP`, a service's external or load-balancer address): public space is expected.
    static let expectedPublic = "expected_public"
    /// `"true"` on a Kubernetes node's pod CIDR (a prefix row, `host` is the node's address).
    static let podCIDR = "pod_cidr"
    /// `"true"` on a slice of an overlay that routes it to one node (`host`): a DC/OS overlay
    /// slice, a Kubernetes node's pod CIDR on an overlay pod network.
    static let overlaySlice = "overlay_slice"
}

extension Inventory {
    func label(_ i: Int, _ key: String) -> String? { labels[i]?[key] }
    func isUnassigned(_ i: Int) -> Bool { labels[i]?[InventoryLabel.unassigned] == "true" }
    func isHostNetwork(_ i: Int) -> Bool { labels[i]?[InventoryLabel.hostNetwork] == "true" }
    func isExpectedPublic(_ i: Int) -> Bool { labels[i]?[InventoryLabel.expectedPublic] == "true" }
    /// The name a finding gives a row's entity: a Kubernetes row's is `cluster:name`, so two
    /// clusters' `apps/web-0` are told apart (and allow-listed) in one finding.
    func entityName(_ i: Int) -> String {
        guard let cluster = label(i, InventoryLabel.cluster) else { return name(i) }
        return "\(cluster):\(name(i))"
    }
    func isPodCIDR(_ i: Int) -> Bool { labels[i]?[InventoryLabel.podCIDR] == "true" }
    /// A Kubernetes Service's cluster IP: one Service's alone, although its role is `vip`.
    func isClusterIP(_ i: Int) -> Bool {
        label(i, InventoryLabel.kubernetesKind) == "Service" && label(i, "address_type") == "ClusterIP"
    }
    /// A Kubernetes pod with its own address (not in its node's host network): a workload,
    /// never the same entity as a machine another source lists.
    func isOwnAddressPod(_ i: Int) -> Bool { label(i, InventoryLabel.kubernetesKind) == "Pod" && !isHostNetwork(i) }
}
