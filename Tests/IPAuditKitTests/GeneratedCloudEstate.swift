import Foundation
import IPCore
import IPAuditTestSupport

/// A seeded multi-cloud estate, as the answers of its APIs: three AWS regions (a VPC each with
/// two subnets and interfaces; the three VPCs on one transit gateway, two of them also peered),
/// three Azure VNets (a hub peered with two spokes that reuse one range and are not peered with
/// each other), and three clusters: Calico on the hub's VMs, Cilium in ENI mode in the first
/// VPC, Cilium cluster-pool on a spoke's VMs; and a Terraform plan adding a subnet and an
/// instance to the second region's VPC. Clean as generated; each `Fault` plants one
/// problem whose finding is known exactly.
struct GeneratedCloudEstate {
    enum Fault: CaseIterable {
        /// The third VPC gets a second block inside the first's: both on the transit gateway.
        case peeredOverlap
        /// An ENI address outside its ENI's subnet.
        case eniOutsideSubnet
        /// A Calico handle naming a block no IPAMBlock holds.
        case leakedHandle
        /// A second VM's NIC given the address of one in the hub.
        case duplicateNIC
        /// The Terraform plan's new subnet over an existing subnet of its VPC.
        case plannedSubnetOverlap
    }

    let regions = ["eu-west-1", "us-east-1", "ap-south-1"]
    var faults: Set<Fault> = []
    private var rng: SeededGenerator
    /// Addresses handed out so far, per subnet (key: its CIDR): never one twice.
    private var used: [String: Set<Int>] = [:]
    /// The findings the planted faults must give ("rule address"), filled as they are planted.
    private(set) var expected: [String] = []

    init(seed: UInt64, faults: Set<Fault> = []) {
        rng = SeededGenerator(seed: seed)
        self.faults = faults
    }

    /// An unused address of a /24 (`a.b.c`), past the clouds' reserved first addresses; `pool`
    /// names the subnet when two domains reuse one range.
    private mutating func draw(_ net: String, pool: String? = nil) -> String {
        let key = pool ?? net
        var offset: Int
        repeat { offset = Int.random(in: 10...240, using: &rng) } while used[key, default: []].contains(offset)
        used[key, default: []].insert(offset)
        return "\(net).\(offset)"
    }

    /// The files of the estate, generated once: (file name, JSON document).
    mutating func documents() -> [(String, Any)] {
        var out: [(String, Any)] = []
        out += aws()
        out += azure()
        out.append(("c0.json", calico()))
        out.append(("c1.json", ciliumENI()))
        out.append(("c2.json", ciliumPool()))
        out.append(("tfplan.json", terraformPlan()))
        return out
    }

    /// `terraform show -json` of a plan that adds a subnet and an instance to the second region's
    /// VPC (known by its id): the plan gate's input.
    mutating func terraformPlan() -> [String: Any] {
        let region = regions[1]
        let cidr = faults.contains(.plannedSubnetOverlap) ? "10.11.0.0/25" : "10.11.5.0/24"
        if faults.contains(.plannedSubnetOverlap) { expected.append("overlapping-allocation 10.11.0.0/25") }
        let ip = faults.contains(.plannedSubnetOverlap) ? "10.11.0.\(Int.random(in: 10...120, using: &rng))" : draw("10.11.5")
        func resource(_ type: String, _ name: String, _ values: [String: Any]) -> [String: Any] {
            ["address": "\(type).\(name)", "mode": "managed", "type": type, "name": name, "values": values]
        }
        let resources = [
            resource("aws_subnet", "batch", ["vpc_id": "vpc-r1", "cidr_block": cidr, "availability_zone": "\(region)c"]),
            resource("aws_instance", "batch", ["private_ip": ip, "availability_zone": "\(region)c", "subnet_id": NSNull()]),
        ]
        let configuration: [String: Any] = ["root_module": ["resources": [
            ["address": "aws_instance.batch", "expressions": ["subnet_id": ["references": ["aws_subnet.batch.id", "aws_subnet.batch"]]]],
        ]]]
        return ["format_version": "1.2", "terraform_version": "1.9.0",
                "planned_values": ["root_module": ["resources": resources]], "configuration": configuration]
    }

    static func mac(_ parts: Int...) -> String {
        (["02"] + parts.map { String(format: "%02x", $0) } + Array(repeating: "00", count: 5 - parts.count)).joined(separator: ":")
    }

