import Foundation

/// Writes `kubectl get nodes,pods,services -A -o json` for a 12-node, 3-zone dual-stack cluster
/// (3 control-plane nodes, one per zone; 9 workers with a public ExternalIP) with everything a
/// clean cluster has that must *not* be reported: kube-proxy in host networking on every node
/// (both families), finished job pods whose addresses running pods reuse, a pending pod without
/// an address, ClusterIP / headless / ExternalName / LoadBalancer services, nodes zoned by the
/// deprecated `failure-domain.beta` labels (every other worker). Problems are planted one by one.
struct GeneratedKubernetesCluster {
    enum Problem: CaseIterable, Hashable {
        /// A CNI bug: pod `apps/dup` on worker-7 got web-8-0's address (in worker-8's pod CIDR).
        case duplicatePodIP
        /// Pod `apps/stray` on worker-3 at 10.245.0.5, in no node's pod CIDR.
        case podOutsideCIDR
        /// worker-5 was given worker-4's IPv4 pod CIDR (its pods sit in it, at other offsets).
        case overlappingPodCIDRs
        /// Service `apps/misplaced` has cluster IP 10.244.2.200, inside cp-2's pod CIDR.
        case serviceInPodCIDR
        /// worker-11's IPv4 pod CIDR is 10.30.2.0/24, zone c's node network (4 nodes live there, worker-11 too).
        case podCIDROverNodes
        /// cp-1 is in zone a with cp-0: losing zone a loses 2 of 3 etcd members.
        case controlPlaneOneZone
        /// worker-10's InternalIP is link-local 169.254.10.20.
        case unroutableNode
        /// worker-3 (zone a) is labelled control-plane too: 4 members, and zone a holds 2.
        case evenControlPlane
    }

    static let zones = ["eu-1a", "eu-1b", "eu-1c"]
    static let nodeCount = 12
    static let podsPerNode = 4

    var planted: Set<Problem> = []
    /// The second octet of node addresses, so two clusters' nodes differ (10.30 / 10.31).
    var nodeNet = 30

    static func nodeName(_ i: Int) -> String { i < 3 ? "cp-\(i)" : "worker-\(i)" }

    func zone(_ i: Int) -> Int { planted.contains(.controlPlaneOneZone) && i == 1 ? 0 : i % 3 }

    func nodeV4(_ i: Int) -> String {
        planted.contains(.unroutableNode) && i == 10 ? "169.254.10.20" : "10.\(nodeNet).\(zone(i)).\(10 + i)"
    }
    func nodeV6(_ i: Int) -> String { "fd5a:1f00:\(nodeNet):\(zone(i))::\(10 + i)" }

    /// The first three octets of node i's IPv4 pod CIDR.
    func podNet(_ i: Int) -> String {
        if planted.contains(.overlappingPodCIDRs) && i == 5 { return "10.244.4" }
        if planted.contains(.podCIDROverNodes) && i == 11 { return "10.\(nodeNet).2" }
        return "10.244.\(i)"
    }
    /// Pods on odd nodes sit 100 higher, so two nodes sharing a CIDR never share an address.
    func podV4(_ i: Int, _ k: Int) -> String { "\(podNet(i)).\(10 + k + (i % 2) * 100)" }
    func podV6(_ i: Int, _ k: Int) -> String { "fd00:10:244:\(i)::\(10 + k + (i % 2) * 100)" }

    /// Records the reader must produce for the clean cluster.
    static var cleanRecordCount: Int {
        let nodes = nodeCount * 2 + (nodeCount - 3) + nodeCount * 2     // InternalIPs, ExternalIPs, pod CIDRs
        let pods = nodeCount * (2 + podsPerNode * 2 + 2)                  // kube-proxy, apps, a finished job: both families
        let services = 2 + 1 + 2                                          // kube-dns (dual), kubernetes, web (clusterIP + LB)
        return nodes + pods + services
    }

