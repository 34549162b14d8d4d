/// How Kubernetes documents are read: which cluster they describe, where its pods are
/// routed, who places pod addresses, and which node label names the rack.
public struct KubernetesSettings: Sendable, Equatable {
    /// Where pod addresses live.
    public enum PodNetwork: String, CaseIterable, Sendable {
        /// The cluster's own routing domain (flannel, Cilium or Calico in VXLAN/IPIP, kubenet):
        /// pod addresses repeat freely across clusters.
        case overlay
        /// Routed with the nodes (Calico BGP, a cloud VPC CNI, GKE VPC-native, Cilium native
        /// routing): pod addresses share the underlay with every node and every other cluster.
        case underlay
    }

    /// Who hands out pod addresses: routing and address management are separate choices
    /// (GKE VPC-native routes pods yet places them in node pod CIDRs; Calico IPAM on an
    /// overlay does not).
    public enum PodIPAM: String, CaseIterable, Sendable {
        /// kube-controller-manager's node IPAM: each node's `spec.podCIDRs` are the only places
        /// its pods may be, judged as its slices (flannel, kubenet, GKE, Cilium kubernetes IPAM).
        case nodeCIDR = "node-cidr"
        /// The CNI's own pools (Calico IPAM, Cilium cluster-pool, AWS VPC CNI): pod CIDRs are
        /// not where pods are and are not judged as slices (they still may not overlap).
        case cni
    }

    /// The cluster's name and, in overlay mode, its pod network's routing domain; nil takes
    /// it from the file name (`prod-eu.json` → `prod-eu`).
    public var cluster: String?
    public var podNetwork: PodNetwork
    /// nil: what the pod network usually means, node CIDRs on an overlay, the CNI's own pools
    /// when routed (the CNIs that route pods mostly bring their own IPAM).
    public var podIPAM: PodIPAM?
    /// The node label holding the rack (none is standard).
    public var rackLabel: String?
    /// Nodes of the other files of this cluster (files read as one, `KubernetesFileGroups`):
    /// pods in this file take their zone and host address from them.
    var groupNodes: [String: KubernetesReader.Node] = [:]

    /// Pods in the cluster's own routing domain (an overlay), not the underlay.
    public var podsIsolated: Bool { podNetwork != .underlay }
    /// The address management in effect.
    public var effectivePodIPAM: PodIPAM { podIPAM ?? (podNetwork == .overlay ? .nodeCIDR : .cni) }
    /// Node pod CIDRs are where each node's pods are: judged as its slices.
    public var podCIDRsAreSlices: Bool { effectivePodIPAM == .nodeCIDR }

    public init(cluster: String? = nil, podNetwork: PodNetwork = .overlay, podIPAM: PodIPAM? = nil, rackLabel: String? = nil) {
        self.cluster = cluster
        self.podNetwork = podNetwork
        self.podIPAM = podIPAM
        self.rackLabel = rackLabel
    }

    /// `inventory/prod-eu.json` → `prod-eu`; `https://k8s.example:6443/api/v1/pods` → `k8s.example`.
    public static func clusterName(forFile file: String) -> String {
        if let scheme = file.range(of: "://") {
            let rest = file[scheme.upperBound...]
            let authority = rest.prefix { $0 != "/" && $0 != "?" }
            let host = authority.split(separator: "@").last.map(String.init) ?? String(authority)
            if host.hasPrefix("["), let close = host.firstIndex(of: "]") { return String(host[...close]) }
            return String(host.prefix { $0 != ":" })
        }
        if file == "-" || file == "<stdin>" { return "stdin" }
        var name = Substring(file.split(separator: "/").last ?? Substring(file))
        for suffix in [".json", ".yaml", ".yml"] where name.lowercased().hasSuffix(suffix) {
            name = name.dropLast(suffix.count)
            break
        }
        return name.isEmpty ? "cluster" : String(name)
    }
}
