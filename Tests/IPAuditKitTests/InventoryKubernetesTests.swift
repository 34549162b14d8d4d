import Foundation
import Testing
@testable import IPAuditKit
import IPCore

@Suite("Kubernetes reader")
struct InventoryKubernetesTests {
    static func load(_ bytes: [UInt8], file: String = "prod.json", format: InventoryFormat = .auto,
                     settings: KubernetesSettings = KubernetesSettings()) throws -> Inventory {
        var loader = InventoryLoader(format: format, kubernetes: settings)
        return try loader.load(bytes: bytes, file: file, source: file)
    }

    static func json(_ object: Any) throws -> [UInt8] { Array(try JSONSerialization.data(withJSONObject: object)) }

    @Test("Published k9s test data (a minikube master, a GKE pod, a ClusterIP service): what each object holds")
    func k9sObjects() throws {
        var loader = InventoryLoader()
        let records = try loader.load(path: InventoryFixture.path("k8s-k9s-testdata.json")).records
        #expect(loader.lastFormat == .kubernetes)
        #expect(records.count == 3)
        // node-role.kubernetes.io/master (before 1.24) makes a control-plane node; Hostname is no address.
        let node = try #require(records.first { $0.name == "minikube" })
        #expect(try node.role == .master && node.address == (try IPAddress("192.168.64.107")) && node.network == nil)
        #expect(node.path == "$.items[0].status.addresses[0].address")
        // A pod with only the singular podIP (before 1.16), its node not in the document: hosted on hostIP.
        let pod = try #require(records.first { $0.name == "default/nginx-7fb78fb6d8-2w75j" })
        #expect(try pod.role == .app && pod.address == (try IPAddress("10.44.0.229")) && pod.host == "10.128.0.15" && pod.live)
        #expect(pod.network == "k8s-k9s-testdata" && pod.path == "$.items[1].status.podIP")
        // A service with only the singular clusterIP and an empty load balancer status.
        let svc = try #require(records.first { $0.name == "default/dictionary1" })
        #expect(try svc.role == .vip && svc.address == (try IPAddress("10.47.248.116")) && svc.network == "k8s-k9s-testdata")
        #expect(records.allSatisfy { $0.labels["k8s_cluster"] == "k8s-k9s-testdata" })
    }

