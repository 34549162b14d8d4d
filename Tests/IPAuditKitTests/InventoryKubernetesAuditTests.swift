import Foundation
import Testing
@testable import IPAuditKit
import IPCore

@Suite("Kubernetes audit: generated clusters")
struct InventoryKubernetesAuditTests {
    typealias Cluster = GeneratedKubernetesCluster

    static func load(_ cluster: Cluster, file: String = "gen.json", podNetwork: KubernetesSettings.PodNetwork = .overlay,
                     podIPAM: KubernetesSettings.PodIPAM? = nil) throws -> Inventory {
        var loader = InventoryLoader(kubernetes: KubernetesSettings(podNetwork: podNetwork, podIPAM: podIPAM))
        return try loader.load(bytes: try cluster.json(), file: file, source: file)
    }

    /// The generated cluster with `extra` items appended.
    static func load(_ cluster: Cluster, adding extra: [[String: Any]], file: String = "gen.json",
                     podNetwork: KubernetesSettings.PodNetwork = .overlay) throws -> Inventory {
        var document = cluster.document()
        document["items"] = (document["items"] as! [[String: Any]]) + extra
        var loader = InventoryLoader(kubernetes: KubernetesSettings(podNetwork: podNetwork))
        return try loader.load(bytes: Array(try JSONSerialization.data(withJSONObject: document)), file: file, source: file)
    }

    /// Findings as "rule count", sorted: what a planted problem must give, and nothing else.
    static func tally(_ report: FindingsReport) -> [String] {
        Dictionary(grouping: report.findings, by: \.rule.id).map { "\($0.key) \($0.value.count)" }.sorted()
    }

    /// Each problem alone: the findings it must give (rule and count), and the records it adds.
    static let expected: [(problem: Cluster.Problem, findings: [String], extraRecords: Int)] = [
        (.duplicatePodIP, ["duplicate-address 1", "outside-overlay-slice 1"], 1),
        (.podOutsideCIDR, ["outside-overlay-slice 1"], 1),
        (.overlappingPodCIDRs, ["overlapping-allocation 1"], 0),
        (.serviceInPodCIDR, ["overlapping-allocation 1"], 1),
        (.podCIDROverNodes, ["overlapping-allocation 4"], 0),
        (.controlPlaneOneZone, ["masters-not-spread 1"], 0),
        (.unroutableNode, ["unroutable-address 1"], 0),
        (.evenControlPlane, ["masters-not-spread 1", "quorum-at-risk 1"], 0),
    ]

    @Test("The clean cluster: every record read, no finding (host network, finished jobs, dual stack, public LB and ExternalIPs)")
    func clean() throws {
        let inv = try Self.load(Cluster())
        #expect(inv.count == Cluster.cleanRecordCount)
        let report = InventoryFixture.audit(inv)
        #expect(report.findings.isEmpty, "\(report.findings.map(\.message))")
        // Routed pods on one cluster are no problem either (pod CIDRs are no slices then).
        #expect(InventoryFixture.audit(try Self.load(Cluster(), podNetwork: .underlay)).findings.isEmpty)
    }

    @Test("Each planted problem alone gives exactly its findings")
    func plantedOneByOne() throws {
        #expect(Self.expected.map(\.problem).count == Cluster.Problem.allCases.count)
        for entry in Self.expected {
            let inv = try Self.load(Cluster(planted: [entry.problem]))
            #expect(inv.count == Cluster.cleanRecordCount + entry.extraRecords, "\(entry.problem)")
            #expect(Self.tally(InventoryFixture.audit(inv)) == entry.findings, "\(entry.problem)")
        }
    }

