import Foundation
import Testing
@testable import IPAuditKit
import IPCore

/// Issue 26: the address managers' own state (Calico, Cilium, Whereabouts, MetalLB) read as
/// inventory, clean, then one planted problem at a time with the exact findings.
@Suite("Kubernetes IPAM objects: Calico, Cilium, Whereabouts, MetalLB")
struct KubernetesIPAMTests {
    static func calico() throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: InventoryFixture.path("k8s-calico-ipam.json")))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    static func load(_ tree: [String: Any], file: String = "prod.json") throws -> Inventory {
        var loader = InventoryLoader(format: .auto)
        let bytes = [UInt8](try JSONSerialization.data(withJSONObject: tree))
        return try loader.load(bytes: bytes, file: file, source: file)
    }

    static func loadYAML(_ text: String, file: String = "prod.yaml") throws -> Inventory {
        var loader = InventoryLoader(format: .auto)
        return try loader.load(bytes: Array(text.utf8), file: file, source: file)
    }

    /// The Calico List with its items edited.
    static func calico(_ edit: (inout [[String: Any]]) -> Void) throws -> Inventory {
        var tree = try calico()
        var items = tree["items"] as! [[String: Any]]
        edit(&items)
        tree["items"] = items
        return try load(tree)
    }

    static func index(_ items: [[String: Any]], kind: String, name: String) -> Int {
        items.firstIndex { ($0["kind"] as? String) == kind && (($0["metadata"] as? [String: Any])?["name"] as? String) == name }!
    }

    @Test("Calico: pool, blocks with their nodes, each allocation's pod or tunnel; the clean cluster has no finding")
    func calicoClean() throws {
        let inventory = try InventoryFixture.load("k8s-calico-ipam.json")
        let records = inventory.records
        let pool = try #require(records.first { $0.labels["ipam_pool"] == "true" })
        #expect(pool.prefix == (try IPPrefix("10.244.0.0/16")) && pool.network == "k8s-calico-ipam")
        let blocks = records.filter { $0.labels["k8s_kind"] == "IPAMBlock" && $0.prefix != nil }
        #expect(blocks.map { $0.labels["ipam_node"] } == ["cp-1", "wk-1", "wk-2"])
        // Ordinal 4 of 10.244.1.0/24 is batch-7's (borrowed by wk-2), ordinal 1 the tunnel.
        let batch = try #require(records.first { $0.labels["ipam_pod"] == "apps/batch-7" })
        #expect(batch.address == (try IPAddress("10.244.1.4")) && batch.host == "wk-2" && batch.role == .app)
        let tunnel = try #require(records.first { $0.address == (try? IPAddress("10.244.1.1")) && $0.labels["k8s_kind"] == "IPAMBlock" })
        #expect(tunnel.labels["allocation_type"] == "ipipTunnelAddress" && tunnel.labels["ipam_pod"] == nil)
        // A borrowed address, a pool holding its blocks, affinities repeating their blocks,
        // pods listed by both the Pod objects and the allocator: no finding.
        #expect(InventoryFixture.audit(inventory).findings.isEmpty)
    }

    @Test("Calico: a block affine to a node that is gone, and an address held for a pod that is gone, are stale allocations")
    func calicoStale() throws {
        let inventory = try Self.calico { items in
            items.remove(at: Self.index(items, kind: "Node", name: "wk-2"))
            items.remove(at: Self.index(items, kind: "Pod", name: "web-0"))
        }
        let stale = InventoryFixture.audit(inventory).with(.staleAllocation)
        // wk-2's block (and its affinity: one finding each, same prefix) and web-0's address.
        #expect(Set(stale.map(\.address)) == ["10.244.2.0/24", "10.244.1.2"])
        #expect(stale.filter { $0.address == "10.244.2.0/24" }.count == 2)
        #expect(stale.allSatisfy { $0.severity == .warning })
        #expect(stale.contains { $0.message.contains("pod apps/web-0") && $0.message.contains("cluster prod") })
        // Without any Pod or Node objects nothing can be judged stale.
        let allocatorOnly = try Self.calico { items in items.removeAll { ["Node", "Pod"].contains($0["kind"] as? String) } }
        #expect(InventoryFixture.audit(allocatorOnly).with(.staleAllocation).isEmpty)
    }

    @Test("Calico: two nodes' blocks overlapping and two pools overlapping are overlapping allocations; one pool twice is not")
    func calicoOverlaps() throws {
        let nested = try Self.calico { items in
            var affinity = items[Self.index(items, kind: "BlockAffinity", name: "wk-2-10-244-2-0-24")]
            affinity["metadata"] = ["name": "wk-2-10-244-0-0-23"]
            affinity["spec"] = ["cidr": "10.244.0.0/23", "node": "wk-2", "state": "confirmed", "deleted": "false"]
            items.append(affinity)
        }
        let overlaps = InventoryFixture.audit(nested).with(.overlappingAllocation)
        #expect(Set(overlaps.map(\.address)) == ["10.244.0.0/24", "10.244.1.0/24"])
        #expect(overlaps.allSatisfy { $0.message.contains("two nodes' pod CIDRs overlap") })

        let twoPools = try Self.calico { items in
            items.append(["apiVersion": "crd.projectcalico.org/v1", "kind": "IPPool", "metadata": ["name": "extra"],
                          "spec": ["cidr": "10.244.128.0/17"]])
        }
        let pools = InventoryFixture.audit(twoPools).with(.overlappingAllocation)
        #expect(pools.map(\.address) == ["10.244.128.0/17"])
        #expect(pools.first?.message.contains("two address pools overlap") == true)

        let poolTwice = try Self.calico { items in items.append(items[Self.index(items, kind: "IPPool", name: "default-ipv4-ippool")]) }
        #expect(InventoryFixture.audit(poolTwice).findings.isEmpty)
    }

    @Test("Calico: one address allocated in two nodes' blocks to two pods is a duplicate; a deleted block holds nothing")
    func calicoDuplicateAndDeleted() throws {
        let twice = try Self.calico { items in
            // A second, overlapping block of wk-2 hands 10.244.1.2 (web-0's) to web-1.
            var block = items[Self.index(items, kind: "IPAMBlock", name: "10-244-2-0-24")]
            var spec = block["spec"] as! [String: Any]
            spec["cidr"] = "10.244.1.0/24"
            spec["allocations"] = [NSNull(), NSNull(), 1] as [Any]
            block["spec"] = spec
            block["metadata"] = ["name": "10-244-1-0-24-b"]
            items.append(block)
        }
        let report = InventoryFixture.audit(twice)
        #expect(report.with(.duplicateAddress).map(\.address) == ["10.244.1.2"])

        let deleted = try Self.calico { items in
            let k = Self.index(items, kind: "Node", name: "wk-2")
            items.remove(at: k)
            var block = items[Self.index(items, kind: "IPAMBlock", name: "10-244-2-0-24")]
            var spec = block["spec"] as! [String: Any]
            spec["deleted"] = true
            block["spec"] = spec
            items[Self.index(items, kind: "IPAMBlock", name: "10-244-2-0-24")] = block
            items.removeAll { ($0["kind"] as? String) == "BlockAffinity" && (($0["spec"] as? [String: Any])?["node"] as? String) == "wk-2" }
            items.remove(at: Self.index(items, kind: "Pod", name: "web-1"))
        }
        // wk-2 is gone with web-1, the one pod of its block, and the block is being deleted:
        // nothing stale (batch-7, borrowed from wk-1's block, is still listed).
        let stale = InventoryFixture.audit(deleted).with(.staleAllocation)
        #expect(stale.isEmpty)
    }

    @Test("Cilium, MetalLB, Whereabouts manifests in one multi-document YAML: read, clean")
    func manifestsClean() throws {
        let inventory = try InventoryFixture.load("k8s-cni-manifests.yaml")
        let records = inventory.records
        #expect(records.filter { $0.labels["ipam"] == "cilium" && $0.prefix != nil }.count == 2 + 1 + 2)
        let router = try #require(records.first { $0.address == (try? IPAddress("10.0.0.201")) })
        #expect(router.role == .other && router.labels["owner"] == "router")
        // MetalLB's 192.168.10.200-207 is one /29; the two BGPPeers name one router: one entity.
        #expect(records.contains { $0.prefix == (try? IPPrefix("192.168.10.200/29")) && $0.labels["ipam"] == "metallb" })
        let peers = records.filter { $0.labels["bgp_peer"] == "true" }
        #expect(peers.count == 2 && Set(peers.map(\.name)).count == 1)
        // The Whereabouts allocation at offset 10 and its reservation: one address, one pod.
        let net1 = records.filter { $0.address == (try? IPAddress("172.30.5.10")) }
        #expect(net1.count == 2 && net1.allSatisfy { $0.name == "default/frontend-7d9f" && $0.network == nil })
        #expect(InventoryFixture.audit(inventory).findings.isEmpty)
    }

    @Test("Cilium, MetalLB, Whereabouts: planted problems, each with its finding")
    func manifestsPlanted() throws {
        let text = try String(contentsOfFile: InventoryFixture.path("k8s-cni-manifests.yaml"), encoding: .utf8)
        // A Whereabouts reservation for a pod that is gone.
        let orphan = text.replacingOccurrences(of: "  name: 172.30.5.10\n", with: "  name: 172.30.5.10\n") + """
        ---
        apiVersion: whereabouts.cni.cncf.io/v1alpha1
        kind: OverlappingRangeIPReservation
        metadata:
          name: 172.30.5.11
        spec:
          podref: default/old-job-1
        """
        let stale = InventoryFixture.audit(try Self.loadYAML(orphan)).with(.staleAllocation)
        #expect(stale.map(\.address) == ["172.30.5.11"])
        // The same address reserved for two pods is a duplicate.
        let twoPods = orphan.replacingOccurrences(of: "name: 172.30.5.11", with: "name: 172.30.5.10")
        let dup = InventoryFixture.audit(try Self.loadYAML(twoPods)).with(.duplicateAddress)
        #expect(dup.map(\.address) == ["172.30.5.10"])
        // A MetalLB pool overlapping the Cilium load-balancer pool.
        let lb = text.replacingOccurrences(of: "  - 192.168.10.240/28\n", with: "  - 192.168.10.240/28\n  - 203.0.113.8/29\n")
        let overlap = InventoryFixture.audit(try Self.loadYAML(lb)).with(.overlappingAllocation)
        #expect(overlap.map(\.address) == ["203.0.113.8/29"])
        // A CiliumNode for a node that is gone keeps its pod CIDR.
        let gone = text.replacingOccurrences(of: "  name: node-b\nstatus:\n  addresses:\n  - {type: InternalIP, address: 192.168.10.12}\n",
                                             with: "  name: node-c\nstatus:\n  addresses:\n  - {type: InternalIP, address: 192.168.10.13}\n")
        #expect(InventoryFixture.audit(try Self.loadYAML(gone)).with(.staleAllocation).map(\.address) == ["10.0.1.0/24"])
    }

    @Test("Several YAML documents that are not all Kubernetes objects are refused, naming the document")
    func multiDocumentRefusal() {
        let text = "apiVersion: v1\nkind: Node\nmetadata: {name: a}\n---\naddress: 10.0.0.1\n"
        let message: String
        do { _ = try Self.loadYAML(text); message = "" } catch { message = "\(error)" }
        #expect(message.contains("YAML document 2 of 2 is not a Kubernetes object"))
    }

    @Test("Whereabouts reservation names: IPv4, IPv6 with dashes, after a network name")
    func reservationNames() {
        #expect(KubernetesReader.reservationAddress("192.168.50.3")?.description == "192.168.50.3")
        #expect(KubernetesReader.reservationAddress("fd00--3")?.description == "fd00::3")
        #expect(KubernetesReader.reservationAddress("storage-net-10.1.2.3")?.description == "10.1.2.3")
        #expect(KubernetesReader.reservationAddress("not-an-address") == nil)
    }
}