    mutating func aws() -> [(String, Any)] {
        var vpcs: [[String: Any]] = [], subnets: [[String: Any]] = [], interfaces: [[String: Any]] = []
        for (r, region) in regions.enumerated() {
            let id = "vpc-r\(r)"
            var blocks: [[String: Any]] = [["CidrBlock": "10.\(10 + r).0.0/16", "CidrBlockState": ["State": "associated"]]]
            if r == 2 && faults.contains(.peeredOverlap) {
                blocks.append(["CidrBlock": "10.10.0.0/20", "CidrBlockState": ["State": "associated"]])
                expected.append("overlapping-allocation 10.10.0.0/20")
            }
            vpcs.append(["VpcId": id, "CidrBlock": "10.\(10 + r).0.0/16", "CidrBlockAssociationSet": blocks, "State": "available"])
            for (z, letter) in ["a", "b"].enumerated() {
                let subnet = "subnet-r\(r)\(z)", net = "10.\(10 + r).\(z)"
                subnets.append(["SubnetId": subnet, "VpcId": id, "CidrBlock": "\(net).0/24", "AvailabilityZone": "\(region)\(letter)"])
                for k in 0..<3 {
                    let ip = draw(net)
                    interfaces.append(["NetworkInterfaceId": "eni-r\(r)\(z)\(k)", "SubnetId": subnet, "VpcId": id,
                                       "AvailabilityZone": "\(region)\(letter)", "MacAddress": Self.mac(r, z, k),
                                       "PrivateIpAddress": ip, "PrivateIpAddresses": [["PrivateIpAddress": ip, "Primary": true]],
                                       "Attachment": ["InstanceId": "i-r\(r)\(z)\(k)"], "Status": "in-use"])
                }
            }
        }
        func side(_ r: Int) -> [String: Any] {
            ["VpcId": "vpc-r\(r)", "OwnerId": "111122223333", "Region": regions[r], "CidrBlock": "10.\(10 + r).0.0/16",
             "CidrBlockSet": [["CidrBlock": "10.\(10 + r).0.0/16"]]]
        }
        let peerings = ["VpcPeeringConnections": [["VpcPeeringConnectionId": "pcx-r0r1", "Status": ["Code": "active", "Message": "Active"],
                                                   "RequesterVpcInfo": side(0), "AccepterVpcInfo": side(1)]]]
        let attachments = ["TransitGatewayAttachments": (0..<3).map { r in
            ["TransitGatewayAttachmentId": "tgw-attach-r\(r)", "TransitGatewayId": "tgw-core", "ResourceType": "vpc",
             "ResourceId": "vpc-r\(r)", "State": "available"]
        }]
        return [("aws.json", ["Vpcs": vpcs, "Subnets": subnets, "NetworkInterfaces": interfaces]),
                ("pcx.json", peerings), ("tgw.json", attachments)]
    }

    /// The hub's and the spokes' NIC addresses, for the clusters' nodes.
    private var hubNodes: [String] = [], spokeNodes: [String] = []

    mutating func azure() -> [(String, Any)] {
        // The spokes reuse one range: not peered with each other, so no finding.
        let spaces = ["10.20.0.0/16", "10.21.0.0/16", "10.21.0.0/16"], nets = ["10.20.1", "10.21.1", "10.21.1"]
        let names = ["hub", "spoke-a", "spoke-b"]
        let vnets: [[String: Any]] = (0..<3).map { v in
            CloudAzureGCPTests.vnet(names[v], spaces[v], subnets: [("app", "\(nets[v]).0/24")], peers: v == 0 ? ["spoke-a", "spoke-b"] : ["hub"])
        }
        var nics: [[String: Any]] = []
        for v in 0..<3 {
            for k in 0..<3 {
                // Each VNet is its own domain: the spokes may hand out the same addresses.
                let ip = draw(nets[v], pool: names[v])
                nics.append(CloudAzureGCPTests.nic("\(names[v])-vm\(k)", ip, vnet: names[v], subnet: "app"))
                if v == 0 { hubNodes.append(ip) } else if v == 1 { spokeNodes.append(ip) }
            }
        }
        if faults.contains(.duplicateNIC) {
            nics.append(CloudAzureGCPTests.nic("hub-extra", hubNodes[0], vnet: "hub", subnet: "app"))
            expected.append("duplicate-address \(hubNodes[0])")
        }
        return [("azure-vnets.json", ["value": vnets]), ("azure-nics.json", ["value": nics])]
    }

    static func node(_ name: String, _ ip: String, zone: String) -> [String: Any] {
        ["apiVersion": "v1", "kind": "Node", "metadata": ["name": name, "labels": ["topology.kubernetes.io/zone": zone]],
         "status": ["addresses": [["type": "InternalIP", "address": ip], ["type": "Hostname", "address": name]]]]
    }

    static func pod(_ name: String, node: String, ip: String, hostIP: String) -> [String: Any] {
        ["apiVersion": "v1", "kind": "Pod", "metadata": ["name": name, "namespace": "apps"],
         "spec": ["nodeName": node, "containers": [["name": "c"]]],
         "status": ["phase": "Running", "podIP": ip, "podIPs": [["ip": ip]], "hostIP": hostIP]]
    }

    static func list(_ items: [[String: Any]]) -> [String: Any] { ["apiVersion": "v1", "kind": "List", "items": items] }