    @Test("What the planted findings name")
    func plantedDetails() throws {
        let dup = InventoryFixture.audit(try Self.load(Cluster(planted: [.duplicatePodIP])))
        let d = try #require(dup.with(Rule.duplicateAddress).first)
        #expect(d.address == "10.244.8.10" && d.entities == ["gen:apps/web-8-0", "gen:apps/dup"])
        #expect(d.message.contains("network gen"))
        let slice = try #require(dup.with(Rule.outsideOverlaySlice).first)
        #expect(slice.entities == ["gen:apps/dup"] && slice.message.contains("runs on 10.30.1.17") && slice.message.contains("10.30.2.18"))
        let overlap = InventoryFixture.audit(try Self.load(Cluster(planted: [.overlappingPodCIDRs]))).with(Rule.overlappingAllocation)
        #expect(overlap.first?.message.contains("two nodes' pod CIDRs overlap") == true)
        #expect(overlap.first?.address == "10.244.4.0/24")
        let service = InventoryFixture.audit(try Self.load(Cluster(planted: [.serviceInPodCIDR]))).with(Rule.overlappingAllocation)
        #expect(service.first?.entities == ["gen:apps/misplaced", "gen:pod CIDR of cp-2"])
        let nodes = InventoryFixture.audit(try Self.load(Cluster(planted: [.podCIDROverNodes]))).with(Rule.overlappingAllocation)
        #expect(nodes.map { $0.entities[0] }.sorted() == ["gen:cp-2", "gen:worker-11", "gen:worker-5", "gen:worker-8"])
        let zone = InventoryFixture.audit(try Self.load(Cluster(planted: [.controlPlaneOneZone]))).with(Rule.mastersNotSpread)
        #expect(zone.first?.message == "losing zone eu-1a loses 2 of 3 control-plane nodes of cluster gen, leaving 1 < quorum 2")
        let even = InventoryFixture.audit(try Self.load(Cluster(planted: [.evenControlPlane]))).with(Rule.quorumAtRisk)
        #expect(even.first?.message.hasPrefix("4 control-plane nodes of cluster gen: etcd needs an odd count") == true)
    }

    @Test("All planted problems but the even control plane together: the sum of their findings")
    func plantedTogether() throws {
        let problems = Self.expected.filter { $0.problem != .evenControlPlane }
        let inv = try Self.load(Cluster(planted: Set(problems.map(\.problem))))
        var sum: [String: Int] = [:]
        for entry in problems {
            for f in entry.findings {
                let parts = f.split(separator: " ")
                sum[String(parts[0]), default: 0] += Int(parts[1])!
            }
        }
        #expect(Self.tally(InventoryFixture.audit(inv)) == sum.map { "\($0.key) \($0.value)" }.sorted())
    }

    @Test("--pod-ipam cni: pods placed by the CNI's own pools are not judged against pod CIDRs; duplicates still are")
    func cniIPAM() throws {
        let planted = Cluster(planted: [.podOutsideCIDR, .duplicatePodIP])
        #expect(Self.tally(InventoryFixture.audit(try Self.load(planted))) == ["duplicate-address 1", "outside-overlay-slice 2"])
        let report = InventoryFixture.audit(try Self.load(planted, podIPAM: .cni))
        #expect(Self.tally(report) == ["duplicate-address 1"])
        #expect(report.findings.first?.message.contains("network gen") == true)
        // Routed pods default to the CNI's pools too (Calico BGP, VPC CNIs).
        #expect(Self.tally(InventoryFixture.audit(try Self.load(planted, podNetwork: .underlay))) == ["duplicate-address 1"])
    }

