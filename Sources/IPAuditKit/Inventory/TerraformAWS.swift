import IPCore

/// Terraform's AWS network resources as the AWS reader maps the same objects: `aws_vpc` and
/// `aws_vpc_ipv4_cidr_block_association` (VPC rows), `aws_subnet`, `aws_network_interface` and
/// `aws_instance`. `aws_vpc_peering_connection` joins its two VPCs; the VPCs attached to one
/// transit gateway (`aws_ec2_transit_gateway_vpc_attachment`) route to each other: one space.
/// An EKS cluster's service range (`kubernetes_network_config`) is a row in its subnets' VPC:
/// EKS wants it clear of the VPC's ranges (its pods take VPC addresses: no pod range).
enum TerraformAWS {
    static let addressed = ["aws_vpc", "aws_vpc_ipv4_cidr_block_association", "aws_subnet", "aws_network_interface", "aws_instance"]

    static func map(_ plan: TerraformPlan, into mapped: inout TerraformReader.Mapped, tally: inout ReadTally) throws {
        let file = plan.file, source = plan.source
        let network = plan.resources.filter { addressed.contains($0.type) }
        if !network.isEmpty { tally.count("AWS network resources", network.count) }
        // A resource's id, or its address while the id is unknown (before apply).
        var idOf: [String: String] = [:]
        for r in plan.resources where r.type.hasPrefix("aws_") {
            idOf[r.base] = idOf[r.base] ?? (DocumentValue.text(r.values["id"]) ?? r.base); idOf[r.address] = DocumentValue.text(r.values["id"]) ?? r.address
        }
        func join(_ r: TerraformReader.Resource, _ attribute: String) -> String? {
            if let known = plan.known(r, attribute) { return known }
            guard let target = plan.references[r.base]?[attribute] else { return nil }
            return idOf[target] ?? target
        }
        for r in plan.of("aws_vpc_peering_connection") {
            tally.count("VPC peerings")
            if let a = join(r, "vpc_id"), let b = join(r, "peer_vpc_id") { mapped.peer(cloud: "aws", a, b, via: idOf[r.address] ?? r.address) }
        }
        for r in plan.of("aws_ec2_transit_gateway_vpc_attachment") {
            tally.count("transit gateway attachments")
            if let gateway = join(r, "transit_gateway_id"), let vpc = join(r, "vpc_id") { mapped.attach(cloud: "aws", vpc, hub: gateway) }
        }
        for r in plan.of("aws_eks_cluster") {
            tally.count("EKS clusters")
            mapped.records += try eks(r, plan, vpcOfSubnet: { subnet in
                network.first { $0.type == "aws_subnet" && (idOf[$0.address] == subnet || $0.base == subnet) }.flatMap { join($0, "vpc_id") }
            }, join: join)
        }
        for r in network {
            let id = idOf[r.address] ?? r.address
            switch r.type {
            case "aws_vpc", "aws_vpc_ipv4_cidr_block_association":
                let vpc = r.type == "aws_vpc" ? id : (join(r, "vpc_id") ?? id)
                for key in ["cidr_block", "ipv6_cidr_block"] {
                    guard let text = plan.known(r, key) else { continue }
                    let prefix = try AddressField.prefix(text, file: file, path: "\(r.path).values.\(key)", field: key)
                    mapped.records.append(InventoryRecord(prefix: prefix, name: "VPC \(r.address)", role: .other,
                                                          network: CloudLabels.domain(cloud: "aws", vpc: vpc), live: true,
                                                          labels: [CloudLabels.cloud: "aws", CloudLabels.vpc: vpc, CloudLabels.isVPC: "true",
                                                                   InventoryLabel.vrf: vpc, "terraform_address": r.address],
                                                          source: source, file: file, path: "\(r.path).values.\(key)"))
                }
            case "aws_subnet":
                let vpc = join(r, "vpc_id")
                let zone = plan.known(r, "availability_zone")
                var labels = [CloudLabels.cloud: "aws", CloudLabels.subnet: id, CloudLabels.isSubnet: "true", "terraform_address": r.address]
                if let vpc { labels[CloudLabels.vpc] = vpc; labels[InventoryLabel.vrf] = vpc }
                for key in ["cidr_block", "ipv6_cidr_block"] {
                    guard let text = plan.known(r, key) else { continue }
                    let prefix = try AddressField.prefix(text, file: file, path: "\(r.path).values.\(key)", field: key)
                    mapped.records.append(InventoryRecord(prefix: prefix, name: "subnet \(r.address)", role: .other,
                                                          region: zone.flatMap(CloudLabels.awsRegion(ofZone:)), zone: zone,
                                                          network: vpc.map { CloudLabels.domain(cloud: "aws", vpc: $0) }, live: true,
                                                          labels: labels, source: source, file: file, path: "\(r.path).values.\(key)"))
                }
            default:  // aws_network_interface, aws_instance
                let subnet = join(r, "subnet_id")
                // The VPC is the subnet's: found through the subnet's own row.
                let subnetResource = network.first { $0.type == "aws_subnet" && (idOf[$0.address] == subnet || $0.base == subnet) }
                let vpc = subnetResource.flatMap { join($0, "vpc_id") }
                let zone = plan.known(r, "availability_zone")
                var labels = [CloudLabels.cloud: "aws", "terraform_address": r.address]
                if let subnet { labels[CloudLabels.subnet] = subnet }
                if let vpc { labels[CloudLabels.vpc] = vpc; labels[InventoryLabel.vrf] = vpc }
                var texts: [(String, String)] = []
                for (k, ip) in (DocumentValue.array(r.values["private_ips"]) ?? []).enumerated() {
                    if let t = DocumentValue.text(ip) { texts.append((t, "\(r.path).values.private_ips[\(k)]")) }
                }
                if let t = DocumentValue.text(r.values["private_ip"]), !texts.contains(where: { $0.0 == t }) {
                    texts.append((t, "\(r.path).values.private_ip"))
                }
                for (text, p) in texts {
                    let value = try AddressField.parse(text, file: file, path: p, field: "private_ip")
                    mapped.records.append(InventoryRecord(address: value.address, mappedIPv4: value.mappedIPv4, name: r.address, role: .other,
                                                          region: zone.flatMap(CloudLabels.awsRegion(ofZone:)), zone: zone,
                                                          network: vpc.map { CloudLabels.domain(cloud: "aws", vpc: $0) }, live: true,
                                                          labels: labels, source: source, file: file, path: p))
                }
            }
        }
    }

