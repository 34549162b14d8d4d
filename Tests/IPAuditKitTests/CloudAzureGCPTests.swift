import Foundation
import Testing
@testable import IPAuditKit
import IPCore

/// Issue 26: Azure and Google Cloud answers, written here in the shapes the ARM REST reference,
/// the az CLI and the Compute API document (nothing copied).
@Suite("Cloud readers: Azure and Google Cloud")
struct CloudAzureGCPTests {

    static func load(_ json: Any, file: String = "cloud.json") throws -> Inventory {
        var loader = InventoryLoader(format: .auto)
        return try loader.load(bytes: [UInt8](try JSONSerialization.data(withJSONObject: json)), file: file, source: file)
    }

    static let sub = "/subscriptions/s1/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks"

    static func vnet(_ name: String, _ space: String, subnets: [(String, String)], peers: [String] = [], flattened: Bool = false) -> [String: Any] {
        let subnetObjects: [[String: Any]] = subnets.map { n, p in
            flattened ? ["id": "\(sub)/\(name)/subnets/\(n)", "name": n, "addressPrefix": p]
                      : ["id": "\(sub)/\(name)/subnets/\(n)", "name": n, "properties": ["addressPrefix": p]]
        }
        let peerings: [[String: Any]] = peers.map { ["name": "to-\($0)", "properties": ["peeringState": "Connected", "remoteVirtualNetwork": ["id": "\(sub)/\($0)"]]] }
        let props: [String: Any] = ["addressSpace": ["addressPrefixes": [space]], "subnets": subnetObjects, "virtualNetworkPeerings": peerings]
        var o: [String: Any] = ["id": "\(sub)/\(name)", "name": name, "type": "Microsoft.Network/virtualNetworks", "location": "westeurope"]
        if flattened { o.merge(props) { a, _ in a } } else { o["properties"] = props }
        return o
    }

    static func nic(_ name: String, _ ip: String, vnet: String, subnet: String) -> [String: Any] {
        ["id": "/subscriptions/s1/resourceGroups/rg-app/providers/Microsoft.Network/networkInterfaces/\(name)", "name": name,
         "type": "Microsoft.Network/networkInterfaces", "location": "westeurope",
         "properties": ["macAddress": "00-0D-3A-00-00-0\(name.count % 10)",
                        "virtualMachine": ["id": "/subscriptions/s1/resourceGroups/rg-app/providers/Microsoft.Compute/virtualMachines/vm-\(name)"],
                        "ipConfigurations": [["name": "ipconfig1", "properties": ["privateIPAddress": ip, "privateIPAllocationMethod": "Dynamic",
                                                                                   "subnet": ["id": "\(sub)/\(vnet)/subnets/\(subnet)"]]]]]]
    }

    @Test("Azure: VNets and NICs from the REST answer and the az CLI's flattened list; reserved addresses, peered overlaps")
    func azure() throws {
        let vnets = ["value": [Self.vnet("hub", "10.50.0.0/16", subnets: [("app", "10.50.1.0/24")], peers: ["spoke"]),
                               Self.vnet("spoke", "10.60.0.0/16", subnets: [("db", "10.60.1.0/24")], peers: ["hub"]),
                               Self.vnet("lab", "10.50.0.0/16", subnets: [("x", "10.50.1.0/24")])]]
        let records = try Self.load(vnets).records
        #expect(records.filter { $0.labels["cloud_subnet"] == "true" }.count == 3)
        #expect(records.first { $0.name == "VNet hub" }?.network == "azure:rg-net/hub")
        // lab reuses hub's space but is not peered: no finding.
        #expect(InventoryFixture.audit(try Self.load(vnets)).findings.isEmpty)

        var peered = vnets
        peered["value"] = [Self.vnet("hub", "10.50.0.0/16", subnets: [], peers: ["spoke"]),
                           Self.vnet("spoke", "10.50.128.0/17", subnets: [], peers: ["hub"])]
        let overlap = InventoryFixture.audit(try Self.load(peered)).with(.overlappingAllocation)
        #expect(overlap.map(\.address) == ["10.50.128.0/17"] && overlap.first?.message.contains("peered") == true)

        // The az CLI's list: one object per VNet, properties flattened.
        let cli = [Self.vnet("hub", "10.50.0.0/16", subnets: [("app", "10.50.1.0/24")], flattened: true)]
        let nics = ["value": [Self.nic("web1", "10.50.1.4", vnet: "hub", subnet: "app"),
                              Self.nic("web2", "10.50.1.3", vnet: "hub", subnet: "app")]]
        var loader = InventoryLoader(format: .auto)
        let a = try loader.load(bytes: [UInt8](try JSONSerialization.data(withJSONObject: cli)), file: "vnets.json", source: "vnets.json")
        let b = try loader.load(bytes: [UInt8](try JSONSerialization.data(withJSONObject: nics)), file: "nics.json", source: "nics.json")
        let report = InventoryFixture.audit(a.merged(with: b))
        // .3 is one of Azure's five; .4 is the first an interface can hold.
        #expect(report.with(.reservedAddress).map(\.address) == ["10.50.1.3"])
        #expect(report.with(.reservedAddress).first?.entities == ["vm-web2"])
    }