    @Test("--pod-network underlay --pod-ipam node-cidr (GKE VPC-native, kubenet with routes): routed pods judged against their node's pod CIDR")
    func routedNodeIPAM() throws {
        // The clean cluster: nodes, kube-proxy and a NetBox-style row outside every pod CIDR share the underlay, unjudged.
        var clean = try Self.load(Cluster(), podNetwork: .underlay, podIPAM: .nodeCIDR)
        clean.append(contentsOf: try InventoryFixture.csv("address,name,role\n10.50.0.1,db-1,agent\n", file: "netbox.csv"))
        let cleanReport = InventoryFixture.audit(clean)
        #expect(cleanReport.findings.isEmpty, "\(cleanReport.findings.map(\.message))")
        // A pod in another node's CIDR and one in none: both found, as on an overlay.
        let report = InventoryFixture.audit(try Self.load(Cluster(planted: [.podOutsideCIDR, .duplicatePodIP]), podNetwork: .underlay,
                                                          podIPAM: .nodeCIDR))
        #expect(Self.tally(report) == ["duplicate-address 1", "outside-overlay-slice 2"])
        let slices = report.with(Rule.outsideOverlaySlice)
        #expect(slices.map(\.entities) == [["gen:apps/dup"], ["gen:apps/stray"]])
        #expect(slices.allSatisfy { $0.message.contains("the routed pod network of cluster gen") }, "\(slices.map(\.message))")
        // Two routed clusters with node IPAM: each cluster's pods are judged by its own nodes' CIDRs only.
        var two = try Self.load(Cluster(nodeNet: 30), file: "eu.json", podNetwork: .underlay, podIPAM: .nodeCIDR)
        two.append(contentsOf: try Self.load(Cluster(nodeNet: 31), file: "us.json", podNetwork: .underlay, podIPAM: .nodeCIDR))
        #expect(InventoryFixture.audit(two).with(Rule.outsideOverlaySlice).isEmpty)
    }

    @Test("Two clusters on overlay pod networks reuse the same pod, service and CIDR space: no finding")
    func twoOverlayClusters() throws {
        var inv = try Self.load(Cluster(nodeNet: 30), file: "eu.json")
        inv.append(contentsOf: try Self.load(Cluster(nodeNet: 31), file: "us.json"))
        #expect(inv.count == 2 * Cluster.cleanRecordCount)
        let report = InventoryFixture.audit(inv)
        #expect(report.findings.isEmpty, "\(report.findings.map(\.message))")
    }

    @Test("Two clusters on one routed pod network: every shared live pod address is a duplicate, every shared pod CIDR an overlap")
    func twoRoutedClusters() throws {
        var inv = try Self.load(Cluster(nodeNet: 30), file: "eu.json", podNetwork: .underlay)
        inv.append(contentsOf: try Self.load(Cluster(nodeNet: 31), file: "us.json", podNetwork: .underlay))
        let report = InventoryFixture.audit(inv)
        // Running app pods, both families, on every node; finished jobs and kube-proxy are not duplicates.
        let sharedPodAddresses = Cluster.nodeCount * Cluster.podsPerNode * 2
        #expect(Self.tally(report) == ["duplicate-address \(sharedPodAddresses)", "overlapping-allocation \(Cluster.nodeCount * 2)"])
        let dup = try #require(report.with(Rule.duplicateAddress).first { $0.address == "10.244.0.10" })
        #expect(dup.entities == ["eu:apps/web-0-0", "us:apps/web-0-0"] && dup.message.contains("the underlay"))
        // The cluster in the names makes the pair allow-listable: both named, allowed; one cluster's name twice, not.
        func allowed(_ entities: Set<String>) throws -> Bool {
            var options = AuditOptions()
            options.allowList = AllowList(entries: [.init(address: try IPAddress("10.244.0.10"), entities: entities, reason: "migration")])
            return InventoryFixture.audit(inv, options: options).with(Rule.allowListed).contains { $0.address == "10.244.0.10" }
        }
        #expect(try allowed(["eu:apps/web-0-0", "us:apps/web-0-0"]))
        #expect(try !allowed(["eu:apps/web-0-0"]))
        // One routed, the other an overlay: no pod address is a duplicate (the overlay's pods are in its own
        // domain), but the overlay's pod CIDRs shadow the routed cluster's pods for its nodes: overlaps.
        var mixed = try Self.load(Cluster(nodeNet: 30), file: "eu.json", podNetwork: .underlay)
        mixed.append(contentsOf: try Self.load(Cluster(nodeNet: 31), file: "us.json"))
        let mixedReport = InventoryFixture.audit(mixed)
        #expect(Self.tally(mixedReport) == ["overlapping-allocation \(Cluster.nodeCount * 2)"])
        #expect(mixedReport.findings.allSatisfy { ($0.evidence["reason"] == .string("routing domains differ: underlay vs us") || $0.evidence["reason"] == .string("routing domains differ: us vs underlay")) })
    }

