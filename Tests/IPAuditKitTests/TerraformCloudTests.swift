import Foundation
import Testing
@testable import IPAuditKit
import IPCore

/// Issue 26's Terraform part for Azure and Google Cloud, peerings and transit gateways: a plan's
/// `azurerm_*` and `google_*` resources make the rows the Azure and Google readers make of the
/// same objects, and the cloud rules judge them before apply.
@Suite("Terraform: azurerm and google resources, peerings and transit gateways")
struct TerraformCloudTests {
    typealias Tree = [String: Any]

    static func load(_ tree: Tree, file: String = "tfplan.json") throws -> Inventory {
        var loader = InventoryLoader(format: .auto)
        return try loader.load(bytes: [UInt8](try JSONSerialization.data(withJSONObject: tree)), file: file, source: file)
    }

    /// The fixture with `edit` applied to its resources (`planned_values` or `values`).
    static func edited(_ name: String, _ edit: (inout [[String: Any]]) -> Void) throws -> Inventory {
        var t = try CloudReaderTests.tree(name)
        let key = t["planned_values"] != nil ? "planned_values" : "values"
        var top = t[key] as! Tree
        var root = top["root_module"] as! Tree
        var resources = root["resources"] as! [[String: Any]]
        edit(&resources)
        root["resources"] = resources
        top["root_module"] = root
        t[key] = top
        return try load(t)
    }

    static func set(_ address: String, _ key: String, _ value: Any, in resources: inout [[String: Any]]) {
        let k = resources.firstIndex { $0["address"] as? String == address }!
        var values = resources[k]["values"] as! Tree
        values[key] = value
        resources[k]["values"] = values
    }

    static func remove(_ address: String, from resources: inout [[String: Any]]) {
        resources.removeAll { $0["address"] as? String == address }
    }

    /// What a row says, without where it was read from (the plan and the API answer differ there).
    static func shape(_ r: InventoryRecord) -> String {
        let labels = r.labels.filter { !["terraform_address", CloudLabels.peers].contains($0.key) }
            .sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        return "\(r.prefix?.description ?? r.address?.description ?? "-") \(r.name) \(r.network ?? "-") \(r.region ?? "-") \(r.zone ?? "-") \(r.host ?? "-") [\(labels)]"
    }

    // MARK: Azure

    @Test("azurerm: VNets, subnets (joined by name or only by configuration reference, inline blocks), NICs and AKS ranges read as the Azure reader reads the same VNet and NIC")
    func azureRows() throws {
        let inventory = try InventoryFixture.load("terraform-plan-azure.json")
        let records = inventory.records
        let byAddress = Dictionary(grouping: records) { $0.labels["terraform_address"] ?? "" }
        let hub = try #require(byAddress["azurerm_virtual_network.hub"]?.first)
        #expect(hub.prefix?.description == "10.60.0.0/16" && hub.network == "azure:net-rg/hub" && hub.region == "westeurope")
        #expect(hub.labels[CloudLabels.isVPC] == "true" && hub.labels[CloudLabels.peers] == "net-rg/spoke")
        #expect(hub.path == "$.planned_values.root_module.resources[1].values.address_space[0]")
        // `azurerm_subnet.app` names neither its VNet nor its group: only the configuration does.
        let app = try #require(byAddress["azurerm_subnet.app"]?.first)
        #expect(app.network == "azure:net-rg/hub" && app.labels[CloudLabels.subnet] == "net-rg/hub/app" && app.region == "westeurope")
        #expect(app.path == "$.planned_values.root_module.resources[3].values.address_prefixes[0]")
        let inline = try #require(records.first { $0.labels[CloudLabels.subnet] == "net-rg/spoke/db" })
        #expect(inline.path == "$.planned_values.root_module.resources[2].values.subnet[0].address_prefix")
        let nic = try #require(byAddress["azurerm_network_interface.web"]?.first)
        #expect(nic.address?.description == "10.60.1.10" && nic.labels[CloudLabels.subnet] == "net-rg/hub/app" && nic.network == "azure:net-rg/hub")
        // Named after the VM whose `network_interface_ids` refers to it, as the az CLI names it.
        #expect(nic.name == "web-vm" && nic.labels["nic"] == "web-nic")
        #expect(nic.path == "$.planned_values.root_module.resources[5].values.ip_configuration[0].private_ip_address")
        // A dynamic address is known after apply: no row, nothing judged.
        #expect(byAddress["azurerm_network_interface.worker"] == nil)
        let aks = try #require(byAddress["azurerm_kubernetes_cluster.aks"])
        #expect(aks.map { "\($0.prefix!) \($0.labels[InventoryLabel.ipamPool] ?? "-") \($0.network!)" }
                == ["10.244.0.0/16 true azure:net-rg/hub", "10.0.0.0/16 - azure:net-rg/hub"])
        #expect(records.count == 8)
        #expect(InventoryFixture.audit(inventory).findings.isEmpty)

