import IPCore

/// Reads the EC2 API's answers as `aws ec2 ... --output json` prints them: `describe-vpcs`
/// (`Vpcs`), `describe-subnets` (`Subnets`), `describe-network-interfaces`
/// (`NetworkInterfaces`) and `describe-instances` (`Reservations[].Instances`), alone or several
/// in one object (pages concatenated by the CLI; a `NextToken` left means a page is missing).
///
/// Each VPC is its own routing domain (`aws:<vpc-id>`), its CIDR blocks prefix rows; two VPCs may
/// reuse one range (they are told apart as two NetBox VRFs are). Subnets are prefix rows in their
/// VPC with their Availability Zone as zone and its region; each private address of an
/// interface or instance is a record named after the instance it is attached to (else the
/// interface), in the interface's subnet, zone and VPC, with its MAC. Public addresses are the
/// cloud's 1:1 NAT and are not read. A terminated instance's addresses are history; a stopped
/// one keeps its address.
enum AWSReader {
    static let topKeys = ["Vpcs", "Subnets", "NetworkInterfaces", "Reservations", "IpamPoolAllocations", "IpamResourceCidrs"] + joinKeys

    static func matches(_ o: [String: Any]) -> Bool {
        topKeys.contains { DocumentValue.array(o[$0]) != nil }
    }

    static func read(_ root: Any, file: String, source: String, tally: inout ReadTally) throws -> [InventoryRecord] {
        guard let o = DocumentValue.object(root), matches(o) else {
            throw InputError(file: file, path: "$", "expected an EC2 answer: \(topKeys.joined(separator: ", "))")
        }
        if let token = DocumentValue.text(o["NextToken"]), !token.isEmpty {
            tally.notes.append("one page: NextToken is set, the next page is not in this file")
        }
        var out: [InventoryRecord] = []
        for (v, item) in (DocumentValue.array(o["Vpcs"]) ?? []).enumerated() {
            tally.count("VPCs")
            out += try vpc(DocumentValue.object(item) ?? [:], path: "$.Vpcs[\(v)]", file: file, source: source)
        }
        for (s, item) in (DocumentValue.array(o["Subnets"]) ?? []).enumerated() {
            tally.count("subnets")
            out += try subnet(DocumentValue.object(item) ?? [:], path: "$.Subnets[\(s)]", file: file, source: source)
        }
        for (n, item) in (DocumentValue.array(o["NetworkInterfaces"]) ?? []).enumerated() {
            tally.count("network interfaces")
            out += try interface(DocumentValue.object(item) ?? [:], instance: nil, path: "$.NetworkInterfaces[\(n)]",
                                 file: file, source: source)
        }
        for (r, reservation) in (DocumentValue.array(o["Reservations"]) ?? []).enumerated() {
            for (i, item) in (DocumentValue.array(DocumentValue.object(reservation)?["Instances"]) ?? []).enumerated() {
                tally.count("instances")
                out += try instance(DocumentValue.object(item) ?? [:], path: "$.Reservations[\(r)].Instances[\(i)]",
                                    file: file, source: source)
            }
        }
        for (k, item) in (DocumentValue.array(o["IpamPoolAllocations"]) ?? []).enumerated() {
            tally.count("IPAM pool allocations")
            out += try ipamAllocation(DocumentValue.object(item) ?? [:], path: "$.IpamPoolAllocations[\(k)]", file: file, source: source)
        }
        for (k, item) in (DocumentValue.array(o["IpamResourceCidrs"]) ?? []).enumerated() {
            tally.count("IPAM resource CIDRs")
            out += try ipamResource(DocumentValue.object(item) ?? [:], path: "$.IpamResourceCidrs[\(k)]", file: file, source: source)
        }
        for (k, item) in (DocumentValue.array(o["VpcPeeringConnections"]) ?? []).enumerated() {
            out += try peeringRows(DocumentValue.object(item) ?? [:], path: "$.VpcPeeringConnections[\(k)]", file: file, source: source, tally: &tally)
        }
        try countAttachments(o, file: file, tally: &tally)
        return out
    }

    /// One allocation of an IPAM pool (`get-ipam-pool-allocations`): the pool hands each CIDR to
    /// one resource, so two of them overlapping is the pool handing out space twice.
    static func ipamAllocation(_ o: [String: Any], path: String, file: String, source: String) throws -> [InventoryRecord] {
        guard let cidr = DocumentValue.text(o["Cidr"]) else { return [] }
        let prefix = try AddressField.prefix(cidr, file: file, path: "\(path).Cidr", field: "Cidr")
        let resource = DocumentValue.text(o["ResourceId"]) ?? DocumentValue.text(o["IpamPoolAllocationId"]) ?? path
        var labels = [CloudLabels.cloud: "aws", InventoryLabel.ipamPool: "true"]
        if let type = DocumentValue.text(o["ResourceType"]) { labels["resource_type"] = type }
        return [InventoryRecord(prefix: prefix, name: "IPAM allocation \(resource)", role: .other,
                                region: DocumentValue.text(o["ResourceRegion"]), live: true, labels: labels,
                                source: source, file: file, path: "\(path).Cidr")]
    }

