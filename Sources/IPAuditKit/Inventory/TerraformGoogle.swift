import IPCore

/// Terraform's `google_*` network resources, handed to the Google Cloud reader in the shape the
/// Compute and GKE APIs answer, so they make the same rows: `google_compute_subnetwork` (primary
/// and secondary ranges in its network, known or referred to), `google_compute_instance` (each
/// interface's `network_ip` and alias ranges, in its zone and subnetwork) and
/// `google_container_cluster` (pod and service ranges: given, or the subnetwork's secondary
/// ranges it names). `google_compute_network` gives a network its key; a network has no range
/// of its own. `google_compute_network_peering` joins two networks: GCP exchanges subnet routes
/// over a peering and refuses one between overlapping subnets, so it is one routing space.
/// Ids unknown before apply become `projects/<project or ?>/...` paths built from names.
enum TerraformGoogle {
    typealias Resource = TerraformReader.Resource

    static func map(_ plan: TerraformPlan, into mapped: inout TerraformReader.Mapped, tally: inout ReadTally) throws {
        for r in plan.of("google_compute_subnetwork") {
            tally.count("Google subnetworks")
            mapped.records += try subnetwork(r, plan)
        }
        for r in plan.of("google_compute_instance") {
            tally.count("Google instances")
            let rows = try instance(r, plan)
            let interfaces = (DocumentValue.array(r.values["network_interface"]) ?? []).indices
            let unknown = interfaces.filter { plan.known(r, "network_interface[\($0)].network_ip") == nil }.count
            if unknown > 0 { tally.count("addresses known only after apply", unknown) }
            mapped.records += rows
        }
        for r in plan.of("google_container_cluster") {
            tally.count("GKE clusters")
            mapped.records += try cluster(r, plan)
        }
        for r in plan.of("google_compute_network_peering") {
            tally.count("Google network peerings")
            if let a = network(r, "network", plan).flatMap(GCPReader.networkKey),
               let b = network(r, "peer_network", plan).flatMap(GCPReader.networkKey) { mapped.peer(cloud: "gcp", a, b) }
        }
    }

    static func project(_ r: Resource, _ plan: TerraformPlan) -> String { plan.known(r, "project") ?? "?" }

    /// A network as `projects/P/global/networks/N`: a self link or path as given, a bare name in
    /// the resource's project, or the network resource referred to.
    static func network(_ r: Resource, _ attribute: String, _ plan: TerraformPlan) -> String? {
        if let text = plan.known(r, attribute) {
            return text.contains("/") ? text : "projects/\(project(r, plan))/global/networks/\(text)"
        }
        guard let target = plan.target(r, attribute), target.type == "google_compute_network" else { return nil }
        return plan.known(target, "self_link") ?? "projects/\(project(target, plan))/global/networks/\(plan.known(target, "name") ?? target.base)"
    }

    /// A subnetwork's self link (or the path standing in for it) and its network.
    static func subnetworkLink(_ r: Resource, _ plan: TerraformPlan) -> (link: String?, network: String?) {
        let name = plan.known(r, "name") ?? r.base
        let link = plan.known(r, "self_link") ?? plan.known(r, "region").map { "projects/\(project(r, plan))/regions/\(GCPReader.last($0) ?? $0)/subnetworks/\(name)" }
        return (link, network(r, "network", plan))
    }

    static func subnetwork(_ r: Resource, _ plan: TerraformPlan) throws -> [InventoryRecord] {
        let (link, known) = subnetworkLink(r, plan)
        // Its network unknown (a data source, an unresolved module output): a network of its own,
        // so that the plan still judges the range and no other subnet is held to it.
        let network = known ?? "projects/?/global/networks/\(r.base)"
        var object: [String: Any] = ["kind": "compute#subnetwork", "name": plan.known(r, "name") ?? r.base, "network": network]
        object["selfLink"] = link
        object["region"] = plan.known(r, "region")
        var paths: [String] = []
        if let text = plan.known(r, "ip_cidr_range") {
            paths.append("\(r.path).values.ip_cidr_range")
            try plan.checkedPrefix(text, path: paths[0], field: "ip_cidr_range")
            object["ipCidrRange"] = text
        }
        var secondary: [[String: Any]] = []
        for k in (DocumentValue.array(r.values["secondary_ip_range"]) ?? []).indices {
            guard let text = plan.known(r, "secondary_ip_range[\(k)].ip_cidr_range") else { continue }
            let path = "\(r.path).values.secondary_ip_range[\(k)].ip_cidr_range"
            try plan.checkedPrefix(text, path: path, field: "ip_cidr_range")
            var range: [String: Any] = ["ipCidrRange": text]
            range["rangeName"] = plan.known(r, "secondary_ip_range[\(k)].range_name")
            secondary.append(range)
            paths.append(path)
        }
        object["secondaryIpRanges"] = secondary
        return TerraformPlan.relocated(try GCPReader.subnetwork(object, path: r.path, file: plan.file, source: plan.source), to: paths, of: r)
    }