    @Test("Routed pods: a pod on another source's device address, or on its own node's address, is a duplicate; host network is not")
    func routedPodIdentity() throws {
        // NetBox-style row of role other at web-0-0's routed address: a device, not the pod.
        var inv = try Self.load(Cluster(), podNetwork: .underlay)
        inv.append(contentsOf: try InventoryFixture.csv("address,name,role\n10.244.0.10,printer-3,other\n10.30.1.11,cp-1,other\n", file: "netbox.csv"))
        let report = InventoryFixture.audit(inv)
        // The printer and the pod: a duplicate. cp-1's NetBox row and the node (with kube-proxy): one machine.
        #expect(report.with(Rule.duplicateAddress).map(\.entities) == [["gen:apps/web-0-0", "printer-3"]])
        // A normal (not host-network) pod given its node's address: a duplicate of the node.
        let squat = try Self.load(Cluster(), adding: [["apiVersion": "v1", "kind": "Pod", "metadata": ["namespace": "apps", "name": "squatter"],
                                                       "spec": ["nodeName": "worker-4"],
                                                       "status": ["phase": "Running", "hostIP": "10.30.1.14", "podIPs": [["ip": "10.30.1.14"]]]]],
                                  podNetwork: .underlay)
        let dups = InventoryFixture.audit(squat).with(Rule.duplicateAddress)
        #expect(dups.map(\.address) == ["10.30.1.14"] && dups.first?.entities == ["gen:worker-4", "gen:apps/squatter"], "\(dups.map(\.message))")
    }

    @Test("outside-routable-space with a routable space: public ExternalIPs and LB addresses are exempt, private ones are judged")
    func routableSpace() throws {
        let routable = AuditTopology(routable: [try IPPrefix("10.0.0.0/8"), try IPPrefix("fd00::/8")])
        // The clean cluster: nodes, pods, cluster IPs inside; 9 public ExternalIPs and a public LB address outside, exempt.
        let clean = InventoryFixture.audit(try Self.load(Cluster()), topology: routable)
        #expect(clean.findings.isEmpty, "\(clean.findings.map(\.message))")
        // The same public LB address on a plain row is judged: the exemption is what keeps the clean run clean.
        let plain = InventoryFixture.audit(try InventoryFixture.csv("address,name,role\n34.117.30.20,lb,vip\n"), topology: routable)
        #expect(plain.with(Rule.outsideRoutableSpace).count == 1)
        // A MetalLB pool and an external IP in private space outside the plan: found, both the fast (192.168/16)
        // and the classified (172.16/12) path.
        let metalLB: [String: Any] = ["apiVersion": "v1", "kind": "Service", "metadata": ["namespace": "apps", "name": "internal"],
                                      "spec": ["type": "LoadBalancer", "clusterIPs": ["10.96.7.7"], "externalIPs": ["172.20.0.9"]],
                                      "status": ["loadBalancer": ["ingress": [["ip": "192.168.50.10"]]]]]
        let report = InventoryFixture.audit(try Self.load(Cluster(), adding: [metalLB]), topology: routable)
        #expect(report.with(Rule.outsideRoutableSpace).compactMap(\.address).sorted() == ["172.20.0.9", "192.168.50.10"], "\(report.findings.map(\.message))")
        #expect(report.findings.count == 2)
    }

