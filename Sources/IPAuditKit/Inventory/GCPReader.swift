import IPCore

/// Reads Google Cloud's Compute answers: subnetworks and instances as `aggregatedList`
/// (`items."regions/R".subnetworks`, `items."zones/Z".instances`), as a plain list answer
/// (`{"kind": "compute#subnetworkList", "items": [...]}`) or as `gcloud ... --format=json`'s bare
/// list; and GKE's cluster list (`{"clusters": [...]}`).
///
/// A VPC network is global and its own routing domain (`gcp:<project>/<network>`). A subnet's
/// primary range is a subnet row in its region; its secondary ranges are prefix rows (GKE's pod
/// and service ranges live there). An instance's `networkIP` is a record named after it in its
/// zone and subnetwork; its alias IP ranges are prefix rows it owns (two instances' alias ranges
/// overlapping are one range given twice). A TERMINATED (stopped) instance keeps its address.
/// A GKE cluster's pod range is a pool; its service range is a plain prefix (routes-based
/// clusters take it from the end of the pod range: nesting is by design).
enum GCPReader {
    static func isGCPObject(_ value: Any) -> Bool {
        guard let kind = DocumentValue.text(DocumentValue.object(value)?["kind"]) else { return false }
        return kind == "compute#subnetwork" || kind == "compute#instance" || kind == "compute#network"
    }

    static func matches(_ o: [String: Any]) -> Bool {
        if let kind = DocumentValue.text(o["kind"]),
           ["compute#subnetworkAggregatedList", "compute#instanceAggregatedList", "compute#subnetworkList", "compute#instanceList",
            "compute#networkList"].contains(kind) {
            return true
        }
        if let clusters = DocumentValue.array(o["clusters"]), !clusters.isEmpty {
            return clusters.allSatisfy { DocumentValue.object($0)?["clusterIpv4Cidr"] != nil || DocumentValue.object($0)?["ipAllocationPolicy"] != nil }
        }
        return false
    }

    static func read(_ root: Any, file: String, source: String, tally: inout ReadTally) throws -> [InventoryRecord] {
        if carriesNetworks(root) { return try readNetworks(root, file: file, source: source, tally: &tally) }
        var objects: [(Any, String)] = []
        if let list = DocumentValue.array(root) {
            objects = list.enumerated().map { ($1, "$[\($0)]") }
        } else if let o = DocumentValue.object(root) {
            if let clusters = DocumentValue.array(o["clusters"]) {
                var out: [InventoryRecord] = []
                for (k, c) in clusters.enumerated() {
                    tally.count("GKE clusters")
                    out += try cluster(DocumentValue.object(c) ?? [:], path: "$.clusters[\(k)]", file: file, source: source)
                }
                return out
            }
            if let items = DocumentValue.array(o["items"]) {
                objects = items.enumerated().map { ($1, "$.items[\($0)]") }
            } else if let scopes = DocumentValue.object(o["items"]) {
                // aggregatedList: one scope per region or zone; empty scopes carry only a warning.
                for scope in scopes.keys.sorted() {
                    let s = DocumentValue.object(scopes[scope]) ?? [:]
                    for key in ["subnetworks", "instances"] {
                        for (k, item) in (DocumentValue.array(s[key]) ?? []).enumerated() {
                            objects.append((item, "$.items[\"\(scope)\"].\(key)[\(k)]"))
                        }
                    }
                }
            }
            if let next = DocumentValue.text(o["nextPageToken"]), !next.isEmpty {
                tally.notes.append("one page: nextPageToken is set, the next page is not in this file")
            }
        }
        var out: [InventoryRecord] = []
        for (value, path) in objects {
            guard let o = DocumentValue.object(value) else { continue }
            switch DocumentValue.text(o["kind"]) {
            case "compute#subnetwork":
                tally.count("subnetworks")
                out += try subnetwork(o, path: path, file: file, source: source)
            case "compute#instance":
                tally.count("instances")
                out += try instance(o, path: path, file: file, source: source)
            default:
                tally.count("objects of other kinds")
            }
        }
        return out
    }