        // The same VNet, subnet and NIC as the ARM REST answer gives them: the same rows.
        let sub = "/subscriptions/s/resourceGroups/net-rg/providers/Microsoft.Network/virtualNetworks"
        let rest: Tree = ["value": [
            ["id": "\(sub)/hub", "name": "hub", "type": "Microsoft.Network/virtualNetworks", "location": "westeurope",
             "properties": ["addressSpace": ["addressPrefixes": ["10.60.0.0/16"]],
                            "subnets": [["id": "\(sub)/hub/subnets/app", "name": "app", "properties": ["addressPrefix": "10.60.1.0/24"]]]]],
            ["id": "/subscriptions/s/resourceGroups/net-rg/providers/Microsoft.Network/networkInterfaces/web-nic", "name": "web-nic",
             "type": "Microsoft.Network/networkInterfaces", "location": "westeurope",
             "properties": ["virtualMachine": ["id": "/subscriptions/s/resourceGroups/net-rg/providers/Microsoft.Compute/virtualMachines/web-vm"],
                            "ipConfigurations": [["name": "primary", "properties": ["privateIPAddress": "10.60.1.10",
                                                                                   "subnet": ["id": "\(sub)/hub/subnets/app"]]]]]]]]
        let fromAPI = try Self.load(rest, file: "rest.json").records.map(Self.shape)
        #expect(fromAPI == [hub, app, nic].map(Self.shape))
    }

    @Test("azurerm planted: a subnet outside its VNet; two peered VNets overlapping (error) but not unpeered; AKS pods over its node subnet")
    func azurePlanted() throws {
        let outside = try Self.edited("terraform-plan-azure.json") { r in
            Self.set("azurerm_subnet.app", "address_prefixes", ["10.61.1.0/24"], in: &r)
            Self.remove("azurerm_network_interface.web", from: &r)
        }
        let out = InventoryFixture.audit(outside).with(.overlappingAllocation)
        #expect(out.map(\.address) == ["10.61.1.0/24"] && out.first?.message.contains("outside its VPC net-rg/hub") == true)

        func overlapping(peered: Bool) throws -> FindingsReport {
            InventoryFixture.audit(try Self.edited("terraform-plan-azure.json") { r in
                Self.set("azurerm_virtual_network.spoke", "address_space", ["10.60.128.0/17"], in: &r)
                Self.set("azurerm_virtual_network.spoke", "subnet", [["name": "db", "address_prefix": "10.60.129.0/24"]], in: &r)
                if !peered { Self.remove("azurerm_virtual_network_peering.hub_to_spoke", from: &r) }
            })
        }
        let peered = try overlapping(peered: true)
        #expect(peered.findings.map(\.rule) == [.overlappingAllocation] && peered.findings.map(\.address) == ["10.60.128.0/17"])
        #expect(peered.findings.first?.message.contains("peered") == true)
        // Unpeered VNets may reuse space: they can never be joined, but nothing routes between them.
        #expect(try overlapping(peered: false).findings.isEmpty)

        let pods = InventoryFixture.audit(try Self.edited("terraform-plan-azure.json") { r in
            Self.set("azurerm_kubernetes_cluster.aks", "network_profile", [["network_plugin": "kubenet", "pod_cidr": "10.60.8.0/24", "service_cidr": "10.0.0.0/16"]], in: &r)
        })
        #expect(pods.with(.overlappingAllocation).map(\.address) == ["10.60.8.0/24"])
        #expect(pods.findings.count == 1)
    }

    @Test("azurerm: an address space unknown until apply is not judged; a bad CIDR names its own path in the plan")
    func azureUnknownAndBad() throws {
        let unknown = try Self.edited("terraform-plan-azure.json") { r in
            Self.set("azurerm_virtual_network.hub", "address_space", NSNull(), in: &r)
            Self.set("azurerm_subnet.app", "address_prefixes", [NSNull()], in: &r)
        }
        #expect(unknown.records.allSatisfy { $0.labels["terraform_address"] != "azurerm_virtual_network.hub" })
        #expect(InventoryFixture.audit(unknown).findings.isEmpty)
        #expect {
            _ = try Self.edited("terraform-plan-azure.json") { r in Self.set("azurerm_subnet.app", "address_prefixes", ["10.60.1.0/33"], in: &r) }
        } throws: { error in
            "\(error)".contains("resources[3].values.address_prefixes[0]")
        }
    }

    @Test("azurerm: a subnet of a VNet outside the plan keeps the VNet's name as written, joins case-insensitively, and is not judged against a space it cannot see")
    func azureVNetOutsidePlan() throws {
        let inventory = try Self.edited("terraform-plan-azure.json") { r in
            var legacy = r.first { $0["address"] as? String == "azurerm_subnet.aks" }!
            legacy["address"] = "azurerm_subnet.legacy"
            legacy["name"] = "legacy"
            legacy["values"] = ["address_prefixes": ["172.16.5.0/24"], "name": "Batch", "resource_group_name": "Net-RG", "virtual_network_name": "Legacy-Net"]
            r.append(legacy)
        }
        let row = try #require(inventory.records.first { $0.labels["terraform_address"] == "azurerm_subnet.legacy" })
        #expect(inventory.records.count == 9)
        #expect(row.name == "subnet Legacy-Net/Batch" && row.labels[CloudLabels.subnet] == "net-rg/legacy-net/batch")
        #expect(row.network == "azure:net-rg/legacy-net" && row.region == nil)
        #expect(InventoryFixture.audit(inventory).findings.isEmpty)
    }

    @Test("azurerm state: a VNet's computed `subnet` list naming subnets that azurerm_subnet resources manage reads each subnet once")
    func azureStateSubnetsOnce() throws {
        let inventory = try Self.edited("terraform-plan-azure.json") { r in
            Self.set("azurerm_virtual_network.hub", "subnet", [["name": "app", "address_prefixes": ["10.60.1.0/24"]],
                                                              ["name": "aks", "address_prefixes": ["10.60.8.0/22"]],
                                                              ["name": "mgmt", "address_prefixes": ["10.60.200.0/24"]]], in: &r)
        }
        let subnets = inventory.records.filter { $0.labels[CloudLabels.isSubnet] != nil && $0.network == "azure:net-rg/hub" }
        #expect(subnets.map { "\($0.labels[CloudLabels.subnet]!) \($0.labels["terraform_address"]!)" }.sorted()
                == ["net-rg/hub/aks azurerm_subnet.aks", "net-rg/hub/app azurerm_subnet.app", "net-rg/hub/mgmt azurerm_virtual_network.hub"])
        #expect(InventoryFixture.audit(inventory).findings.isEmpty)
    }

    @Test("Azure REST API example files: the 200 body read as the plain answer, objects without type known by their id")
    func azureRESTExample() throws {
        let inventory = try InventoryFixture.load("azure-rest-example-list.json")
        let records = inventory.records
        #expect(records.map { $0.prefix?.description ?? $0.address!.description } == ["10.90.0.0/16", "10.90.1.0/24", "10.90.1.4"])
        #expect(records.first?.path == "$.responses.200.body.value[0].properties.addressSpace.addressPrefixes[0]")
        #expect(records.last?.path == "$.responses.200.body.value[1].ipConfigurations[0].privateIPAddress")
        #expect(records.last?.labels[CloudLabels.subnet] == "core-rg/core/front")
        // The body alone is the plain answer: the same rows.
        var t = try CloudReaderTests.tree("azure-rest-example-list.json")
        t = ((t["responses"] as! Tree)["200"] as! Tree)["body"] as! Tree
        #expect(try Self.load(t).records.map(Self.shape) == records.map(Self.shape))
        #expect(InventoryFixture.audit(inventory).findings.isEmpty)
        // .3 is one of the five Azure keeps: the file's shape is judged like the answer's.
        var reserved = try CloudReaderTests.tree("azure-rest-example-list.json")
        let text = String(decoding: try JSONSerialization.data(withJSONObject: reserved), as: UTF8.self).replacingOccurrences(of: "10.90.1.4", with: "10.90.1.3")
        reserved = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! Tree
        #expect(InventoryFixture.audit(try Self.load(reserved)).with(.reservedAddress).map(\.address) == ["10.90.1.3"])
    }

    // MARK: Google

    @Test("google: subnetworks (network by reference or bare name), secondary ranges, an instance and its alias range, a VPC-native GKE cluster, as the Google reader reads them")
    func googleRows() throws {
        let inventory = try InventoryFixture.load("terraform-plan-google.json")
        let records = inventory.records
        let byAddress = Dictionary(grouping: records) { $0.labels["terraform_address"] ?? "" }
        let nodes = try #require(byAddress["google_compute_subnetwork.nodes"])
        #expect(nodes.map { $0.prefix!.description } == ["10.164.0.0/20", "10.56.0.0/14", "10.60.0.0/20"])
        #expect(nodes.allSatisfy { $0.network == "gcp:p1/prod" && $0.region == "europe-west4" && $0.labels[CloudLabels.peers] == "p1/shared" })
        #expect(nodes[0].labels[CloudLabels.subnet] == "p1/europe-west4/nodes" && nodes[0].labels[CloudLabels.isSubnet] == "true")
        #expect(nodes[1].path == "$.planned_values.root_module.resources[2].values.secondary_ip_range[0].ip_cidr_range")
        let db = try #require(byAddress["google_compute_subnetwork.db"]?.first)
        #expect(db.network == "gcp:p1/shared" && db.labels[CloudLabels.peers] == "p1/prod")
        let web = try #require(byAddress["google_compute_instance.web"])
        #expect(web.map { "\($0.address?.description ?? $0.prefix!.description) \($0.zone!) \($0.labels[CloudLabels.subnet] ?? "-")" }
                == ["10.164.0.5 europe-west4-a p1/europe-west4/nodes", "10.56.4.0/24 europe-west4-a -"])
        #expect(web[1].path == "$.planned_values.root_module.resources[4].values.network_interface[0].alias_ip_range[0].ip_cidr_range")
        // batch-1's address and its `/24` alias range are chosen at apply: no rows.
        #expect(byAddress["google_compute_instance.batch"] == nil)
        let gke = try #require(byAddress["google_container_cluster.gke"])
        #expect(gke.map { "\($0.name) \($0.prefix!)" } == ["GKE gke-1 pods 10.56.0.0/14", "GKE gke-1 services 10.60.0.0/20"])
        #expect(records.count == 8)
        #expect(InventoryFixture.audit(inventory).findings.isEmpty)

        // The subnetwork and instance as the Compute API answers them: the same rows.
        let api: [Any] = [CloudAzureGCPTests.gcpSubnet("nodes", "10.164.0.0/20", region: "europe-west4",
                                                       secondary: [("pods", "10.56.0.0/14"), ("services", "10.60.0.0/20")])
                            .merging(["network": "https://www.googleapis.com/compute/v1/projects/p1/global/networks/prod"]) { $1 },
                          ["kind": "compute#instance", "name": "web-1", "zone": "projects/p1/zones/europe-west4-a",
                           "networkInterfaces": [["network": "projects/p1/global/networks/prod",
                                                  "subnetwork": "projects/p1/regions/europe-west4/subnetworks/nodes", "networkIP": "10.164.0.5",
                                                  "aliasIpRanges": [["ipCidrRange": "10.56.4.0/24"]]]]]]
        var loader = InventoryLoader(format: .auto)
        let fromAPI = try loader.load(bytes: [UInt8](try JSONSerialization.data(withJSONObject: api)), file: "gcp.json", source: "gcp.json")
        #expect(fromAPI.records.map(Self.shape) == (nodes + web).map(Self.shape))
    }

    @Test("google planted: an instance in a zone outside its subnetwork's region; GKE pods over a subnetwork; peered networks overlapping, not unpeered ones")
    func googlePlanted() throws {
        let zone = InventoryFixture.audit(try Self.edited("terraform-plan-google.json") { r in
            Self.set("google_compute_instance.web", "zone", "us-central1-a", in: &r)
        })
        #expect(zone.findings.map(\.rule) == [.outOfZone] && zone.findings.map(\.address) == ["10.164.0.5"])
        #expect(zone.findings.first?.message.contains("region europe-west4") == true)

        let pods = InventoryFixture.audit(try Self.edited("terraform-plan-google.json") { r in
            Self.set("google_container_cluster.gke", "ip_allocation_policy", [["cluster_ipv4_cidr_block": "10.164.8.0/21", "services_secondary_range_name": "services"]], in: &r)
        })
        #expect(pods.findings.map(\.rule) == [.overlappingAllocation] && pods.findings.map(\.address) == ["10.164.8.0/21"])

        func overlapping(peered: Bool) throws -> FindingsReport {
            InventoryFixture.audit(try Self.edited("terraform-plan-google.json") { r in
                Self.set("google_compute_subnetwork.db", "ip_cidr_range", "10.164.8.0/24", in: &r)
                if !peered { Self.remove("google_compute_network_peering.prod_shared", from: &r) }
            })
        }
        let peered = try overlapping(peered: true)
        #expect(peered.findings.map(\.address) == ["10.164.8.0/24"] && peered.findings.first?.message.contains("peered") == true)
        #expect(try overlapping(peered: false).findings.isEmpty)

        // A zonal cluster (its location a zone) serves its region: its ranges are the subnetwork's
        // secondary ranges as a regional one's are, alias ranges of nodes in any zone inside them.
        let zonal = InventoryFixture.audit(try Self.edited("terraform-plan-google.json") { r in
            Self.set("google_container_cluster.gke", "location", "europe-west4-b", in: &r)
        })
        #expect(zonal.findings.isEmpty)

        // A subnetwork whose network is not known (a data source) is still read, in a network of its own.
        let unknownNetwork = try Self.edited("terraform-plan-google.json") { r in
            Self.set("google_compute_subnetwork.db", "network", NSNull(), in: &r)
            Self.set("google_compute_subnetwork.db", "ip_cidr_range", "10.164.0.0/24", in: &r)
        }
        let db = try #require(unknownNetwork.records.first { $0.labels["terraform_address"] == "google_compute_subnetwork.db" })
        #expect(db.network == "gcp:?/google_compute_subnetwork.db")
        #expect(InventoryFixture.audit(unknownNetwork).findings.isEmpty)

        // Two subnetworks of one network given one range: GCP refuses the second.
        let twice = InventoryFixture.audit(try Self.edited("terraform-plan-google.json") { r in
            Self.set("google_compute_subnetwork.db", "network", "prod", in: &r)
            Self.set("google_compute_subnetwork.db", "ip_cidr_range", "10.164.0.0/24", in: &r)
        })
        #expect(twice.findings.map(\.rule) == [.overlappingAllocation] && twice.findings.map(\.address) == ["10.164.0.0/24"])
    }

    @Test("google plan gate: a regional subnetwork whose range the plan gives a zone of another region fails before apply; in its own region's zone it passes")
    func googlePlanGate() throws {
        var topology = AuditTopology()
        topology.add(plan: try Plan.load(path: Repository.root.appendingPathComponent("fixtures/plans/gcp-europe-west4.yaml").path))
        // db (europe-west4) sits in 10.10.0.0/24, which the plan gives us-central1-a.
        let report = InventoryFixture.audit(try InventoryFixture.load("terraform-plan-google.json"), topology: topology)
        #expect(report.findings.map(\.rule) == [.outOfZone] && report.findings.map(\.address) == ["10.10.0.0/24"])
        #expect(report.findings.first?.message.contains("is in region europe-west4, but the plan gives 10.10.0.0/16 to zone us-central1-a of region us-central1") == true)
        let moved = try Self.edited("terraform-plan-google.json") { r in Self.set("google_compute_subnetwork.db", "region", "us-central1", in: &r) }
        #expect(InventoryFixture.audit(moved, topology: topology).findings.isEmpty)
    }

    // MARK: AWS peering and transit

    @Test("aws: VPCs on one transit gateway and a peered pair are joined; an overlap across them is an error, between unjoined VPCs it is not; EKS's service range in its VPC")
    func awsTransit() throws {
        let inventory = try InventoryFixture.load("terraform-state-aws-transit.json")
        let vpcs = inventory.records.filter { $0.labels[CloudLabels.isVPC] != nil }
        // a and b share a transit gateway (a hub: every VPC on it routes to every other); b and
        // c are joined by a peering, named after it.
        #expect(vpcs.map { "\($0.labels[CloudLabels.vpc]!): \($0.labels[CloudLabels.peers] ?? "") | \($0.labels[CloudLabels.hubs] ?? "")" }
                == ["vpc-0a:  | tgw-0core", "vpc-0b: vpc-0c@pcx-0bc | tgw-0core", "vpc-0c: vpc-0b@pcx-0bc | "])
        let eks = try #require(inventory.records.first { $0.labels["eks_cluster"] == "k" })
        #expect(eks.prefix?.description == "172.20.0.0/16" && eks.network == "aws:vpc-0a")
        #expect(inventory.records.count == 8)
        #expect(InventoryFixture.audit(inventory).findings.isEmpty)
        // EKS's service range over a subnet of its VPC: the subnet's traffic would go to services.
        let services = InventoryFixture.audit(try Self.edited("terraform-state-aws-transit.json") { r in
            Self.set("aws_eks_cluster.k", "kubernetes_network_config", [["service_ipv4_cidr": "10.1.0.0/20"]], in: &r)
        })
        #expect(services.findings.map(\.rule) == [.overlappingAllocation] && services.findings.map(\.address) == ["10.1.1.0/24"])

        let acrossGateway = InventoryFixture.audit(try Self.edited("terraform-state-aws-transit.json") { r in
            Self.set("aws_vpc.b", "cidr_block", "10.1.128.0/17", in: &r)
            Self.set("aws_subnet.b1", "cidr_block", "10.1.129.0/24", in: &r)
        })
        #expect(acrossGateway.findings.map(\.rule) == [.overlappingAllocation] && acrossGateway.findings.map(\.address) == ["10.1.128.0/17"])
        // c is peered with b only (peering is not transitive): c reusing a's range is allowed.
        let unjoined = InventoryFixture.audit(try Self.edited("terraform-state-aws-transit.json") { r in
            Self.set("aws_vpc.c", "cidr_block", "10.1.0.0/16", in: &r)
            Self.set("aws_subnet.c1", "cidr_block", "10.1.1.0/24", in: &r)
        })
        #expect(unjoined.findings.isEmpty)
    }

    @Test("aws plan: attachments and peerings whose ids are unknown until apply join through configuration references")
    func awsTransitPlan() throws {
        func resource(_ address: String, _ values: Tree) -> Tree {
            let parts = address.split(separator: ".")
            return ["address": address, "mode": "managed", "type": String(parts[0]), "name": String(parts[1]), "values": values]
        }
        func config(_ address: String, _ refs: [String: String]) -> Tree {
            ["address": address, "expressions": refs.mapValues { ["references": ["\($0).id", $0]] }]
        }
        let plan: Tree = [
            "format_version": "1.2",
            "planned_values": ["root_module": ["resources": [
                resource("aws_vpc.a", ["cidr_block": "10.1.0.0/16"]), resource("aws_vpc.b", ["cidr_block": "10.1.128.0/17"]),
                resource("aws_ec2_transit_gateway.t", [:]),
                resource("aws_ec2_transit_gateway_vpc_attachment.a", ["vpc_id": NSNull(), "transit_gateway_id": NSNull()]),
                resource("aws_ec2_transit_gateway_vpc_attachment.b", ["vpc_id": NSNull(), "transit_gateway_id": NSNull()])]]],
            "configuration": ["root_module": ["resources": [
                config("aws_ec2_transit_gateway_vpc_attachment.a", ["vpc_id": "aws_vpc.a", "transit_gateway_id": "aws_ec2_transit_gateway.t"]),
                config("aws_ec2_transit_gateway_vpc_attachment.b", ["vpc_id": "aws_vpc.b", "transit_gateway_id": "aws_ec2_transit_gateway.t"])]]]]
        let report = InventoryFixture.audit(try Self.load(plan))
        #expect(report.findings.map(\.address) == ["10.1.128.0/17"]
                && report.findings.first?.message.contains("both attached to transit gateway aws_ec2_transit_gateway.t") == true)
        // Two gateways: two spaces.
        var apart = plan
        var configuration = (apart["configuration"] as! Tree)["root_module"] as! Tree
        configuration["resources"] = [config("aws_ec2_transit_gateway_vpc_attachment.a", ["vpc_id": "aws_vpc.a", "transit_gateway_id": "aws_ec2_transit_gateway.t"]),
                                      config("aws_ec2_transit_gateway_vpc_attachment.b", ["vpc_id": "aws_vpc.b", "transit_gateway_id": "aws_ec2_transit_gateway.u"])]
        apart["configuration"] = ["root_module": configuration]
        #expect(InventoryFixture.audit(try Self.load(apart)).findings.isEmpty)
    }

    @Test("Module outputs: `module.vpc.vpc_id` at the root and passed into another module joins to the VPC inside the first")
    func moduleOutputs() throws {
        func resource(_ address: String, _ values: Tree) -> Tree {
            let parts = address.split(separator: ".").suffix(2)
            return ["address": address, "mode": "managed", "type": String(parts.first!), "name": String(parts.last!), "values": values]
        }
        let plan: Tree = [
            "format_version": "1.2",
            "planned_values": ["root_module": [
                "resources": [resource("aws_subnet.extra", ["cidr_block": "10.9.0.0/24", "vpc_id": NSNull()])],
                "child_modules": [["address": "module.vpc", "resources": [resource("module.vpc.aws_vpc.this", ["cidr_block": "10.8.0.0/16"])]],
                                  ["address": "module.app", "resources": [resource("module.app.aws_subnet.inner", ["cidr_block": "10.8.1.0/24", "vpc_id": NSNull()])]]]]],
            "configuration": ["root_module": [
                "resources": [["address": "aws_subnet.extra", "expressions": ["vpc_id": ["references": ["module.vpc.vpc_id", "module.vpc"]]]]],
                "module_calls": [
                    // `app` sorts before `vpc`: its input is resolved in the second round.
                    "app": ["expressions": ["vpc_id": ["references": ["module.vpc.vpc_id", "module.vpc"]]],
                            "module": ["resources": [["address": "aws_subnet.inner", "expressions": ["vpc_id": ["references": ["var.vpc_id"]]]]]]],
                    "vpc": ["module": ["resources": [["address": "aws_vpc.this", "expressions": ["cidr_block": ["constant_value": "10.8.0.0/16"]]]],
                                       "outputs": ["vpc_id": ["expression": ["references": ["aws_vpc.this[0].id", "aws_vpc.this[0]", "aws_vpc.this"]]]]]]]]]]
        let inventory = try Self.load(plan)
        let subnets = inventory.records.filter { $0.labels[CloudLabels.isSubnet] != nil }
        #expect(subnets.map { "\($0.labels["terraform_address"]!) \($0.network ?? "-")" }
                == ["aws_subnet.extra aws:module.vpc.aws_vpc.this", "module.app.aws_subnet.inner aws:module.vpc.aws_vpc.this"])
        let report = InventoryFixture.audit(inventory)
        #expect(report.findings.map(\.address) == ["10.9.0.0/24"] && report.findings.first?.message.contains("outside its VPC module.vpc.aws_vpc.this") == true)
    }
}