    static func gcpSubnet(_ name: String, _ cidr: String, region: String, secondary: [(String, String)] = []) -> [String: Any] {
        ["kind": "compute#subnetwork", "name": name, "ipCidrRange": cidr, "gatewayAddress": "x",
         "network": "https://www.googleapis.com/compute/v1/projects/p1/global/networks/prod",
         "region": "https://www.googleapis.com/compute/v1/projects/p1/regions/\(region)",
         "selfLink": "https://www.googleapis.com/compute/v1/projects/p1/regions/\(region)/subnetworks/\(name)",
         "secondaryIpRanges": secondary.map { ["rangeName": $0.0, "ipCidrRange": $0.1] }]
    }

    static func gcpInstance(_ name: String, _ ip: String, alias: String?, status: String = "RUNNING") -> [String: Any] {
        var nic: [String: Any] = ["network": "https://www.googleapis.com/compute/v1/projects/p1/global/networks/prod",
                                  "subnetwork": "https://www.googleapis.com/compute/v1/projects/p1/regions/europe-west4/subnetworks/nodes",
                                  "networkIP": ip]
        if let alias { nic["aliasIpRanges"] = [["ipCidrRange": alias, "subnetworkRangeName": "pods"]] }
        return ["kind": "compute#instance", "name": name, "status": status,
                "zone": "https://www.googleapis.com/compute/v1/projects/p1/zones/europe-west4-a", "networkInterfaces": [nic]]
    }

    @Test("Google Cloud: aggregatedList and gcloud's bare list; alias ranges given twice; gateway and broadcast reserved; stopped VMs keep their address")
    func gcp() throws {
        let subnets: [String: Any] = ["kind": "compute#subnetworkAggregatedList", "items": [
            "regions/europe-west4": ["subnetworks": [Self.gcpSubnet("nodes", "10.164.0.0/20", region: "europe-west4",
                                                                    secondary: [("pods", "10.56.0.0/14"), ("services", "10.60.0.0/20")])]],
            "regions/us-east1": ["warning": ["code": "NO_RESULTS_ON_PAGE"]]]]
        let instances = [Self.gcpInstance("node-a", "10.164.0.2", alias: "10.56.0.0/24"),
                         Self.gcpInstance("node-b", "10.164.0.3", alias: "10.56.1.0/24"),
                         Self.gcpInstance("stopped", "10.164.0.9", alias: nil, status: "TERMINATED")]
        var loader = InventoryLoader(format: .auto)
        let s = try loader.load(bytes: [UInt8](try JSONSerialization.data(withJSONObject: subnets)), file: "subnets.json", source: "subnets.json")
        #expect(s.records.count == 3 && s.records.allSatisfy { $0.network == "gcp:p1/prod" })
        let i = try loader.load(bytes: [UInt8](try JSONSerialization.data(withJSONObject: instances)), file: "vms.json", source: "vms.json")
        #expect(i.records.filter { $0.address != nil }.count == 3)
        // node-a sits on the gateway (.2 is fine: GCP keeps .0 and .1).
        #expect(InventoryFixture.audit(s.merged(with: i)).findings.isEmpty)

        let twice = [Self.gcpInstance("node-a", "10.164.0.2", alias: "10.56.0.0/24"),
                     Self.gcpInstance("node-b", "10.164.0.1", alias: "10.56.0.0/24")]
        let t = try loader.load(bytes: [UInt8](try JSONSerialization.data(withJSONObject: twice)), file: "vms2.json", source: "vms2.json")
        let report = InventoryFixture.audit(s.merged(with: t))
        #expect(report.with(.overlappingAllocation).map(\.address) == ["10.56.0.0/24"])
        #expect(report.with(.reservedAddress).map(\.address) == ["10.164.0.1"])
    }

    @Test("GKE: a routes-based cluster's service range inside its pod range is by design; two clusters' pod ranges overlapping are not")
    func gke() throws {
        func cluster(_ name: String, pods: String, services: String) -> [String: Any] {
            ["name": name, "clusterIpv4Cidr": pods, "servicesIpv4Cidr": services, "network": "prod", "location": "europe-west4",
             "selfLink": "https://container.googleapis.com/v1/projects/p1/locations/europe-west4/clusters/\(name)"]
        }
        let routes = ["clusters": [cluster("a", pods: "10.96.0.0/14", services: "10.99.240.0/20")]]
        #expect(InventoryFixture.audit(try Self.load(routes)).findings.isEmpty)
        let two = ["clusters": [cluster("a", pods: "10.96.0.0/14", services: "10.99.240.0/20"),
                                cluster("b", pods: "10.98.0.0/16", services: "10.100.0.0/20")]]
        #expect(InventoryFixture.audit(try Self.load(two)).with(.overlappingAllocation).map(\.address) == ["10.98.0.0/16"])
    }
}

extension Inventory {
    /// Two files audited together, as `audit a.json b.json` does.
    func merged(with other: Inventory) -> Inventory {
        var all = self
        all.append(contentsOf: other)
        return all
    }
}