    static func instance(_ r: Resource, _ plan: TerraformPlan) throws -> [InventoryRecord] {
        let zone = plan.known(r, "zone").flatMap(GCPReader.last)
        var interfaces: [[String: Any]] = [], paths: [String] = []
        for n in (DocumentValue.array(r.values["network_interface"]) ?? []).indices {
            let base = "network_interface[\(n)]"
            var subnet: (link: String?, network: String?) = (nil, nil)
            if let text = plan.known(r, "\(base).subnetwork") {
                let region = zone.flatMap(CloudLabels.gcpRegion(ofZone:)) ?? "?"
                let owner = plan.known(r, "\(base).subnetwork_project") ?? project(r, plan)
                subnet.link = text.contains("/") ? text : "projects/\(owner)/regions/\(region)/subnetworks/\(text)"
            } else if let target = plan.target(r, "\(base).subnetwork"), target.type == "google_compute_subnetwork" {
                subnet = subnetworkLink(target, plan)
            }
            // Without its network the reader cannot place the interface (as for the API's answer).
            guard let network = network(r, "\(base).network", plan) ?? subnet.network else { continue }
            var nic: [String: Any] = ["network": network]
            nic["subnetwork"] = subnet.link
            for (key, attribute) in [("networkIP", "network_ip"), ("ipv6Address", "ipv6_address")] {
                guard let text = plan.known(r, "\(base).\(attribute)") else { continue }
                let path = "\(r.path).values.\(base).\(attribute)"
                try plan.checkedAddress(text, path: path, field: attribute)
                nic[key] = text
                paths.append(path)
            }
            var aliases: [[String: Any]] = []
            for k in (DocumentValue.array(plan.value(r, "\(base).alias_ip_range")) ?? []).indices {
                // `/24` alone asks GCP to pick the range at apply: nothing to judge yet.
                guard let text = plan.known(r, "\(base).alias_ip_range[\(k)].ip_cidr_range"), !text.hasPrefix("/") else { continue }
                let path = "\(r.path).values.\(base).alias_ip_range[\(k)].ip_cidr_range"
                try plan.checkedPrefix(text.contains("/") ? text : "\(text)/32", path: path, field: "ip_cidr_range")
                aliases.append(["ipCidrRange": text])
                paths.append(path)
            }
            nic["aliasIpRanges"] = aliases
            interfaces.append(nic)
        }
        var object: [String: Any] = ["kind": "compute#instance", "name": plan.known(r, "name") ?? r.address, "networkInterfaces": interfaces]
        object["zone"] = zone
        return TerraformPlan.relocated(try GCPReader.instance(object, path: r.path, file: plan.file, source: plan.source), to: paths, of: r)
    }

    /// A GKE cluster's ranges: the CIDR blocks of `ip_allocation_policy` (or `cluster_ipv4_cidr`),
    /// else the secondary ranges of its subnetwork that the policy names.
    static func cluster(_ r: Resource, _ plan: TerraformPlan) throws -> [InventoryRecord] {
        let name = plan.known(r, "name") ?? r.address
        let subnetResource = plan.target(r, "subnetwork").flatMap { $0.type == "google_compute_subnetwork" ? $0 : nil }
            ?? plan.known(r, "subnetwork").flatMap { text in
                plan.of("google_compute_subnetwork").first { plan.known($0, "name") == GCPReader.last(text) }
            }
        // GKE's own default when neither is set: the project's `default` network.
        let network = network(r, "network", plan) ?? subnetResource.flatMap({ subnetworkLink($0, plan).network })
            ?? "projects/\(project(r, plan))/global/networks/default"
        func range(_ block: String, _ rangeName: String, _ single: String?) -> (String, String)? {
            let policy = "ip_allocation_policy[0]"
            if let text = plan.known(r, "\(policy).\(block)"), !text.hasPrefix("/") { return (text, "\(r.path).values.\(policy).\(block)") }
            if let single, let text = plan.known(r, single), !text.hasPrefix("/") { return (text, "\(r.path).values.\(single)") }
            guard let wanted = plan.known(r, "\(policy).\(rangeName)"), let s = subnetResource else { return nil }
            for k in (DocumentValue.array(s.values["secondary_ip_range"]) ?? []).indices where plan.known(s, "secondary_ip_range[\(k)].range_name") == wanted {
                if let text = plan.known(s, "secondary_ip_range[\(k)].ip_cidr_range") { return (text, "\(s.path).values.secondary_ip_range[\(k)].ip_cidr_range") }
            }
            return nil
        }
        var object: [String: Any] = ["name": name, "network": network,
                                     "selfLink": "projects/\(project(r, plan))/locations/\(plan.known(r, "location") ?? "-")/clusters/\(name)"]
        object["location"] = plan.known(r, "location")
        var paths: [String] = []
        for (key, found) in [("clusterIpv4Cidr", range("cluster_ipv4_cidr_block", "cluster_secondary_range_name", "cluster_ipv4_cidr")),
                             ("servicesIpv4Cidr", range("services_ipv4_cidr_block", "services_secondary_range_name", nil))] {
            guard let (text, path) = found else { continue }
            try plan.checkedPrefix(text, path: path, field: key)
            object[key] = text
            paths.append(path)
        }
        return TerraformPlan.relocated(try GCPReader.cluster(object, path: r.path, file: plan.file, source: plan.source), to: paths, of: r)
    }
}