    /// Calico on the hub's three VMs: a /26 block per node, two pods each, a handle per pod.
    mutating func calico() -> [String: Any] {
        let calico = "crd.projectcalico.org/v1"
        var items: [[String: Any]] = [["apiVersion": calico, "kind": "IPPool", "metadata": ["name": "default-ipv4-ippool"],
                                       "spec": ["cidr": "10.244.0.0/16", "blockSize": 26, "ipipMode": "Never", "natOutgoing": true]]]
        for (n, hostIP) in hubNodes.enumerated() {
            let node = "aks-hub-\(n)", block = "10.244.0.\(64 * n)"
            items.append(Self.node(node, hostIP, zone: "westeurope-\(n + 1)"))
            var allocations: [Any] = Array(repeating: NSNull(), count: 64)
            var attributes: [[String: Any]] = []
            for p in 0..<2 {
                let ordinal = Int.random(in: 2...60, using: &rng) / 2 * 2 + p  // two distinct ordinals
                let pod = "web-\(n)-\(p)", ip = "10.244.0.\(64 * n + ordinal)", handle = "k8s-pod-network.\(pod)"
                allocations[ordinal] = attributes.count
                attributes.append(["handle_id": handle, "secondary": ["namespace": "apps", "pod": pod, "node": node]])
                items.append(Self.pod(pod, node: node, ip: ip, hostIP: hostIP))
                items.append(["apiVersion": calico, "kind": "IPAMHandle", "metadata": ["name": handle],
                              "spec": ["handleID": handle, "block": ["\(block)/26": 1]]])
            }
            items.append(["apiVersion": calico, "kind": "IPAMBlock", "metadata": ["name": "10-244-0-\(64 * n)-26"],
                          "spec": ["cidr": "\(block)/26", "affinity": "host:\(node)", "strictAffinity": false,
                                   "allocations": allocations, "unallocated": [], "attributes": attributes, "deleted": false]])
        }
        if faults.contains(.leakedHandle) {
            items.append(["apiVersion": calico, "kind": "IPAMHandle", "metadata": ["name": "k8s-pod-network.gone"],
                          "spec": ["handleID": "k8s-pod-network.gone", "block": ["10.244.1.0/26": 1]]])
            expected.append("stale-allocation 10.244.1.0/26")
        }
        return Self.list(items)
    }

    /// Cilium in ENI mode in the first VPC: one ENI per node in each of its subnets.
    mutating func ciliumENI() -> [String: Any] {
        var items: [[String: Any]] = []
        for z in 0..<2 {
            let net = "10.10.\(z)", zone = "\(regions[0])\(["a", "b"][z])"
            let node = "ip-\(net.replacingOccurrences(of: ".", with: "-"))-\(z).ec2.internal"
            let primary = draw(net)
            var addresses = [draw(net), draw(net)]
            if z == 1 && faults.contains(.eniOutsideSubnet) {
                addresses[1] = "10.10.9.\(Int.random(in: 10...240, using: &rng))"
                expected.append("inconsistent-record \(addresses[1])")
            }
            let eni: [String: Any] = ["id": "eni-c1\(z)", "ip": primary, "mac": Self.mac(0xc1, z), "availability-zone": zone,
                                      "subnet": ["id": "subnet-r0\(z)", "cidr": "\(net).0/24"],
                                      "vpc": ["id": "vpc-r0", "primary-cidr": "10.10.0.0/16", "cidrs": ["10.10.0.0/16"]],
                                      "addresses": addresses]
            items.append(["apiVersion": "cilium.io/v2", "kind": "CiliumNode", "metadata": ["name": node],
                          "spec": ["eni": ["vpc-id": "vpc-r0", "availability-zone": zone]],
                          "status": ["eni": ["enis": ["eni-c1\(z)": eni]]]])
        }
        return Self.list(items)
    }

    /// Cilium cluster-pool on a spoke's VMs: a /24 per node, its router and one pod.
    mutating func ciliumPool() -> [String: Any] {
        var items: [[String: Any]] = []
        for (n, hostIP) in spokeNodes.prefix(2).enumerated() {
            let node = "aks-spoke-\(n)", pod = "api-\(n)", podIP = "10.0.\(n).\(Int.random(in: 10...200, using: &rng))"
            items.append(Self.node(node, hostIP, zone: "eastus-\(n + 1)"))
            items.append(Self.pod(pod, node: node, ip: podIP, hostIP: hostIP))
            items.append(["apiVersion": "cilium.io/v2", "kind": "CiliumNode", "metadata": ["name": node],
                          "spec": ["ipam": ["podCIDRs": ["10.0.\(n).0/24"]]],
                          "status": ["ipam": ["used": ["10.0.\(n).1": ["owner": "router"], podIP: ["owner": "apps/\(pod)"]]]]])
        }
        return Self.list(items)
    }
}