    /// `https://.../projects/P/global/networks/N` (or `projects/P/global/networks/N`) → `p/n`.
    static func networkKey(_ url: String) -> String? {
        let parts = url.split(separator: "/").map(String.init)
        guard let p = parts.firstIndex(of: "projects"), p + 1 < parts.count,
              let n = parts.firstIndex(of: "networks"), n + 1 < parts.count else { return nil }
        return "\(parts[p + 1])/\(parts[n + 1])"
    }

    /// A subnetwork URL → `project/region/name`; also the region.
    static func subnetKey(_ url: String) -> (key: String, region: String)? {
        let parts = url.split(separator: "/").map(String.init)
        guard let p = parts.firstIndex(of: "projects"), p + 1 < parts.count,
              let r = parts.firstIndex(of: "regions"), r + 1 < parts.count,
              let s = parts.firstIndex(of: "subnetworks"), s + 1 < parts.count else { return nil }
        return ("\(parts[p + 1])/\(parts[r + 1])/\(parts[s + 1])", parts[r + 1])
    }

    static func last(_ url: String?) -> String? { url?.split(separator: "/").last.map(String.init) }


    static func subnetwork(_ o: [String: Any], path: String, file: String, source: String) throws -> [InventoryRecord] {
        let name = DocumentValue.text(o["name"]) ?? path
        guard let network = DocumentValue.text(o["network"]).flatMap(networkKey) else {
            throw InputError(file: file, path: "\(path).network", field: "network", "missing: a subnetwork names its network")
        }
        let subnet = DocumentValue.text(o["selfLink"]).flatMap(subnetKey)
        let region = subnet?.region ?? last(DocumentValue.text(o["region"]))
        let domain = CloudLabels.domain(cloud: "gcp", vpc: network)
        var out: [InventoryRecord] = []
        var labels = [CloudLabels.cloud: "gcp", CloudLabels.vpc: network, InventoryLabel.vrf: network]
        if let text = DocumentValue.text(o["ipCidrRange"]) {
            var primary = labels
            primary[CloudLabels.isSubnet] = "true"
            primary[CloudLabels.subnet] = subnet?.key ?? "\(network)/\(region ?? "")/\(name)"
            out.append(InventoryRecord(prefix: try AddressField.prefix(text, file: file, path: "\(path).ipCidrRange", field: "ipCidrRange"),
                                       name: "subnet \(name) (\(region ?? "?"))", role: .other, region: region, network: domain,
                                       live: true, labels: primary, source: source, file: file, path: "\(path).ipCidrRange"))
        }
        labels["secondary_range"] = "true"
        for (k, rangeValue) in (DocumentValue.array(o["secondaryIpRanges"]) ?? []).enumerated() {
            let r = DocumentValue.object(rangeValue) ?? [:]
            guard let text = DocumentValue.text(r["ipCidrRange"]) else { continue }
            let p = "\(path).secondaryIpRanges[\(k)].ipCidrRange"
            out.append(InventoryRecord(prefix: try AddressField.prefix(text, file: file, path: p, field: "ipCidrRange"),
                                       name: "range \(DocumentValue.text(r["rangeName"]) ?? "\(k)") of subnet \(name)", role: .other,
                                       region: region, network: domain, live: true, labels: labels,
                                       source: source, file: file, path: p))
        }
        return out
    }