    /// A resource CIDR IPAM monitors (`get-ipam-resource-cidrs`): a VPC's or a subnet's block.
    static func ipamResource(_ o: [String: Any], path: String, file: String, source: String) throws -> [InventoryRecord] {
        guard let cidr = DocumentValue.text(o["ResourceCidr"]), let id = DocumentValue.text(o["ResourceId"]) else { return [] }
        switch DocumentValue.text(o["ResourceType"]) {
        case "vpc":
            return try vpc(["VpcId": id, "CidrBlock": cidr], path: path, file: file, source: source)
        case "subnet":
            var subnet: [String: Any] = ["SubnetId": id, "CidrBlock": cidr]
            if let vpc = DocumentValue.text(o["VpcId"]) { subnet["VpcId"] = vpc }
            return try self.subnet(subnet, path: path, file: file, source: source)
        default:
            return []
        }
    }

    /// The `Name` tag, if any.
    static func nameTag(_ o: [String: Any]) -> String? {
        for tag in DocumentValue.array(o["Tags"]) ?? DocumentValue.array(o["TagSet"]) ?? [] {
            let t = DocumentValue.object(tag) ?? [:]
            if DocumentValue.text(t["Key"]) == "Name", let value = DocumentValue.text(t["Value"]), !value.isEmpty { return value }
        }
        return nil
    }


    static func vpc(_ o: [String: Any], path: String, file: String, source: String) throws -> [InventoryRecord] {
        guard let id = DocumentValue.text(o["VpcId"]) else {
            throw InputError(file: file, path: path, field: "VpcId", "missing: a VPC has a VpcId")
        }
        var cidrs: [(String, String)] = []
        for (k, a) in (DocumentValue.array(o["CidrBlockAssociationSet"]) ?? []).enumerated() {
            let assoc = DocumentValue.object(a) ?? [:]
            let state = DocumentValue.text(DocumentValue.lookup(assoc, "CidrBlockState.State")) ?? "associated"
            guard ["associated", "associating"].contains(state), let cidr = DocumentValue.text(assoc["CidrBlock"]) else { continue }
            cidrs.append((cidr, "\(path).CidrBlockAssociationSet[\(k)].CidrBlock"))
        }
        for (k, a) in (DocumentValue.array(o["Ipv6CidrBlockAssociationSet"]) ?? []).enumerated() {
            let assoc = DocumentValue.object(a) ?? [:]
            let state = DocumentValue.text(DocumentValue.lookup(assoc, "Ipv6CidrBlockState.State")) ?? "associated"
            guard ["associated", "associating"].contains(state), let cidr = DocumentValue.text(assoc["Ipv6CidrBlock"]) else { continue }
            cidrs.append((cidr, "\(path).Ipv6CidrBlockAssociationSet[\(k)].Ipv6CidrBlock"))
        }
        if cidrs.isEmpty, let cidr = DocumentValue.text(o["CidrBlock"]) { cidrs.append((cidr, "\(path).CidrBlock")) }
        return try cidrs.map { text, p in
            InventoryRecord(prefix: try AddressField.prefix(text, file: file, path: p, field: "CidrBlock"),
                            name: "VPC \(nameTag(o).map { "\($0) (\(id))" } ?? id)", role: .other,
                            network: CloudLabels.domain(cloud: "aws", vpc: id), live: true,
                            labels: [CloudLabels.cloud: "aws", CloudLabels.vpc: id, CloudLabels.isVPC: "true", InventoryLabel.vrf: id],
                            source: source, file: file, path: p)
        }
    }

