import Foundation
import Testing
@testable import IPAuditKit
import IPCore

/// Issue 26: Cilium's cloud interfaces (ENI and Azure IPAM) as the node's addresses in the
/// VPC, and Calico IPAMHandles naming blocks that are gone. Written in the shapes of Cilium's
/// CiliumNode types and Calico's IPAMHandle (nothing copied).
@Suite("Cilium ENI/Azure interfaces, Calico handles")
struct ClusterCloudInterfaceTests {
    static func eni() throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: InventoryFixture.path("k8s-cilium-eni.json")))) as! [String: Any]
    }

    /// The ENI List with the first ENI of node `n` edited.
    static func editingENI(_ n: Int, _ edit: (inout [String: Any]) -> Void) throws -> [String: Any] {
        var tree = try eni()
        var items = tree["items"] as! [[String: Any]]
        var status = items[n]["status"] as! [String: Any]
        var enis = (status["eni"] as! [String: Any])["enis"] as! [String: Any]
        let id = enis.keys.sorted()[0]
        var one = enis[id] as! [String: Any]
        edit(&one)
        enis[id] = one
        status["eni"] = ["enis": enis]
        items[n]["status"] = status
        tree["items"] = items
        return tree
    }

    static func ec2() throws -> Inventory { try InventoryFixture.load("aws-ec2.json") }

    @Test("ENI: each address is the node's, in its VPC, subnet and zone; the subnet CIDR a subnet row; clean alone and beside describe-network-interfaces")
    func eniClean() throws {
        let inventory = try InventoryFixture.load("k8s-cilium-eni.json")
        let records = inventory.records
        let node = "ip-10-30-1-20.eu-west-1.compute.internal"
        let addresses = records.filter { $0.labels["eni"] == "eni-0c1" }
        #expect(addresses.compactMap { $0.address?.description }.sorted() == ["10.30.1.20", "10.30.1.21", "10.30.1.22"])
        #expect(addresses.allSatisfy { $0.name == node && $0.host == node && $0.network == "aws:vpc-0a1" && $0.zone == "eu-west-1a"
                                        && $0.labels["subnet_id"] == "subnet-a1" && $0.mac == "02:cc:00:00:00:01" })
        let subnet = try #require(records.first { $0.labels["cloud_subnet"] == "true" && $0.labels["subnet_id"] == "subnet-a1" })
        #expect(subnet.prefix == (try IPPrefix("10.30.1.0/24")) && subnet.region == "eu-west-1")
        #expect(InventoryFixture.audit(inventory).findings.isEmpty)
        #expect(InventoryFixture.audit(try Self.ec2().merged(with: inventory)).findings.isEmpty)
    }

    @Test("ENI: an address outside its ENI's subnet is an inconsistent record; inside it is not")
    func eniOutsideSubnet() throws {
        let outside = try KubernetesIPAMTests.load(try Self.editingENI(0) { $0["addresses"] = ["10.30.1.21", "10.30.9.5"] }, file: "eni.json")
        let report = InventoryFixture.audit(outside)
        #expect(report.with(.inconsistentRecord).map(\.address) == ["10.30.9.5"])
        #expect(report.findings.count == 1)
        let inside = try KubernetesIPAMTests.load(try Self.editingENI(0) { $0["addresses"] = ["10.30.1.21", "10.30.1.200"] }, file: "eni.json")
        #expect(InventoryFixture.audit(inside).findings.isEmpty)
        // The subnet's last address is AWS's: no interface holds it.
        let reserved = try KubernetesIPAMTests.load(try Self.editingENI(0) { $0["addresses"] = ["10.30.1.255"] }, file: "eni.json")
        #expect(InventoryFixture.audit(reserved).with(.reservedAddress).map(\.address) == ["10.30.1.255"])
    }

    @Test("ENI: two nodes holding one address are a duplicate; the same address under describe-network-interfaces with the ENI's MAC is not")
    func eniDuplicate() throws {
        let twice = try KubernetesIPAMTests.load(try Self.editingENI(1) { eni in
            eni["subnet"] = ["id": "subnet-a1", "cidr": "10.30.1.0/24"]
            eni["availability-zone"] = "eu-west-1a"
            eni["addresses"] = ["10.30.1.22"]
        }, file: "eni.json")
        let dups = InventoryFixture.audit(twice).with(.duplicateAddress)
        #expect(dups.map(\.address) == ["10.30.1.22"])
        #expect(dups.first?.entities.count == 2)

        // eni-1 of aws-ec2.json (10.30.1.10, 10.30.1.11) seen by Cilium as well: one card.
        let same = try KubernetesIPAMTests.load(try Self.editingENI(0) { eni in
            eni["mac"] = "02:aa:00:00:00:01"
            eni["ip"] = "10.30.1.10"
            eni["addresses"] = ["10.30.1.11"]
        }, file: "eni.json")
        #expect(InventoryFixture.audit(try Self.ec2().merged(with: same)).findings.isEmpty)
    }

    static let azureSubnet = "/subscriptions/s1/resourceGroups/rg-aks/providers/Microsoft.Network/virtualNetworks/aks-vnet/subnets/nodes"

    static func azureNode(_ name: String, _ ips: [String], cidr: String = "10.240.0.0/16", state: String = "succeeded") -> [String: Any] {
        ["apiVersion": "cilium.io/v2", "kind": "CiliumNode", "metadata": ["name": name],
         "spec": ["azure": ["instance-id": "/subscriptions/s1/resourceGroups/mc-aks/providers/Microsoft.Compute/virtualMachineScaleSets/pool/virtualMachines/\(name.suffix(1))"]],
         "status": ["azure": ["interfaces": [["id": "/subscriptions/s1/resourceGroups/mc-aks/providers/Microsoft.Network/networkInterfaces/\(name)-nic",
                                               "name": "\(name)-nic", "mac": "00-0D-3A-AA-00-0\(name.suffix(1))", "state": "succeeded",
                                               "cidr": cidr, "gateway": "10.240.0.1",
                                               "addresses": ips.map { ["ip": $0, "subnet": azureSubnet, "state": state] }]]]]]
    }

    @Test("Azure IPAM: interface addresses in the VNet subnet they name; outside its CIDR an inconsistent record; two nodes, one address, a duplicate")
    func azureInterfaces() throws {
        let clean = ["apiVersion": "v1", "kind": "List", "items": [Self.azureNode("aks-0", ["10.240.0.4", "10.240.0.5"]),
                                                                   Self.azureNode("aks-1", ["10.240.0.6"])]] as [String: Any]
        let inventory = try KubernetesIPAMTests.load(clean, file: "aks.json")
        let address = try #require(inventory.records.first { $0.address == (try? IPAddress("10.240.0.4")) })
        #expect(address.network == "azure:rg-aks/aks-vnet" && address.labels["subnet_id"] == "rg-aks/aks-vnet/nodes" && address.name == "aks-0")
        #expect(InventoryFixture.audit(inventory).findings.isEmpty)

        let planted = ["apiVersion": "v1", "kind": "List", "items": [Self.azureNode("aks-0", ["10.240.0.4", "10.241.0.9"]),
                                                                     Self.azureNode("aks-1", ["10.240.0.4"]),
                                                                     Self.azureNode("aks-2", ["10.240.0.3"])]] as [String: Any]
        let report = InventoryFixture.audit(try KubernetesIPAMTests.load(planted, file: "aks.json"))
        #expect(report.with(.inconsistentRecord).map(\.address) == ["10.241.0.9"])
        #expect(report.with(.duplicateAddress).map(\.address) == ["10.240.0.4"])
        // .3 is one of the five Azure keeps.
        #expect(report.with(.reservedAddress).map(\.address) == ["10.240.0.3"])
        #expect(report.findings.count == 3)
        // An address whose provisioning failed is not held: no duplicate.
        let failed = ["apiVersion": "v1", "kind": "List", "items": [Self.azureNode("aks-0", ["10.240.0.4"]),
                                                                    Self.azureNode("aks-1", ["10.240.0.4"], state: "failed")]] as [String: Any]
        #expect(InventoryFixture.audit(try KubernetesIPAMTests.load(failed, file: "aks.json")).findings.isEmpty)
        // An interface address that is no address is bad input naming the field.
        let bad = ["apiVersion": "v1", "kind": "List", "items": [Self.azureNode("aks-0", ["10.240.0.400"])]] as [String: Any]
        let error = #expect(throws: InputError.self) { try KubernetesIPAMTests.load(bad, file: "aks.json") }
        #expect(error?.description.contains("aks.json") == true && error?.description.contains("interfaces[0].addresses[0].ip") == true)
    }

    static func multiPoolNode(_ name: String, default d: String, blue: String, used: [String: String]) -> [String: Any] {
        ["apiVersion": "cilium.io/v2", "kind": "CiliumNode", "metadata": ["name": name],
         "spec": ["ipam": ["pools": ["requested": [["pool": "default", "needed": ["ipv4-addrs": 16]], ["pool": "blue", "needed": ["ipv4-addrs": 8]]],
                                     "allocated": [["pool": "default", "cidrs": [d]], ["pool": "blue", "cidrs": [blue]]]]]],
         "status": ["ipam": ["used": used.mapValues { ["owner": $0] }]]]
    }

    @Test("Cilium multi-pool: each pool's allocated CIDRs are the node's, named with their pool; one CIDR on two nodes is an overlap")
    func multiPool() throws {
        let clean = ["apiVersion": "v1", "kind": "List", "items": [
            Self.multiPoolNode("mp-a", default: "10.10.0.0/27", blue: "10.20.0.0/28", used: ["10.10.0.5": "default/web-0", "10.20.0.3": "blue/api-0"]),
            Self.multiPoolNode("mp-b", default: "10.10.0.32/27", blue: "10.20.0.16/28", used: ["10.20.0.20": "blue/api-1"])]] as [String: Any]
        let inventory = try KubernetesIPAMTests.load(clean, file: "mp.json")
        let blue = inventory.records.filter { $0.name.hasSuffix("(pool blue)") }
        #expect(blue.compactMap { $0.prefix?.description }.sorted() == ["10.20.0.0/28", "10.20.0.16/28"])
        #expect(blue.allSatisfy { $0.labels["ipam_node"] == $0.host && $0.labels["pod_cidr"] == "true" })
        #expect(InventoryFixture.audit(inventory).findings.isEmpty)

        let twice = ["apiVersion": "v1", "kind": "List", "items": [
            Self.multiPoolNode("mp-a", default: "10.10.0.0/27", blue: "10.20.0.0/28", used: [:]),
            Self.multiPoolNode("mp-b", default: "10.10.0.32/27", blue: "10.20.0.0/28", used: [:])]] as [String: Any]
        let overlaps = InventoryFixture.audit(try KubernetesIPAMTests.load(twice, file: "mp.json")).with(.overlappingAllocation)
        #expect(overlaps.map(\.address) == ["10.20.0.0/28"] && overlaps.first?.message.contains("two nodes' pod CIDRs overlap") == true)
    }

    static func handle(_ id: String, blocks: [String: Int]) -> [String: Any] {
        ["apiVersion": "crd.projectcalico.org/v1", "kind": "IPAMHandle", "metadata": ["name": id],
         "spec": ["handleID": id, "block": blocks]]
    }

    @Test("Calico: a handle naming a block no IPAMBlock holds is a leaked handle; a handle whose block is present, or a run with handles only, is not")
    func leakedHandle() throws {
        // The fixture's tunnel handle names wk-1's block, which is there.
        #expect(InventoryFixture.audit(try InventoryFixture.load("k8s-calico-ipam.json")).findings.isEmpty)

        let leaked = try KubernetesIPAMTests.calico { items in
            items.append(Self.handle("k8s-pod-network.0f3c", blocks: ["10.244.7.0/24": 1]))
            items.append(Self.handle("k8s-pod-network.77aa", blocks: ["10.244.2.0/24": 1]))
            // Outside every pool given: which pool's blocks would be missing is unknown.
            items.append(Self.handle("k8s-pod-network.9bd1", blocks: ["192.168.5.0/26": 1]))
        }
        let stale = InventoryFixture.audit(leaked).with(.staleAllocation)
        #expect(stale.map(\.address) == ["10.244.7.0/24"])
        #expect(stale.first?.entities == ["prod:Calico handle k8s-pod-network.0f3c"] && stale.first?.severity == .warning)

        // Handles only (no IPAMBlock in the run): nothing can be judged.
        let handlesOnly = ["apiVersion": "v1", "kind": "List", "items": [Self.handle("k8s-pod-network.0f3c", blocks: ["10.244.7.0/24": 1])]] as [String: Any]
        #expect(InventoryFixture.audit(try KubernetesIPAMTests.load(handlesOnly)).findings.isEmpty)
        // Handles with the pool but none of its blocks: nothing either.
        let noBlocks = try KubernetesIPAMTests.calico { items in
            items.removeAll { $0["kind"] as? String == "IPAMBlock" }
            items.append(Self.handle("k8s-pod-network.0f3c", blocks: ["10.244.7.0/24": 1]))
        }
        #expect(InventoryFixture.audit(noBlocks).with(.staleAllocation).isEmpty)
        // A handle being deleted names nothing; a block key that is no CIDR is bad input.
        var deleting = Self.handle("k8s-pod-network.0f3c", blocks: ["10.244.7.0/24": 1])
        deleting["spec"] = ["handleID": "k8s-pod-network.0f3c", "block": ["10.244.7.0/24": 1], "deleted": true]
        #expect(InventoryFixture.audit(try KubernetesIPAMTests.calico { $0.append(deleting) }).findings.isEmpty)
        let error = #expect(throws: InputError.self) {
            try KubernetesIPAMTests.calico { $0.append(Self.handle("h", blocks: ["10.244.7.0/33": 1])) }
        }
        #expect(error?.description.contains("spec.block") == true)
    }
}
