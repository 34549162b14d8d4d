import ArgumentParser
import IPAuditKit

extension KubernetesSettings.PodNetwork: ExpressibleByArgument {}

/// How `import` and `audit` read Kubernetes documents (ignored for other formats).
struct KubernetesOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Kubernetes: the cluster the FILEs describe, and its pod network's routing domain (default: each file's name without .json/.yaml; two files of one name in different directories are refused; give it when one cluster's nodes, pods and services are in several files).",
        valueName: "NAME"))
    var cluster: String?

    @Option(name: .customLong("pod-network"), help: ArgumentHelp(
        "Kubernetes: overlay (pods in the cluster's own domain; node pod CIDRs are its slices), overlay-cni-ipam (the same, but the CNI's own IPAM places pods, as Calico IPAM or Cilium cluster-pool: pod CIDRs are not judged as slices) or underlay (routed pods, e.g. Calico BGP or a VPC CNI: pod addresses share the underlay with nodes and other clusters).",
        valueName: "overlay|overlay-cni-ipam|underlay"))
    var podNetwork: KubernetesSettings.PodNetwork = .overlay

    @Option(name: .customLong("rack-label"), help: ArgumentHelp("Kubernetes: the node label that names the rack.", valueName: "KEY"))
    var rackLabel: String?

    func validate() throws {
        if cluster?.isEmpty == true { throw ValidationError("--cluster needs a name") }
        if rackLabel?.isEmpty == true { throw ValidationError("--rack-label needs a label key") }
    }

    var settings: KubernetesSettings { KubernetesSettings(cluster: cluster, podNetwork: podNetwork, rackLabel: rackLabel) }
}
