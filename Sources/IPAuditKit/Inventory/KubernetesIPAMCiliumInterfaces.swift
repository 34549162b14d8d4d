import IPCore

/// The cloud interfaces a CiliumNode's operator attached in ENI mode (`status.eni.enis`: ENI id →
/// {ip, addresses[], mac, subnet {id, cidr}, vpc {id}, availability-zone}) and in Azure mode
/// (`status.azure.interfaces[]`: {id, mac, cidr, addresses[] {ip, subnet, state}}).
///
/// Their addresses are the VPC's (VNet's), not the overlay's: each is a record owned by the
/// node (its name, host), in the interface's VPC domain (`aws:<vpc>`, `azure:<rg>/<vnet>`),
/// subnet and zone, with the interface's MAC, so the cloud rules judge it as they judge
/// `describe-network-interfaces` (an address outside its subnet, in a reserved slot, or in
/// another zone) and two nodes holding one address are a duplicate. The interface's subnet
/// CIDR is a subnet row. ENI prefix delegation (`prefixes`) is not read.
extension KubernetesReader {
    static func ciliumInterfaces(_ item: Item, node: String, _ c: Context) throws -> [InventoryRecord] {
        let o = item.object
        var out: [InventoryRecord] = []
        if let enis = DocumentValue.object(DocumentValue.lookup(o, "status.eni.enis")) {
            let spec = DocumentValue.object(DocumentValue.lookup(o, "spec.eni")) ?? [:]
            for id in enis.keys.sorted() {
                out += try ciliumENI(DocumentValue.object(enis[id]) ?? [:], id: id, spec: spec, node: node,
                                     path: "\(item.path).status.eni.enis[\"\(id)\"]", c)
            }
        }
        for (k, value) in (DocumentValue.array(DocumentValue.lookup(o, "status.azure.interfaces")) ?? []).enumerated() {
            out += try ciliumAzureInterface(DocumentValue.object(value) ?? [:], node: node,
                                            path: "\(item.path).status.azure.interfaces[\(k)]", c)
        }
        return out
    }

    static func ciliumENI(_ eni: [String: Any], id: String, spec: [String: Any], node: String, path: String,
                          _ c: Context) throws -> [InventoryRecord] {
        let zone = DocumentValue.text(eni["availability-zone"]) ?? DocumentValue.text(spec["availability-zone"])
        let region = zone.flatMap(CloudLabels.awsRegion(ofZone:))
        let vpc = DocumentValue.text(DocumentValue.lookup(eni, "vpc.id")) ?? DocumentValue.text(spec["vpc-id"])
        let subnet = DocumentValue.text(DocumentValue.lookup(eni, "subnet.id"))
        let network = vpc.map { CloudLabels.domain(cloud: "aws", vpc: $0) }
        var labels = c.labels(kind: "CiliumNode")
        labels[InventoryLabel.ipamProject] = IPAMProject.cilium.rawValue
        labels[CloudLabels.cloud] = "aws"
        if let vpc { labels[CloudLabels.vpc] = vpc; labels[InventoryLabel.vrf] = vpc }
        if let subnet { labels[CloudLabels.subnet] = subnet }
        var out: [InventoryRecord] = []
        if let cidr = DocumentValue.text(DocumentValue.lookup(eni, "subnet.cidr")) {
            var subnetLabels = labels
            subnetLabels[CloudLabels.isSubnet] = "true"
            subnetLabels[CloudLabels.subnet] = subnet ?? "\(node)/\(id)"
            out.append(InventoryRecord(prefix: try prefix(cidr, path: "\(path).subnet.cidr", field: "cidr", c),
                                       name: "subnet \(subnet ?? cidr) of ENI \(id)", role: .other, region: region, zone: zone,
                                       network: network, live: true, labels: subnetLabels, source: c.source, file: c.file,
                                       path: "\(path).subnet.cidr"))
            // Without a subnet id the ENI's own subnet row still holds its addresses.
            if subnet == nil { labels[CloudLabels.subnet] = subnetLabels[CloudLabels.subnet] }
        }
        labels["eni"] = id
        var texts: [(String, String)] = []
        if let ip = DocumentValue.text(eni["ip"]) { texts.append((ip, "\(path).ip")) }
        for (k, value) in (DocumentValue.array(eni["addresses"]) ?? []).enumerated() {
            if let ip = DocumentValue.text(value) { texts.append((ip, "\(path).addresses[\(k)]")) }
        }
        out += try interfaceAddresses(texts, node: node, mac: DocumentValue.text(eni["mac"]), region: region, zone: zone,
                                      network: network, labels: labels, c)
        return out
    }

