import IPCore

/// Terraform's `azurerm_*` network resources, handed to the Azure reader in the shape `az
/// network vnet|nic list` prints, so they make the same rows: `azurerm_virtual_network` (its
/// address space, and its inline `subnet` blocks), `azurerm_subnet` (joined to its VNet by
/// `virtual_network_name` and `resource_group_name`, known or referred to), and
/// `azurerm_network_interface` (each `ip_configuration`'s address in the subnet `subnet_id`
/// names). `azurerm_virtual_network_peering` joins two VNets: Azure refuses to peer VNets whose
/// spaces overlap, so even one direction planned is one routing space. An AKS cluster's pod and
/// service ranges (kubenet and overlay) must not overlap its nodes' VNet: they are rows in it.
enum TerraformAzure {
    typealias Resource = TerraformReader.Resource

    static func map(_ plan: TerraformPlan, into mapped: inout TerraformReader.Mapped, tally: inout ReadTally) throws {
        // A state lists a VNet's subnets in its `subnet` attribute even when `azurerm_subnet`
        // resources manage them: those are read once, from the resource.
        let managed = Set(plan.of("azurerm_subnet").compactMap { subnetKey($0, plan).map { "\($0.vnet)/\($0.name.lowercased())" } })
        for r in plan.of("azurerm_virtual_network") {
            tally.count("Azure virtual networks")
            mapped.records += try vnet(r, skipping: managed, plan)
        }
        var vnets: [String: Resource] = [:]
        for r in plan.of("azurerm_virtual_network") { vnets[vnetKey(of: r, plan)] = vnets[vnetKey(of: r, plan)] ?? r }
        for r in plan.of("azurerm_subnet") {
            tally.count("Azure subnets")
            mapped.records += try subnet(r, owner: subnetKey(r, plan).flatMap { vnets[$0.vnet] }, plan)
        }
        // A NIC is named after the VM it is attached to, as the az CLI's answer names it.
        var vmOf: [String: String] = [:]
        for type in ["azurerm_linux_virtual_machine", "azurerm_windows_virtual_machine", "azurerm_virtual_machine"] {
            for vm in plan.of(type) {
                guard let nic = plan.target(vm, "network_interface_ids") ?? plan.target(vm, "primary_network_interface_id") else { continue }
                vmOf[nic.address] = plan.known(vm, "name") ?? vm.address
            }
        }
        for r in plan.of("azurerm_network_interface") {
            tally.count("Azure network interfaces")
            let rows = try nic(r, vm: vmOf[r.address], plan)
            let configs = DocumentValue.array(r.values["ip_configuration"])?.count ?? 0
            if configs > rows.count { tally.count("addresses known only after apply", configs - rows.count) }
            mapped.records += rows
        }
        for r in plan.of("azurerm_virtual_network_peering") {
            tally.count("Azure VNet peerings")
            let local = vnetKey(group: plan.name(r, "resource_group_name"), name: plan.name(r, "virtual_network_name"))
            let remote = plan.known(r, "remote_virtual_network_id").flatMap { AzureReader.vnetKey($0)?.vnet }
                ?? plan.target(r, "remote_virtual_network_id").map { vnetKey(of: $0, plan) }
            if let local, let remote { mapped.peer(cloud: "azure", local, remote) }
        }
        for r in plan.of("azurerm_kubernetes_cluster") {
            tally.count("AKS clusters")
            mapped.records += try aks(r, plan)
        }
    }

    /// The Azure reader's key (`rg/vnet`, lower case): from the resource group and name.
    static func vnetKey(group: String?, name: String?) -> String? {
        guard let name else { return nil }
        return "\(group ?? "?")/\(name)".lowercased()
    }

    static func vnetKey(of r: Resource, _ plan: TerraformPlan) -> String {
        plan.known(r, "id").flatMap { AzureReader.vnetKey($0)?.vnet }
            ?? "\(plan.name(r, "resource_group_name") ?? "?")/\(plan.known(r, "name") ?? r.base)".lowercased()
    }

    /// An ARM id for a VNet key (`rg/vnet`), as the Azure reader reads ids.
    static func armID(_ key: String, subnet: String? = nil) -> String {
        let parts = key.split(separator: "/", maxSplits: 1).map(String.init)
        return "/subscriptions/-/resourceGroups/\(parts[0])/providers/Microsoft.Network/virtualNetworks/\(parts.count > 1 ? parts[1] : "")"
            + (subnet.map { "/subnets/\($0)" } ?? "")
    }

    /// `skipping`: subnets (`rg/vnet/subnet`, lower case) read from their own resources.
    static func vnet(_ r: Resource, skipping managed: Set<String>, _ plan: TerraformPlan) throws -> [InventoryRecord] {
        let key = vnetKey(of: r, plan)
        var paths: [String] = []
        let space = plan.texts(r, list: "address_space")
        for (text, path) in space { try plan.checkedPrefix(text, path: path, field: "address_space"); paths.append(path) }
        // Inline `subnet` blocks (a set in the schema: a list in the JSON).
        var subnets: [[String: Any]] = []
        for (s, value) in (DocumentValue.array(r.values["subnet"]) ?? []).enumerated() {
            let block = DocumentValue.object(value) ?? [:]
            let name = DocumentValue.text(block["name"]) ?? "\(s)"
            let base = "\(r.path).values.subnet[\(s)]"
            var texts: [(String, String)] = []
            for (k, t) in AzureReader.strings(block["address_prefixes"]).enumerated() { texts.append((t, "\(base).address_prefixes[\(k)]")) }
            if texts.isEmpty, let t = DocumentValue.text(block["address_prefix"]) { texts.append((t, "\(base).address_prefix")) }
            guard !texts.isEmpty, !managed.contains("\(key)/\(name.lowercased())") else { continue }
            for (text, path) in texts { try plan.checkedPrefix(text, path: path, field: "address_prefix"); paths.append(path) }
            subnets.append(["name": name, "id": armID(key, subnet: name), "addressPrefixes": texts.map(\.0)])
        }
        var object: [String: Any] = ["id": armID(key), "name": plan.known(r, "name") ?? r.base, "type": "Microsoft.Network/virtualNetworks",
                                     "addressSpace": ["addressPrefixes": space.map(\.text)], "subnets": subnets]
        object["location"] = plan.known(r, "location")
        return TerraformPlan.relocated(try AzureReader.vnet(object, object, path: r.path, file: plan.file, source: plan.source),
                                       to: paths, of: r)
    }