    static func instance(_ o: [String: Any], path: String, file: String, source: String) throws -> [InventoryRecord] {
        let name = DocumentValue.text(o["name"]) ?? path
        let zone = last(DocumentValue.text(o["zone"]))
        var out: [InventoryRecord] = []
        for (n, value) in (DocumentValue.array(o["networkInterfaces"]) ?? []).enumerated() {
            let nic = DocumentValue.object(value) ?? [:]
            let ipath = "\(path).networkInterfaces[\(n)]"
            guard let network = DocumentValue.text(nic["network"]).flatMap(networkKey) else { continue }
            let domain = CloudLabels.domain(cloud: "gcp", vpc: network)
            let subnet = DocumentValue.text(nic["subnetwork"]).flatMap(subnetKey)
            var labels = [CloudLabels.cloud: "gcp", CloudLabels.vpc: network, InventoryLabel.vrf: network]
            if let subnet { labels[CloudLabels.subnet] = subnet.key }
            for (key, field) in [("networkIP", "networkIP"), ("ipv6Address", "ipv6Address")] {
                guard let text = DocumentValue.text(nic[key]) else { continue }
                let value = try AddressField.parse(text, file: file, path: "\(ipath).\(key)", field: field)
                out.append(InventoryRecord(address: value.address, mappedIPv4: value.mappedIPv4, name: name, role: .other,
                                           region: subnet?.region, zone: zone, network: domain, live: true, labels: labels,
                                           source: source, file: file, path: "\(ipath).\(key)"))
            }
            for (k, aliasValue) in (DocumentValue.array(nic["aliasIpRanges"]) ?? []).enumerated() {
                guard let text = DocumentValue.text(DocumentValue.object(aliasValue)?["ipCidrRange"]) else { continue }
                let p = "\(ipath).aliasIpRanges[\(k)].ipCidrRange"
                // A bare address is a /32 alias.
                let prefix = try AddressField.prefix(text.contains("/") ? text : "\(text)/32", file: file, path: p, field: "ipCidrRange")
                var alias = labels
                alias[CloudLabels.subnet] = nil
                alias[InventoryLabel.podCIDR] = "true"
                out.append(InventoryRecord(prefix: prefix, name: "alias range of \(name)", role: .other, region: subnet?.region,
                                           zone: zone, network: domain, host: name, live: true, labels: alias,
                                           source: source, file: file, path: p))
            }
        }
        return out
    }

    static func cluster(_ o: [String: Any], path: String, file: String, source: String) throws -> [InventoryRecord] {
        let name = DocumentValue.text(o["name"]) ?? path
        // GKE names its network by name only; the project is in the cluster's selfLink.
        let project = DocumentValue.text(o["selfLink"]).flatMap { url -> String? in
            let parts = url.split(separator: "/").map(String.init)
            return parts.firstIndex(of: "projects").flatMap { $0 + 1 < parts.count ? parts[$0 + 1] : nil }
        }
        let networkName = DocumentValue.text(o["network"]) ?? "default"
        let vpcKey = networkName.contains("/") ? (networkKey(networkName) ?? networkName) : "\(project ?? "?")/\(networkName)"
        let domain = CloudLabels.domain(cloud: "gcp", vpc: vpcKey)
        // A zonal cluster's location is a zone; its ranges serve the region (nodes may sit in other zones).
        let location = DocumentValue.text(o["location"]).map { CloudLabels.gcpRegion(ofZone: $0) ?? $0 }
        var out: [InventoryRecord] = []
        let fields = [("clusterIpv4Cidr", true), ("servicesIpv4Cidr", false)]
        for (key, isPool) in fields {
            guard let text = DocumentValue.text(o[key]), !text.isEmpty else { continue }
            let p = "\(path).\(key)"
            var labels = [CloudLabels.cloud: "gcp", "gke_cluster": name]
            if isPool { labels[InventoryLabel.ipamPool] = "true" }
            labels[CloudLabels.vpc] = vpcKey
            labels[InventoryLabel.vrf] = vpcKey
            out.append(InventoryRecord(prefix: try AddressField.prefix(text, file: file, path: p, field: key),
                                       name: "GKE \(name) \(isPool ? "pods" : "services")", role: .other,
                                       region: location, network: domain, live: true, labels: labels,
                                       source: source, file: file, path: p))
        }
        return out
    }
}