    static func ciliumAzureInterface(_ nic: [String: Any], node: String, path: String, _ c: Context) throws -> [InventoryRecord] {
        let id = DocumentValue.text(nic["id"]) ?? DocumentValue.text(nic["name"]) ?? path
        var base = c.labels(kind: "CiliumNode")
        base[InventoryLabel.ipamProject] = IPAMProject.cilium.rawValue
        base[CloudLabels.cloud] = "azure"
        base["nic"] = id.split(separator: "/").last.map(String.init) ?? id
        var out: [InventoryRecord] = []
        var subnets = Set<String>()
        let addresses = (DocumentValue.array(nic["addresses"]) ?? []).map { DocumentValue.object($0) ?? [:] }
        for (k, a) in addresses.enumerated() {
            guard let ip = DocumentValue.text(a["ip"]) else {
                throw InputError(file: c.file, path: "\(path).addresses[\(k)]", field: "ip", "missing: an interface address has an ip")
            }
            var labels = base
            var network: String?
            if let key = DocumentValue.text(a["subnet"]).flatMap(AzureReader.vnetKey) {
                labels[CloudLabels.vpc] = key.vnet
                labels[InventoryLabel.vrf] = key.vnet
                network = CloudLabels.domain(cloud: "azure", vpc: key.vnet)
                if let s = key.subnet { labels[CloudLabels.subnet] = "\(key.vnet)/\(s)"; subnets.insert("\(key.vnet)/\(s)") }
            }
            // An address whose provisioning failed or is still running is not held.
            let state = DocumentValue.text(a["state"])?.lowercased()
            var rows = try interfaceAddresses([(ip, "\(path).addresses[\(k)].ip")], node: node, mac: DocumentValue.text(nic["mac"]),
                                              region: nil, zone: nil, network: network, labels: labels, c)
            for r in rows.indices { rows[r].live = state == nil || state == "succeeded" }
            out += rows
        }
        // The interface's subnet CIDR, when all its addresses name one subnet.
        if let cidr = DocumentValue.text(nic["cidr"]), subnets.count == 1, let subnet = subnets.first {
            let vnet = String(subnet.split(separator: "/").prefix(2).joined(separator: "/"))
            var labels = base
            labels[CloudLabels.vpc] = vnet
            labels[InventoryLabel.vrf] = vnet
            labels[CloudLabels.subnet] = subnet
            labels[CloudLabels.isSubnet] = "true"
            out.append(InventoryRecord(prefix: try prefix(cidr, path: "\(path).cidr", field: "cidr", c),
                                       name: "subnet \(subnet) of \(base["nic"]!)", role: .other,
                                       network: CloudLabels.domain(cloud: "azure", vpc: vnet), live: true, labels: labels,
                                       source: c.source, file: c.file, path: "\(path).cidr"))
        }
        return out
    }

    /// An interface's addresses (each once) as the node's records.
    static func interfaceAddresses(_ texts: [(String, String)], node: String, mac: String?, region: String?, zone: String?,
                                   network: String?, labels: [String: String], _ c: Context) throws -> [InventoryRecord] {
        var seen = Set<IPAddress>()
        var out: [InventoryRecord] = []
        for (text, path) in texts {
            let value = try c.address(text, path: path, field: path.hasSuffix(".ip") ? "ip" : "addresses")
            guard seen.insert(value.address).inserted else { continue }
            out.append(InventoryRecord(address: value.address, mappedIPv4: value.mappedIPv4, name: node, role: .other,
                                       region: region, zone: zone, mac: mac, network: network, host: node, live: true,
                                       labels: labels, source: c.source, file: c.file, path: path))
        }
        return out
    }
}
