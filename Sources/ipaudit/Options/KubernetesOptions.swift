import ArgumentParser
import IPAuditKit

extension KubernetesSettings.PodNetwork: ExpressibleByArgument {}
extension KubernetesSettings.PodIPAM: ExpressibleByArgument {}

/// How `import` and `audit` read Kubernetes documents (ignored for other formats).
struct KubernetesOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Kubernetes: the cluster the FILEs describe, and its pod network's routing domain (default: each file's name without .json/.yaml; two files of one name in different directories are refused; give it when one cluster's nodes, pods and services are in several files).",
        valueName: "NAME"))
    var cluster: String?

    @Option(name: .customLong("pod-network"), help: ArgumentHelp(
        "Kubernetes: overlay (pods in the cluster's own routing domain: flannel, VXLAN/IPIP) or underlay (routed pods, e.g. Calico BGP, a VPC CNI, GKE VPC-native: pod addresses share the underlay with nodes and other clusters).",
        valueName: "overlay|underlay"))
    var podNetwork: KubernetesSettings.PodNetwork = .overlay

    @Option(name: .customLong("pod-ipam"), help: ArgumentHelp(
        "Kubernetes: who places pod addresses: node-cidr (each node's spec.podCIDRs, judged as its slices: flannel, kubenet, GKE, Cilium kubernetes IPAM) or cni (the CNI's own pools, as Calico IPAM, Cilium cluster-pool, AWS VPC CNI: pod CIDRs are not judged as slices). Default: node-cidr on an overlay, cni on an underlay.",
        valueName: "node-cidr|cni"))
    var podIPAM: KubernetesSettings.PodIPAM?

    @Option(name: .customLong("rack-label"), help: ArgumentHelp("Kubernetes: the node label that names the rack.", valueName: "KEY"))
    var rackLabel: String?

    func validate() throws {
        if cluster?.isEmpty == true { throw ValidationError("--cluster needs a name") }
        if rackLabel?.isEmpty == true { throw ValidationError("--rack-label needs a label key") }
    }

    var settings: KubernetesSettings { KubernetesSettings(cluster: cluster, podNetwork: podNetwork, podIPAM: podIPAM, rackLabel: rackLabel) }
}