    static func subnetKey(_ r: Resource, _ plan: TerraformPlan) -> (vnet: String, name: String)? {
        guard let vnet = vnetKey(group: plan.name(r, "resource_group_name"), name: plan.name(r, "virtual_network_name")) else { return nil }
        return (vnet, plan.known(r, "name") ?? r.base)
    }

    /// `owner`: the subnet's VNet resource, if planned (its name and location).
    static func subnet(_ r: Resource, owner: Resource?, _ plan: TerraformPlan) throws -> [InventoryRecord] {
        guard let key = subnetKey(r, plan) else { return [] }
        let texts = plan.texts(r, list: "address_prefixes", single: "address_prefix")
        for (text, path) in texts { try plan.checkedPrefix(text, path: path, field: "address_prefixes") }
        guard !texts.isEmpty else { return [] }
        // A VNet holding only this subnet: the reader makes the subnet's rows, named as in the VNet.
        var object: [String: Any] = ["id": armID(key.vnet), "name": owner.flatMap { plan.known($0, "name") } ?? plan.name(r, "virtual_network_name") ?? key.vnet,
                                     "subnets": [["name": key.name, "id": armID(key.vnet, subnet: key.name), "addressPrefixes": texts.map(\.text)]]]
        object["location"] = owner.flatMap { plan.known($0, "location") }
        return TerraformPlan.relocated(try AzureReader.vnet(object, object, path: r.path, file: plan.file, source: plan.source),
                                       to: texts.map(\.path), of: r)
    }

    /// A subnet id an attribute gives or refers to, as an ARM id.
    static func subnetID(_ r: Resource, _ attribute: String, _ plan: TerraformPlan) -> String? {
        if let id = plan.known(r, attribute) { return id }
        guard let target = plan.target(r, attribute), target.type == "azurerm_subnet", let key = subnetKey(target, plan) else { return nil }
        return armID(key.vnet, subnet: key.name)
    }

    static func nic(_ r: Resource, vm: String?, _ plan: TerraformPlan) throws -> [InventoryRecord] {
        var configs: [[String: Any]] = [], paths: [String] = []
        for k in (DocumentValue.array(r.values["ip_configuration"]) ?? []).indices {
            let base = "ip_configuration[\(k)]"
            guard let ip = plan.known(r, "\(base).private_ip_address") else { continue }  // dynamic: known after apply
            let path = "\(r.path).values.\(base).private_ip_address"
            try plan.checkedAddress(ip, path: path, field: "private_ip_address")
            var config: [String: Any] = ["privateIPAddress": ip]
            if let subnet = subnetID(r, "\(base).subnet_id", plan) { config["subnet"] = ["id": subnet] }
            configs.append(config)
            paths.append(path)
        }
        guard !configs.isEmpty else { return [] }
        var object: [String: Any] = ["name": plan.known(r, "name") ?? r.address, "ipConfigurations": configs]
        object["location"] = plan.known(r, "location")
        object["macAddress"] = plan.known(r, "mac_address")
        if let vm { object["virtualMachine"] = ["id": "/subscriptions/-/providers/Microsoft.Compute/virtualMachines/\(vm)"] }
        return TerraformPlan.relocated(try AzureReader.nic(object, object, path: r.path, file: plan.file, source: plan.source),
                                       to: paths, of: r)
    }

    /// An AKS cluster's pod ranges (a pool, as GKE's) and service ranges, in the VNet of its
    /// default node pool's subnet, else in the VNet AKS makes for it.
    static func aks(_ r: Resource, _ plan: TerraformPlan) throws -> [InventoryRecord] {
        let name = plan.known(r, "name") ?? r.address
        let vnet = subnetID(r, "default_node_pool[0].vnet_subnet_id", plan).flatMap { AzureReader.vnetKey($0)?.vnet } ?? "aks/\(name.lowercased())"
        var out: [InventoryRecord] = []
        for (what, list, single) in [("pods", "pod_cidrs", "pod_cidr"), ("services", "service_cidrs", "service_cidr")] {
            for (text, path) in plan.texts(r, list: "network_profile[0].\(list)", single: "network_profile[0].\(single)") {
                var labels = [CloudLabels.cloud: "azure", "aks_cluster": name, CloudLabels.vpc: vnet, InventoryLabel.vrf: vnet,
                              "terraform_address": r.address]
                if what == "pods" { labels[InventoryLabel.ipamPool] = "true" }
                out.append(InventoryRecord(prefix: try AddressField.prefix(text, file: plan.file, path: path, field: single),
                                           name: "AKS \(name) \(what)", role: .other, region: plan.known(r, "location"),
                                           network: CloudLabels.domain(cloud: "azure", vpc: vnet), live: true, labels: labels,
                                           source: plan.source, file: plan.file, path: path))
            }
        }
        return out
    }
}