    @Test("Published dual-stack values (kubernetes/website, Validate IPv4/IPv6 dual-stack): records and findings")
    func websiteDualStack() throws {
        var loader = InventoryLoader()
        let inv = try loader.load(path: InventoryFixture.path("k8s-website-dual-stack.yaml"))
        #expect(loader.lastFormat == .kubernetes)
        let records = inv.records
        // 2 InternalIPs + 2 pod CIDRs, 2 pod addresses, 1 + 1 + 2 cluster IPs and 1 + 1 (cluster IP, LB ingress).
        #expect(records.count == 12)
        #expect(loader.lastTally.summary == "1 nodes, 1 pods, 4 services")
        let node = records.filter { $0.name == "k8s-linuxpool1-34450317-0" }
        #expect(node.map { $0.address?.description ?? "" } == ["10.0.0.5", "2001:db8:10::5"] && node.allSatisfy { $0.role == .agent })
        #expect(records.filter { $0.name == "pod CIDR of k8s-linuxpool1-34450317-0" }.map { $0.prefix?.description ?? "" }
            == ["10.244.1.0/24", "2001:db8::/64"])
        let pod = records.filter { $0.name == "default/pod01" }
        #expect(pod.map { $0.address?.description ?? "" } == ["10.244.1.4", "2001:db8::4"])
        #expect(pod.allSatisfy { $0.network == "k8s-website-dual-stack" && $0.host == nil })
        let dual = records.filter { $0.name == "dual/my-service" }
        #expect(dual.map { $0.address?.description ?? "" } == ["10.0.216.242", "2001:db8:fd00::af55"] && dual.allSatisfy { $0.role == .vip })
        let lb = try #require(records.first { $0.labels["address_type"] == "LoadBalancer" })
        #expect(lb.address?.description == "2603:1030:805::5" && lb.network == nil && lb.labels["expected_public"] == "true")
        // The page's IPv6 addresses are documentation space (2001:db8::/32): each one an unroutable address,
        // the node's, the pod's and the three IPv6 cluster IPs; the pod sits in its node's pod CIDRs in both families.
        let report = InventoryFixture.audit(inv)
        #expect(Set(report.findings.map(\.rule)) == [Rule.unroutableAddress])
        #expect(report.findings.compactMap(\.address).sorted()
            == ["2001:db8:10::5", "2001:db8::4", "2001:db8:fd00::5118", "2001:db8:fd00::7ebc", "2001:db8:fd00::af55"])
    }

    @Test("kubectl -o json and -o yaml of one List give the same records")
    func jsonAndYAML() throws {
        var loader = InventoryLoader()
        let fromJSON = try loader.load(path: InventoryFixture.path("k8s-kubectl-list.json")).records
        #expect(loader.lastFormat == .kubernetes)
        let fromYAML = try loader.load(path: InventoryFixture.path("k8s-kubectl-list.yaml")).records
        #expect(loader.lastFormat == .kubernetes)
        #expect(loader.lastTally.summary == "2 nodes, 6 pods, 1 pods without an address, 4 services, 2 services without an address, 1 objects of other kinds")
        func strip(_ r: InventoryRecord) -> InventoryRecord { var r = r; r.file = nil; r.source = ""; return r }
        #expect(fromJSON.count == 21)
        #expect(fromJSON.map(strip) == fromYAML.map(strip))
        // --format kubernetes reads the YAML too; --format mesos refuses it.
        var explicit = InventoryLoader(format: .kubernetes)
        #expect(try explicit.load(path: InventoryFixture.path("k8s-kubectl-list.yaml")).count == 21)
        var wrong = InventoryLoader(format: .mesos)
        #expect(throws: InputError.self) { try wrong.load(path: InventoryFixture.path("k8s-kubectl-list.json")) }
    }

    @Test("kubectl List mapping: roles, dual stack, pod CIDRs as slices, host network, finished pods, services")
    func mapping() throws {
        let records = try InventoryFixture.load("k8s-kubectl-list.json").records
        let cluster = "k8s-kubectl-list"
        let cp = records.filter { $0.name == "cp-1" && $0.address != nil }
        // Two InternalIPs plus etcd in host networking on the v4 one.
        #expect(cp.filter { $0.role == .master }.count == 2)
        #expect(cp.allSatisfy { $0.zone == "eu-west-1a" && $0.region == "eu-west-1" })
        let slices = records.filter { $0.prefix != nil }
        #expect(slices.count == 4)
        let w1v6 = try #require(slices.first { $0.prefix == (try IPPrefix("fd00:10:244:1::/64")) })
        #expect(w1v6.host == "10.30.1.11" && w1v6.network == cluster && w1v6.labels["overlay_slice"] == "true")
        #expect(w1v6.zone == "eu-west-1b" && w1v6.path == "$.items[1].spec.podCIDRs[1]")
        // podCIDR repeats podCIDRs[0]: one row.
        #expect(slices.filter { $0.prefix == (try? IPPrefix("10.244.0.0/24")) }.count == 1)
        let web = records.filter { $0.name == "apps/web-7d9f8-abcde" }
        #expect(web.count == 2 && web.allSatisfy { $0.network == cluster && $0.host == "10.30.1.11" && $0.zone == "eu-west-1b" })
        // Host network: named after the node, in the underlay, hosted on the same family's hostIP.
        let proxy = records.filter { $0.labels["pod"] == "kube-system/kube-proxy-x2k9p" }
        #expect(proxy.count == 2 && proxy.allSatisfy { $0.name == "worker-1" && $0.network == nil && $0.host == $0.address?.description })
        let job = try #require(records.first { $0.name == "batch/report-28911-x7q2z" })
        #expect(!job.live && job.labels["pod_phase"] == "Succeeded")
        // Services: cluster IPs in the cluster, external and LB addresses in the underlay; headless and ExternalName none.
        let svc = records.filter { $0.name == "apps/web" }
        #expect(svc.count == 3 && svc.allSatisfy { $0.role == .vip })
        #expect(svc.filter { $0.network == cluster }.count == 2)
        let lb = try #require(svc.first { $0.labels["address_type"] == "LoadBalancer" })
        #expect(lb.network == nil && lb.labels["expected_public"] == "true" && lb.path == "$.items[8].status.loadBalancer.ingress[0].ip")
        #expect(!records.contains { $0.name == "apps/web-headless" || $0.name == "apps/legacy-db" })
        let external = try #require(records.first { $0.name == "default/kubernetes" && $0.network == nil })
        #expect(try external.address == (try IPAddress("34.117.20.30")))
    }

    @Test("EKS NodeList: items without kind, deprecated failure-domain labels, --rack-label, ExternalIP expected public")
    func eksNodes() throws {
        var loader = InventoryLoader(kubernetes: KubernetesSettings(cluster: "eks-prod", rackLabel: "example.com/rack"))
        let inv = try loader.load(path: InventoryFixture.path("k8s-eks-nodelist.json"))
        let records = inv.records
        #expect(records.count == 5)
        let b = records.filter { $0.name == "ip-10-70-20-22.ec2.internal" }
        let inner = try #require(b.first { $0.role == .agent })
        #expect(inner.region == "us-east-1" && inner.zone == "us-east-1b" && inner.rack == "r21")
        let external = try #require(b.first { $0.labels["address_type"] == "ExternalIP" })
        #expect(external.role == .other && external.zone == nil && external.labels["expected_public"] == "true")
        #expect(records.allSatisfy { $0.labels["k8s_cluster"] == "eks-prod" })
        // No rack label asked for: no rack.
        #expect(try Self.load(Array(try Data(contentsOf: URL(fileURLWithPath: InventoryFixture.path("k8s-eks-nodelist.json"))))).records
            .allSatisfy { $0.rack == nil })
        // Public ExternalIPs of private nodes are no public-space finding; the same address on a plain row is.
        #expect(InventoryFixture.audit(inv).findings.isEmpty)
        let plain = try InventoryFixture.csv("address,name,role\n54.160.20.22,edge,agent\n")
        #expect(InventoryFixture.audit(plain).with(Rule.publicSpace).count == 1)
    }

    @Test("API PodList and ServiceList: items without kind take the list's; single objects; a merged List infers kinds")
    func apiLists() throws {
        let podList: [String: Any] = ["kind": "PodList", "apiVersion": "v1", "metadata": ["continue": ""], "items": [
            ["metadata": ["name": "a", "namespace": "ns"], "spec": ["nodeName": "n1"],
             "status": ["phase": "Running", "hostIP": "10.1.0.1", "podIPs": [["ip": "10.2.0.5"]]]],
        ]]
        var pager = InventoryLoader(kubernetes: KubernetesSettings(cluster: "api"))
        let pods = try pager.load(bytes: try Self.json(podList), file: "pods.json", source: "p").records
        #expect(pods.count == 1 && pods[0].name == "ns/a" && pods[0].role == .app && pods[0].host == "10.1.0.1")
        #expect(pager.lastTally.notes.isEmpty)  // continue is empty: the last page
        var page = podList
        page["metadata"] = ["continue": "eyJ2IjoibWV0YS5rOHMuaW8vdjEifQ", "remainingItemCount": 499]
        _ = try pager.load(bytes: try Self.json(page), file: "pods.json", source: "p")
        #expect(pager.lastTally.notes == ["a page of a paginated list (metadata.continue is set, 499 more items): only its 1 items are read"])
        let merged: [String: Any] = ["kind": "List", "apiVersion": "v1", "items": [
            ["metadata": ["name": "n1"], "status": ["addresses": [["type": "InternalIP", "address": "10.1.0.1"]]]],
            ["metadata": ["name": "s", "namespace": "ns"], "spec": ["clusterIP": "10.3.0.1", "ports": [["port": 80]]]],
            ["metadata": ["name": "cm", "namespace": "ns"], "data": ["k": "v"]],
        ]]
        var loader = InventoryLoader()
        let inv = try loader.load(bytes: try Self.json(merged), file: "m.json", source: "m")
        #expect(inv.records.map(\.role) == [.agent, .vip])
        #expect(loader.lastTally.count(of: "objects of other kinds") == 1)
        let single: [String: Any] = ["kind": "Service", "apiVersion": "v1", "metadata": ["name": "x", "namespace": "d"],
                                     "spec": ["clusterIPs": ["10.3.0.9", "fd00::9"]]]
        #expect(try Self.load(try Self.json(single)).count == 2)
    }

    @Test("Several files of one cluster with --cluster: pods judged against slices from the nodes file, host network is its node")
    func severalFiles() throws {
        let list = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: InventoryFixture.path("k8s-kubectl-list.json")))) as! [String: Any]
        let items = list["items"] as! [[String: Any]]
        let nodes: [String: Any] = ["kind": "NodeList", "apiVersion": "v1", "items": items.filter { $0["kind"] as? String == "Node" }]
        var podItems = items.filter { $0["kind"] as? String == "Pod" }
        // One pod placed on worker-1 with an address in cp-1's pod CIDR.
        podItems.append(["kind": "Pod", "metadata": ["namespace": "apps", "name": "wrong"], "spec": ["nodeName": "worker-1"],
                         "status": ["phase": "Running", "hostIP": "10.30.1.11", "podIPs": [["ip": "10.244.0.99"]]]])
        let pods: [String: Any] = ["kind": "PodList", "apiVersion": "v1", "items": podItems]
        let settings = KubernetesSettings(cluster: "prod")
        var inv = try Self.load(try Self.json(nodes), file: "nodes.json", settings: settings)
        inv.append(contentsOf: try Self.load(try Self.json(pods), file: "pods.json", settings: settings))
        let report = InventoryFixture.audit(inv)
        #expect(report.with(Rule.outsideOverlaySlice).map(\.entities) == [["prod:apps/wrong"]])
        #expect(report.with(Rule.duplicateAddress).isEmpty)  // kube-proxy and etcd are their nodes, across files
        // Without --cluster each file is its own cluster: nothing ties the pods to the slices, and the reader says so.
        var loader = InventoryLoader()
        var apart = try loader.load(bytes: try Self.json(nodes), file: "nodes.json", source: "nodes.json")
        #expect(loader.lastTally.notes.isEmpty)
        apart.append(contentsOf: try loader.load(bytes: try Self.json(pods), file: "pods.json", source: "pods.json"))
        #expect(InventoryFixture.audit(apart).with(Rule.outsideOverlaySlice).isEmpty)
        #expect(loader.lastTally.notes == [#"6 pods run on nodes not in this file (worker-1 first): cluster "pods" has no pod CIDRs to judge them by; give --cluster NAME when one cluster's nodes and pods are in several files"#])
        // With --cluster the same split is no note: the nodes are in another file of the named cluster.
        var named = InventoryLoader(kubernetes: settings)
        _ = try named.load(bytes: try Self.json(pods), file: "pods.json", source: "pods.json")
        #expect(named.lastTally.notes.isEmpty)
    }

    @Test("A host-network pod with one hostIP (dual stack before 1.29), its node in another file: no duplicate of the node")
    func hostNetworkSingleHostIP() throws {
        let nodes: [String: Any] = ["kind": "NodeList", "apiVersion": "v1", "items": [
            ["metadata": ["name": "w1"], "status": ["addresses": [["type": "InternalIP", "address": "10.9.0.1"],
                                                                  ["type": "InternalIP", "address": "fd00:9::1"]]]],
        ]]
        let pods: [String: Any] = ["kind": "PodList", "apiVersion": "v1", "items": [
            ["metadata": ["name": "kube-proxy-a", "namespace": "kube-system"], "spec": ["nodeName": "w1", "hostNetwork": true],
             "status": ["phase": "Running", "hostIP": "10.9.0.1", "podIPs": [["ip": "10.9.0.1"], ["ip": "fd00:9::1"]]]],
        ]]
        for settings in [KubernetesSettings(), KubernetesSettings(cluster: "c")] {
            var loader = InventoryLoader(kubernetes: settings)
            var inv = try loader.load(bytes: try Self.json(nodes), file: "nodes.json", source: "nodes.json")
            inv.append(contentsOf: try loader.load(bytes: try Self.json(pods), file: "pods.json", source: "pods.json"))
            let report = InventoryFixture.audit(inv)
            #expect(report.with(Rule.duplicateAddress).isEmpty, "\(report.findings.map(\.message))")
        }
    }

    @Test("Two files whose names give one default cluster are refused (exit 2 in the CLI), not merged into one cluster")
    func defaultClusterCollision() throws {
        let list = Array(try Data(contentsOf: URL(fileURLWithPath: InventoryFixture.path("k8s-kubectl-list.json"))))
        var loader = InventoryLoader()
        _ = try loader.load(bytes: list, file: "eu/prod.json", source: "eu/prod.json")
        _ = try loader.load(bytes: list, file: "eu/stage.json", source: "eu/stage.json")
        do {
            _ = try loader.load(bytes: list, file: "us/prod.json", source: "us/prod.json")
            Issue.record("us/prod.json was read into eu/prod.json's cluster")
        } catch let error as InputError {
            #expect(error.description.contains("us/prod.json") && error.description.contains("eu/prod.json")
                && error.description.contains(#"named "prod""#) && error.description.contains("--cluster NAME"), "\(error)")
        }
        // The same file twice, its YAML beside it, or one --cluster for both: no conflict.
        _ = try loader.load(bytes: list, file: "eu/prod.json", source: "eu/prod.json")
        _ = try loader.load(bytes: list, file: "eu/prod.yaml", source: "eu/prod.yaml")
        var named = InventoryLoader(kubernetes: KubernetesSettings(cluster: "prod"))
        _ = try named.load(bytes: list, file: "eu/prod.json", source: "a")
        #expect(try named.load(bytes: list, file: "us/prod.json", source: "b").count == 21)
        // A cluster named like a host-local network (bridge.json, --cluster cni0) would exempt every pod from duplicates.
        var bridge = InventoryLoader()
        #expect(throws: InputError.self) { try bridge.load(bytes: list, file: "x/bridge.json", source: "b") }
        var cni = InventoryLoader(kubernetes: KubernetesSettings(cluster: "CNI0"))
        do {
            _ = try cni.load(bytes: list, file: "prod.json", source: "p")
            Issue.record("cluster cni0 accepted")
        } catch let error as InputError {
            #expect(error.description.contains("host-local") && error.description.contains("--cluster"), "\(error)")
        }
    }

    @Test("Bad input names file, JSON path and field")
    func badInput() throws {
        let badPod: [String: Any] = ["kind": "PodList", "apiVersion": "v1", "items": [
            ["metadata": ["name": "ok", "namespace": "ns"], "status": ["podIP": "10.0.0.1"]],
            ["metadata": ["name": "bad", "namespace": "ns"], "status": ["podIPs": [["ip": "10.0.0.300"]]]],
        ]]
        do {
            _ = try Self.load(try Self.json(badPod), file: "pods.json")
            Issue.record("a bad pod address was accepted")
        } catch let error as InputError {
            #expect(error.file == "pods.json" && error.path == "$.items[1].status.podIPs[0].ip" && error.field == "ip", "\(error)")
        }
        var skipping = InventoryLoader(skipInvalid: true)
        #expect(try skipping.load(bytes: try Self.json(badPod), file: "pods.json", source: "p").count == 1)
        #expect(skipping.skipped.count == 1)
        // A bad pod CIDR, in the list or in the singular field of older API objects: path and field name where it is.
        for (spec, path, field) in [(["podCIDRs": ["10.244.0.0/24", "10.244.1.0/33"]] as [String: Any], "$.spec.podCIDRs[1]", "podCIDRs"),
                                    (["podCIDR": "10.244.1.0/33"], "$.spec.podCIDR", "podCIDR")] {
            let badCIDR: [String: Any] = ["kind": "Node", "apiVersion": "v1", "metadata": ["name": "n"], "spec": spec]
            do {
                _ = try Self.load(try Self.json(badCIDR), file: "nodes.json")
                Issue.record("a bad pod CIDR was accepted")
            } catch let error as InputError {
                #expect(error.file == "nodes.json" && error.path == path && error.field == field, "\(error)")
            }
        }
        let noName: [String: Any] = ["kind": "Node", "apiVersion": "v1", "metadata": [:] as [String: Any],
                                     "status": ["addresses": [["type": "InternalIP", "address": "10.0.0.1"]]]]
        do {
            _ = try Self.load(try Self.json(noName))
            Issue.record("a node without a name was accepted")
        } catch let error as InputError {
            #expect(error.path == "$.metadata" && error.field == "name", "\(error)")
        }
        // A list of nothing but a pending pod: no records, said so.
        let pending: [String: Any] = ["kind": "PodList", "apiVersion": "v1", "items": [["metadata": ["name": "p"], "status": ["phase": "Pending"]]]]
        do {
            _ = try Self.load(try Self.json(pending))
            Issue.record("an empty read was accepted")
        } catch let error as InputError {
            #expect(error.description.contains("1 pods without an address"))
        }
    }

    @Test("Node addresses: an ExternalIP equal to an InternalIP is one row; a node with only an ExternalIP owns its pod CIDR by it")
    func nodeAddresses() throws {
        let list: [String: Any] = ["kind": "NodeList", "apiVersion": "v1", "items": [
            ["metadata": ["name": "metal-1"], "spec": ["podCIDR": "10.244.1.0/24"],
             "status": ["addresses": [["type": "InternalIP", "address": "10.9.0.1"],
                                      ["type": "ExternalIP", "address": "10.9.0.1"]]]],
            ["metadata": ["name": "edge-1"], "spec": ["podCIDR": "10.244.2.0/24"],
             "status": ["addresses": [["type": "ExternalIP", "address": "34.120.9.9"]]]],
            ["metadata": ["name": "bare"], "status": ["addresses": [["type": "Hostname", "address": "bare"]]]],
        ]]
        var loader = InventoryLoader()
        let records = try loader.load(bytes: try Self.json(list), file: "n.json", source: "n").records
        #expect(records.filter { $0.name == "metal-1" && $0.address != nil }.map(\.role) == [.agent])
        #expect(records.first { $0.name == "pod CIDR of edge-1" }?.host == "34.120.9.9")
        #expect(loader.lastTally.count(of: "nodes without an address") == 1)
    }

    @Test("Cluster name from file name or URL")
    func clusterNames() {
        #expect(KubernetesSettings.clusterName(forFile: "inventory/prod-eu.json") == "prod-eu")
        #expect(KubernetesSettings.clusterName(forFile: "x/stage.YAML") == "stage")
        #expect(KubernetesSettings.clusterName(forFile: "https://k8s.example.net:6443/api/v1/pods?limit=500") == "k8s.example.net")
        #expect(KubernetesSettings.clusterName(forFile: "-") == "stdin")
    }
}