    func document() -> [String: Any] {
        var items: [[String: Any]] = []
        for i in 0..<Self.nodeCount {
            var labels: [String: Any] = ["kubernetes.io/hostname": Self.nodeName(i)]
            let zoneName = Self.zones[zone(i)]
            if i >= 3 && i % 2 == 1 {
                labels["failure-domain.beta.kubernetes.io/region"] = "eu-1"
                labels["failure-domain.beta.kubernetes.io/zone"] = zoneName
            } else {
                labels["topology.kubernetes.io/region"] = "eu-1"
                labels["topology.kubernetes.io/zone"] = zoneName
            }
            if i < 3 || (planted.contains(.evenControlPlane) && i == 3) { labels["node-role.kubernetes.io/control-plane"] = "" }
            var addresses: [[String: Any]] = [["type": "InternalIP", "address": nodeV4(i)], ["type": "InternalIP", "address": nodeV6(i)],
                                              ["type": "Hostname", "address": Self.nodeName(i)]]
            if i >= 3 { addresses.append(["type": "ExternalIP", "address": "34.120.\(nodeNet).\(10 + i)"]) }
            items.append(["apiVersion": "v1", "kind": "Node",
                          "metadata": ["name": Self.nodeName(i), "labels": labels],
                          "spec": ["podCIDR": "\(podNet(i)).0/24", "podCIDRs": ["\(podNet(i)).0/24", "fd00:10:244:\(i)::/64"]],
                          "status": ["addresses": addresses]])
        }
        func pod(_ ns: String, _ name: String, node: Int?, phase: String, ips: [String], hostNetwork: Bool = false) -> [String: Any] {
            var spec: [String: Any] = ["containers": [["name": "c", "image": "registry.example/\(name):1"]]]
            var status: [String: Any] = ["phase": phase]
            if let node {
                spec["nodeName"] = Self.nodeName(node)
                status["hostIP"] = nodeV4(node)
                status["hostIPs"] = [["ip": nodeV4(node)], ["ip": nodeV6(node)]]
            }
            if hostNetwork { spec["hostNetwork"] = true }
            if let first = ips.first {
                status["podIP"] = first
                status["podIPs"] = ips.map { ["ip": $0] }
            }
            return ["apiVersion": "v1", "kind": "Pod", "metadata": ["namespace": ns, "name": name], "spec": spec, "status": status]
        }
        for i in 0..<Self.nodeCount {
            items.append(pod("kube-system", "kube-proxy-\(i)", node: i, phase: "Running", ips: [nodeV4(i), nodeV6(i)], hostNetwork: true))
            // The job finished first; web-i-0 got its addresses afterwards.
            items.append(pod("jobs", "backup-\(i)", node: i, phase: i % 2 == 0 ? "Succeeded" : "Failed", ips: [podV4(i, 0), podV6(i, 0)]))
            for k in 0..<Self.podsPerNode {
                items.append(pod("apps", "web-\(i)-\(k)", node: i, phase: "Running", ips: [podV4(i, k), podV6(i, k)]))
            }
        }
        items.append(pod("apps", "web-pending", node: nil, phase: "Pending", ips: []))
        if planted.contains(.duplicatePodIP) { items.append(pod("apps", "dup", node: 7, phase: "Running", ips: [podV4(8, 0)])) }
        if planted.contains(.podOutsideCIDR) { items.append(pod("apps", "stray", node: 3, phase: "Running", ips: ["10.245.0.5"])) }

        func service(_ ns: String, _ name: String, _ spec: [String: Any], ingress: [[String: Any]] = []) -> [String: Any] {
            ["apiVersion": "v1", "kind": "Service", "metadata": ["namespace": ns, "name": name], "spec": spec,
             "status": ["loadBalancer": ingress.isEmpty ? [:] as [String: Any] : ["ingress": ingress]]]
        }
        items.append(service("kube-system", "kube-dns", ["type": "ClusterIP", "clusterIP": "10.96.0.10", "clusterIPs": ["10.96.0.10", "fd00:10:96::a"]]))
        items.append(service("default", "kubernetes", ["type": "ClusterIP", "clusterIP": "10.96.0.1", "clusterIPs": ["10.96.0.1"]]))
        items.append(service("apps", "web", ["type": "LoadBalancer", "clusterIP": "10.96.12.34", "clusterIPs": ["10.96.12.34"]],
                             ingress: [["ip": "34.117.\(nodeNet).20"], ["hostname": "web.lb.example.net"]]))
        items.append(service("apps", "web-headless", ["type": "ClusterIP", "clusterIP": "None", "clusterIPs": ["None"]]))
        items.append(service("apps", "legacy", ["type": "ExternalName", "externalName": "legacy.example.net"]))
        if planted.contains(.serviceInPodCIDR) {
            items.append(service("apps", "misplaced", ["type": "ClusterIP", "clusterIP": "10.244.2.200", "clusterIPs": ["10.244.2.200"]]))
        }
        return ["apiVersion": "v1", "kind": "List", "metadata": ["resourceVersion": ""], "items": items]
    }

    func json() throws -> [UInt8] {
        Array(try JSONSerialization.data(withJSONObject: document(), options: [.sortedKeys]))
    }
}