    static func eks(_ r: TerraformReader.Resource, _ plan: TerraformPlan, vpcOfSubnet: (String) -> String?,
                    join: (TerraformReader.Resource, String) -> String?) throws -> [InventoryRecord] {
        let name = plan.known(r, "name") ?? r.address
        let subnet = plan.known(r, "vpc_config[0].subnet_ids[0]") ?? join(r, "vpc_config[0].subnet_ids")
        let vpc = plan.known(r, "vpc_config[0].vpc_id") ?? subnet.flatMap(vpcOfSubnet)
        var out: [InventoryRecord] = []
        for key in ["service_ipv4_cidr", "service_ipv6_cidr"] {
            guard let text = plan.known(r, "kubernetes_network_config[0].\(key)") else { continue }
            let path = "\(r.path).values.kubernetes_network_config[0].\(key)"
            var labels = [CloudLabels.cloud: "aws", "eks_cluster": name, "terraform_address": r.address]
            if let vpc { labels[CloudLabels.vpc] = vpc; labels[InventoryLabel.vrf] = vpc }
            out.append(InventoryRecord(prefix: try AddressField.prefix(text, file: plan.file, path: path, field: key),
                                       name: "EKS \(name) services", role: .other,
                                       network: vpc.map { CloudLabels.domain(cloud: "aws", vpc: $0) }, live: true, labels: labels,
                                       source: plan.source, file: plan.file, path: path))
        }
        return out
    }
}