    @Test("A cluster IP inside its own cluster's pod CIDR is found even when another cluster carves the same CIDRs")
    func serviceInOwnCluster() throws {
        var inv = try Self.load(Cluster(nodeNet: 30), file: "eu.json")
        inv.append(contentsOf: try Self.load(Cluster(planted: [.serviceInPodCIDR], nodeNet: 31), file: "us.json"))
        let hits = InventoryFixture.audit(inv).with(Rule.overlappingAllocation)
        #expect(hits.count == 1)
        guard case .object(let cidr)? = hits.first?.evidence["pod_cidr"] else {
            Issue.record("no pod CIDR in the evidence")
            return
        }
        #expect(cidr["source"] == .string("us.json") && cidr["name"] == .string("pod CIDR of cp-2"))
    }

    @Test("A node or service inside a pod CIDR: cluster IPs judged on a routed pod network too; one finding however many sources list it")
    func inPodCIDRModesAndSources() throws {
        // Routed: the cluster IP 10.244.2.200 still shadows cp-2's pods.
        let routed = InventoryFixture.audit(try Self.load(Cluster(planted: [.serviceInPodCIDR]), podNetwork: .underlay))
        #expect(Self.tally(routed) == ["overlapping-allocation 1"], "\(routed.findings.map(\.message))")
        // The same cluster from a file and from the store (two sources): one finding per node and pod CIDR, not two.
        var twice = try Self.load(Cluster(planted: [.podCIDROverNodes]), file: "gen.json")
        var loader = InventoryLoader(kubernetes: KubernetesSettings(cluster: "gen"))
        twice.append(contentsOf: try loader.load(bytes: try Cluster(planted: [.podCIDROverNodes]).json(), file: "gen.json", source: "store:gen"))
        #expect(InventoryFixture.audit(twice).with(Rule.overlappingAllocation).filter { $0.message.contains("inside 10.30.2.0/24") }.count == 4)
    }

    @Test("Control planes are judged per cluster and per node, not per address")
    func quorumPerCluster() throws {
        // Two healthy clusters (3 + 3 dual-stack control-plane nodes): not "12 masters".
        var inv = try Self.load(Cluster(nodeNet: 30), file: "eu.json")
        inv.append(contentsOf: try Self.load(Cluster(planted: [.controlPlaneOneZone], nodeNet: 31), file: "us.json"))
        let report = InventoryFixture.audit(inv)
        #expect(Self.tally(report) == ["masters-not-spread 1"])
        #expect(report.findings.first?.evidence["cluster"] == .string("us"))
    }

    /// A NodeList of (name, zone, role labels), one InternalIP each.
    static func nodes(_ list: [(name: String, zone: String, roles: [String: String])]) throws -> Inventory {
        let items: [[String: Any]] = list.enumerated().map { (k, n) in
            var labels: [String: String] = ["topology.kubernetes.io/zone": n.zone]
            for (key, value) in n.roles { labels["node-role.kubernetes.io/\(key)"] = value }
            return ["metadata": ["name": n.name, "labels": labels], "status": ["addresses": [["type": "InternalIP", "address": "10.7.0.\(k + 1)"]]]]
        }
        var loader = InventoryLoader()
        return try loader.load(bytes: Array(try JSONSerialization.data(withJSONObject: ["apiVersion": "v1", "kind": "NodeList", "items": items])),
                               file: "rke.json", source: "rke.json")
    }

