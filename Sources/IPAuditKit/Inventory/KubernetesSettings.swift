/// How Kubernetes documents are read: which cluster they describe, where its pods are
/// routed, and which node label names the rack.
public struct KubernetesSettings: Sendable, Equatable {
    /// Where pod addresses live, and whether `spec.podCIDRs` say where on each node.
    public enum PodNetwork: String, CaseIterable, Sendable {
        /// The cluster's own routing domain (flannel, Cilium or Calico in VXLAN/IPIP, kubenet):
        /// pod addresses repeat freely across clusters, and each node's `spec.podCIDRs` are the
        /// only places its pods may be.
        case overlay
        /// An overlay whose CNI hands out pod addresses from its own pools (Calico IPAM, Cilium
        /// cluster-pool): the cluster's own domain still, but `spec.podCIDRs` are not where pods
        /// are, so they are not judged as slices (they still may not overlap).
        case overlayCNIIPAM = "overlay-cni-ipam"
        /// Routed with the nodes (Calico BGP, a cloud VPC CNI): pod addresses share the
        /// underlay with every node and every other cluster. These CNIs hand out addresses
        /// from their own pools, not from `spec.podCIDRs`, so the CIDRs are not judged as slices.
        case underlay
    }

    /// The cluster's name and, in overlay mode, its pod network's routing domain; nil takes
    /// it from the file name (`prod-eu.json` → `prod-eu`).
    public var cluster: String?
    public var podNetwork: PodNetwork
    /// The node label holding the rack (none is standard).
    public var rackLabel: String?

    /// Pods in the cluster's own routing domain (an overlay), not the underlay.
    public var podsIsolated: Bool { podNetwork != .underlay }
    /// Node pod CIDRs are where each node's pods are: judged as its slices.
    public var podCIDRsAreSlices: Bool { podNetwork == .overlay }

    public init(cluster: String? = nil, podNetwork: PodNetwork = .overlay, rackLabel: String? = nil) {
        self.cluster = cluster
        self.podNetwork = podNetwork
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