    static func subnet(_ o: [String: Any], path: String, file: String, source: String) throws -> [InventoryRecord] {
        guard let id = DocumentValue.text(o["SubnetId"]) else {
            throw InputError(file: file, path: path, field: "SubnetId", "missing: a subnet has a SubnetId")
        }
        let vpc = DocumentValue.text(o["VpcId"])
        let zone = DocumentValue.text(o["AvailabilityZone"])
        var cidrs: [(String, String)] = []
        if let cidr = DocumentValue.text(o["CidrBlock"]) { cidrs.append((cidr, "\(path).CidrBlock")) }
        for (k, a) in (DocumentValue.array(o["Ipv6CidrBlockAssociationSet"]) ?? []).enumerated() {
            if let cidr = DocumentValue.text(DocumentValue.object(a)?["Ipv6CidrBlock"]) {
                cidrs.append((cidr, "\(path).Ipv6CidrBlockAssociationSet[\(k)].Ipv6CidrBlock"))
            }
        }
        var labels = [CloudLabels.cloud: "aws", CloudLabels.subnet: id, CloudLabels.isSubnet: "true"]
        if let vpc { labels[CloudLabels.vpc] = vpc; labels[InventoryLabel.vrf] = vpc }
        return try cidrs.map { text, p in
            InventoryRecord(prefix: try AddressField.prefix(text, file: file, path: p, field: "CidrBlock"),
                            name: "subnet \(nameTag(o).map { "\($0) (\(id))" } ?? id)", role: .other,
                            region: zone.flatMap(CloudLabels.awsRegion(ofZone:)), zone: zone,
                            network: vpc.map { CloudLabels.domain(cloud: "aws", vpc: $0) }, live: true, labels: labels,
                            source: source, file: file, path: p)
        }
    }

    /// An interface's private addresses (IPv4 and IPv6), attached to `instance` when read from one.
    static func interface(_ o: [String: Any], instance: (id: String, zone: String?, live: Bool)?, path: String,
                          file: String, source: String) throws -> [InventoryRecord] {
        let eni = DocumentValue.text(o["NetworkInterfaceId"]) ?? path
        let owner = instance?.id ?? DocumentValue.text(DocumentValue.lookup(o, "Attachment.InstanceId")) ?? eni
        let zone = DocumentValue.text(o["AvailabilityZone"]) ?? instance?.zone
        let vpc = DocumentValue.text(o["VpcId"])
        var labels = [CloudLabels.cloud: "aws", "eni": eni]
        if let subnet = DocumentValue.text(o["SubnetId"]) { labels[CloudLabels.subnet] = subnet }
        if let vpc { labels[CloudLabels.vpc] = vpc; labels[InventoryLabel.vrf] = vpc }
        if let type = DocumentValue.text(o["InterfaceType"]) { labels["interface_type"] = type }
        var texts: [(String, String)] = []
        for (k, a) in (DocumentValue.array(o["PrivateIpAddresses"]) ?? []).enumerated() {
            if let ip = DocumentValue.text(DocumentValue.object(a)?["PrivateIpAddress"]) { texts.append((ip, "\(path).PrivateIpAddresses[\(k)].PrivateIpAddress")) }
        }
        if texts.isEmpty, let ip = DocumentValue.text(o["PrivateIpAddress"]) { texts.append((ip, "\(path).PrivateIpAddress")) }
        for (k, a) in (DocumentValue.array(o["Ipv6Addresses"]) ?? []).enumerated() {
            if let ip = DocumentValue.text(DocumentValue.object(a)?["Ipv6Address"]) { texts.append((ip, "\(path).Ipv6Addresses[\(k)].Ipv6Address")) }
        }
        var out: [InventoryRecord] = []
        var seen = Set<IPAddress>()
        for (text, p) in texts {
            let value = try AddressField.parse(text, file: file, path: p, field: "PrivateIpAddress")
            guard seen.insert(value.address).inserted else { continue }
            out.append(InventoryRecord(address: value.address, mappedIPv4: value.mappedIPv4, name: owner, role: .other,
                                       region: zone.flatMap(CloudLabels.awsRegion(ofZone:)), zone: zone,
                                       mac: DocumentValue.text(o["MacAddress"]),
                                       network: vpc.map { CloudLabels.domain(cloud: "aws", vpc: $0) },
                                       live: instance?.live ?? true, labels: labels, source: source, file: file, path: p))
        }
        return out
    }

    static func instance(_ o: [String: Any], path: String, file: String, source: String) throws -> [InventoryRecord] {
        let id = DocumentValue.text(o["InstanceId"]) ?? path
        let state = DocumentValue.text(DocumentValue.lookup(o, "State.Name")) ?? "running"
        // Stopped instances keep their private addresses; terminated ones have let them go.
        let live = !["terminated", "shutting-down"].contains(state)
        let zone = DocumentValue.text(DocumentValue.lookup(o, "Placement.AvailabilityZone"))
        let interfaces = DocumentValue.array(o["NetworkInterfaces"]) ?? []
        if interfaces.isEmpty {
            // An instance answer without its interfaces: its primary address in its subnet.
            var single = o
            single["NetworkInterfaceId"] = id
            return try interface(single, instance: (id, zone, live), path: path, file: file, source: source)
        }
        var out: [InventoryRecord] = []
        for (n, item) in interfaces.enumerated() {
            out += try interface(DocumentValue.object(item) ?? [:], instance: (id, zone, live),
                                 path: "\(path).NetworkInterfaces[\(n)]", file: file, source: source)
        }
        return out
    }
}