    @Test("Control plane and etcd: RKE's controlplane label, dedicated etcd nodes as the ensemble, k3s servers")
    func etcdEnsemble() throws {
        // RKE1: controlplane (no hyphen) is a control-plane node: two of them, no etcd label, is an even ensemble.
        let rkeTwo = InventoryFixture.audit(try Self.nodes([("cp-a", "a", ["controlplane": "true"]), ("cp-b", "b", ["controlplane": "true"]),
                                                            ("w-1", "c", ["worker": "true"])]))
        #expect(rkeTwo.with(Rule.quorumAtRisk).map(\.message) == ["2 control-plane nodes of cluster rke: etcd needs an odd count of 1, 3, 5, 7 or 9 (3 or 5 recommended)"])
        // RKE1 with three etcd nodes, two in zone a: they are the ensemble; the two control-plane nodes are not counted.
        let rkeEtcd = InventoryFixture.audit(try Self.nodes([
            ("cp-a", "a", ["controlplane": "true"]), ("cp-b", "b", ["controlplane": "true"]),
            ("etcd-1", "a", ["etcd": "true"]), ("etcd-2", "a", ["etcd": "true"]), ("etcd-3", "c", ["etcd": "true"]),
        ]))
        #expect(Self.tally(rkeEtcd) == ["masters-not-spread 1"])
        #expect(rkeEtcd.findings.first?.message == "losing zone a loses 2 of 3 etcd nodes of cluster rke, leaving 1 < quorum 2")
        #expect(rkeEtcd.findings.first?.entities == ["etcd-1", "etcd-2"])
        // kubeadm with external-style etcd nodes in the cluster: the control plane all in zone a is no quorum problem.
        let spreadEtcd = InventoryFixture.audit(try Self.nodes([
            ("cp-1", "a", ["control-plane": ""]), ("cp-2", "a", ["control-plane": ""]), ("cp-3", "a", ["control-plane": ""]),
            ("etcd-1", "a", ["etcd": ""]), ("etcd-2", "b", ["etcd": ""]), ("etcd-3", "c", ["etcd": ""]),
        ]))
        #expect(spreadEtcd.findings.isEmpty, "\(spreadEtcd.findings.map(\.message))")
        // k3s/RKE2 servers carry control-plane, master and etcd: three spread servers are clean, one agent is not a member.
        let k3s = try Self.nodes([("s1", "a", ["control-plane": "true", "master": "true", "etcd": "true"]),
                                  ("s2", "b", ["control-plane": "true", "master": "true", "etcd": "true"]),
                                  ("s3", "c", ["control-plane": "true", "master": "true", "etcd": "true"]), ("agent", "a", [:])])
        #expect(k3s.records.filter { $0.role == .master }.map(\.name) == ["s1", "s2", "s3"])
        #expect(InventoryFixture.audit(k3s).findings.isEmpty)
    }

    @Test("Out of zone with a plan: node addresses against their zone's blocks; pods on the overlay and services are not judged")
    func outOfZone() throws {
        func topology(_ v4Zone: [Int]) throws -> AuditTopology {
            var t = AuditTopology()
            for (z, name) in Cluster.zones.enumerated() {
                t.blocks.append(TopologyBlock(prefix: try IPPrefix("10.30.\(v4Zone[z]).0/24"), name: "plan:eu-1/\(name)", kind: "zone",
                                              region: "eu-1", zone: name))
                t.blocks.append(TopologyBlock(prefix: try IPPrefix("fd5a:1f00:30:\(z)::/64"), name: "plan:eu-1/\(name)", kind: "zone",
                                              region: "eu-1", zone: name))
            }
            return t
        }
        let clean = InventoryFixture.audit(try Self.load(Cluster()), topology: try topology([0, 1, 2]))
        #expect(clean.findings.isEmpty, "\(clean.findings.map(\.message))")
        // Zones b and c's IPv4 blocks swapped: their 8 nodes' IPv4 addresses lie in the other zone's block,
        // each reported once for the node, not again for kube-proxy in its host network.
        let report = InventoryFixture.audit(try Self.load(Cluster()), topology: try topology([0, 2, 1]))
        let hits = report.with(Rule.outOfZone)
        #expect(hits.count == 8 && report.findings.count == 8, "\(hits.map(\.message))")
        #expect(!hits.contains { "\($0.evidence)".contains("host_network") })
        #expect(Set(hits.map { $0.entities[0] }) == ["cp-1", "worker-4", "worker-7", "worker-10", "cp-2", "worker-5", "worker-8", "worker-11"])
    }
}
