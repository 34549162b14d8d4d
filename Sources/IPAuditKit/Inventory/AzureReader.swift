import IPCore

/// Reads Azure's network answers: `az network vnet list` and `az network nic list` (a bare list,
/// `properties` flattened into each object) and the ARM REST "List All" answers (`{"value": [...]}`,
/// data under `properties`), also as the REST API specs' example files wrap them. A VNet is its
/// own routing domain (`azure:<resource group>/<vnet>`) with its address space as prefix rows and
/// its subnets as subnet rows (regional: no zone); its peerings are kept, so that two peered VNets
/// sharing space are found. Each NIC's IP configurations are addresses named after the VM the NIC
/// is attached to (else the NIC), in the subnet their `subnet.id` names. Public addresses are only
/// referenced by id: not read.
enum AzureReader {
    static func isAzureObject(_ value: Any) -> Bool {
        guard let o = DocumentValue.object(value) else { return false }
        return resourceType(of: o)?.hasPrefix("Microsoft.Network/") == true
    }

    /// The resource type: `type`, else read off the ARM id (the published REST examples leave
    /// `type` out of some objects): `.../providers/Microsoft.Network/networkInterfaces/n`.
    static func resourceType(of o: [String: Any]) -> String? {
        if let type = DocumentValue.text(o["type"]) { return type }
        guard let id = DocumentValue.text(o["id"]) else { return nil }
        let parts = id.split(separator: "/")
        guard let p = parts.firstIndex(where: { $0.lowercased() == "providers" }), p + 2 < parts.count else { return nil }
        let namespace = parts[p + 1].lowercased() == "microsoft.network" ? "Microsoft.Network" : String(parts[p + 1])
        let kind = parts[p + 2]
        let known = ["virtualNetworks", "networkInterfaces"].first { $0.lowercased() == kind.lowercased() } ?? String(kind)
        return "\(namespace)/\(known)"
    }

    /// The REST API specs' example files wrap the answer: `{"parameters": ..., "responses": {"200": {"body": ...}}}`.
    static let exampleBody = "responses.200.body"

    static func matches(_ o: [String: Any]) -> Bool {
        let answer = DocumentValue.object(DocumentValue.lookup(o, exampleBody)) ?? o
        guard let items = DocumentValue.array(answer["value"]), !items.isEmpty else { return false }
        return items.allSatisfy(isAzureObject)
    }

    static func read(_ root: Any, file: String, source: String, tally: inout ReadTally) throws -> [InventoryRecord] {
        let items: [Any], base: String
        if let example = DocumentValue.object(DocumentValue.lookup(root, exampleBody)), let value = DocumentValue.array(example["value"]) {
            items = value; base = "$.responses.200.body.value"
        } else if let o = DocumentValue.object(root), let value = DocumentValue.array(o["value"]) {
            items = value; base = "$.value"
            if let next = DocumentValue.text(o["nextLink"]), !next.isEmpty {
                tally.notes.append("one page: nextLink is set, the next page is not in this file")
            }
        } else if let list = DocumentValue.array(root) {
            items = list; base = "$"
        } else {
            throw InputError(file: file, path: "$", "expected an Azure list: {\"value\": [...]} or the az CLI's bare list")
        }
        var out: [InventoryRecord] = []
        for (k, item) in items.enumerated() {
            guard let o = DocumentValue.object(item) else { continue }
            // The REST answer nests the data under `properties`; the CLI flattens it.
            let props = DocumentValue.object(o["properties"]) ?? o
            let path = "\(base)[\(k)]"
            switch resourceType(of: o) {
            case "Microsoft.Network/virtualNetworks":
                tally.count("virtual networks")
                out += try vnet(o, props, path: path, file: file, source: source)
            case "Microsoft.Network/networkInterfaces":
                tally.count("network interfaces")
                out += try nic(o, props, path: path, file: file, source: source)
            default:
                tally.count("objects of other types")
            }
        }
        return out
    }

    /// `/subscriptions/s/resourceGroups/RG/providers/Microsoft.Network/virtualNetworks/V[/subnets/S]`
    /// → `rg/v` (Azure ids are case-insensitive), and the subnet's name.
    static func vnetKey(_ id: String) -> (vnet: String, subnet: String?)? {
        let parts = id.split(separator: "/").map { $0.lowercased() }
        guard let g = parts.firstIndex(of: "resourcegroups"), g + 1 < parts.count,
              let v = parts.firstIndex(of: "virtualnetworks"), v + 1 < parts.count else { return nil }
        let subnet = parts.firstIndex(of: "subnets").flatMap { $0 + 1 < parts.count ? parts[$0 + 1] : nil }
        return ("\(parts[g + 1])/\(parts[v + 1])", subnet)
    }


    static func vnet(_ o: [String: Any], _ props: [String: Any], path: String, file: String, source: String) throws -> [InventoryRecord] {
        guard let id = DocumentValue.text(o["id"]), let key = vnetKey(id)?.vnet else {
            throw InputError(file: file, path: "\(path).id", field: "id", "missing or not a virtual network id")
        }
        let name = DocumentValue.text(o["name"]) ?? key
        let region = DocumentValue.text(o["location"])
        let domain = CloudLabels.domain(cloud: "azure", vpc: key)
        var peers: [String] = []
        for peering in DocumentValue.array(props["virtualNetworkPeerings"]) ?? [] {
            let p = DocumentValue.object(peering) ?? [:]
            let pp = DocumentValue.object(p["properties"]) ?? p
            let state = DocumentValue.text(pp["peeringState"]) ?? "Connected"
            if state != "Disconnected", let remote = DocumentValue.text(DocumentValue.lookup(pp, "remoteVirtualNetwork.id")),
               let remoteKey = vnetKey(remote)?.vnet { peers.append(remoteKey) }
        }
        var out: [InventoryRecord] = []
        for (k, text) in strings(DocumentValue.lookup(props, "addressSpace.addressPrefixes")).enumerated() {
            let p = "\(path)\(o["properties"] != nil ? ".properties" : "").addressSpace.addressPrefixes[\(k)]"
            var labels = [CloudLabels.cloud: "azure", CloudLabels.vpc: key, CloudLabels.isVPC: "true", InventoryLabel.vrf: key]
            if !peers.isEmpty { labels[CloudLabels.peers] = peers.joined(separator: " ") }
            out.append(InventoryRecord(prefix: try AddressField.prefix(text, file: file, path: p, field: "addressPrefixes"), name: "VNet \(name)",
                                       role: .other, region: region, network: domain, live: true, labels: labels,
                                       source: source, file: file, path: p))
        }
        for (s, subnetValue) in (DocumentValue.array(props["subnets"]) ?? []).enumerated() {
            let subnet = DocumentValue.object(subnetValue) ?? [:]
            let sp = DocumentValue.object(subnet["properties"]) ?? subnet
            let subnetName = DocumentValue.text(subnet["name"]) ?? "\(s)"
            let subnetID = DocumentValue.text(subnet["id"]).flatMap { vnetKey($0) }.map { "\($0.vnet)/\($0.subnet ?? subnetName)" } ?? "\(key)/\(subnetName.lowercased())"
            var texts = strings(sp["addressPrefixes"])
            if texts.isEmpty, let single = DocumentValue.text(sp["addressPrefix"]) { texts = [single] }
            for (k, text) in texts.enumerated() {
                let p = "\(path).subnets[\(s)].addressPrefix\(texts.count > 1 ? "es[\(k)]" : "")"
                out.append(InventoryRecord(prefix: try AddressField.prefix(text, file: file, path: p, field: "addressPrefix"),
                                           name: "subnet \(name)/\(subnetName)", role: .other, region: region, network: domain,
                                           live: true, labels: [CloudLabels.cloud: "azure", CloudLabels.vpc: key, CloudLabels.subnet: subnetID,
                                                                CloudLabels.isSubnet: "true", InventoryLabel.vrf: key],
                                           source: source, file: file, path: p))
            }
        }
        return out
    }

    static func nic(_ o: [String: Any], _ props: [String: Any], path: String, file: String, source: String) throws -> [InventoryRecord] {
        let nicName = DocumentValue.text(o["name"]) ?? path
        let vm = DocumentValue.text(DocumentValue.lookup(props, "virtualMachine.id")).flatMap { $0.split(separator: "/").last.map(String.init) }
        let mac = DocumentValue.text(props["macAddress"])
        var out: [InventoryRecord] = []
        for (k, configValue) in (DocumentValue.array(props["ipConfigurations"]) ?? []).enumerated() {
            let config = DocumentValue.object(configValue) ?? [:]
            let cp = DocumentValue.object(config["properties"]) ?? config
            guard let text = DocumentValue.text(cp["privateIPAddress"]) else { continue }
            let p = "\(path).ipConfigurations[\(k)].privateIPAddress"
            let value = try AddressField.parse(text, file: file, path: p, field: "privateIPAddress")
            let key = DocumentValue.text(DocumentValue.lookup(cp, "subnet.id")).flatMap(vnetKey)
            var labels = [CloudLabels.cloud: "azure", "nic": nicName]
            if let key {
                labels[CloudLabels.vpc] = key.vnet
                labels[InventoryLabel.vrf] = key.vnet
                if let subnet = key.subnet { labels[CloudLabels.subnet] = "\(key.vnet)/\(subnet)" }
            }
            out.append(InventoryRecord(address: value.address, mappedIPv4: value.mappedIPv4, name: vm ?? nicName, role: .other,
                                       region: DocumentValue.text(o["location"]), mac: mac,
                                       network: key.map { CloudLabels.domain(cloud: "azure", vpc: $0.vnet) }, live: true,
                                       labels: labels, source: source, file: file, path: p))
        }
        return out
    }

    static func strings(_ value: Any?) -> [String] {
        (DocumentValue.array(value) ?? []).compactMap(DocumentValue.text)
    }
}
