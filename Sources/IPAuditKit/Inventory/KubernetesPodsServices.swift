import IPCore

extension KubernetesReader {
    /// Phases after which a pod's address is free again: its rows are history.
    static let finishedPhases: Set<String> = ["Succeeded", "Failed"]

    /// A pod's rows, one per `status.podIPs` address (or `status.podIP` alone): role app,
    /// named `namespace/name`, on the pod network, hosted on its node's address. A
    /// `hostNetwork` pod *is its node*: named after it, in the underlay, label `host_network`,
    /// hosted on its own address, which is its node's (so it is never a duplicate of it).
    /// A finished pod (Succeeded, Failed) is history: its address may be reused.
    static func podRecords(_ item: Item, nodes: [String: Node], _ c: Context) throws -> [InventoryRecord] {
        let name = try self.name(item, namespaced: true, c)
        let o = item.object
        let phase = DocumentValue.text(DocumentValue.lookup(o, "status.phase")) ?? ""
        let hostNetwork = DocumentValue.text(DocumentValue.lookup(o, "spec.hostNetwork")) == "true"
        let nodeName = DocumentValue.text(DocumentValue.lookup(o, "spec.nodeName"))
        let node = nodeName.flatMap { nodes[$0] }
        var hostIPs: [IPAddress] = []
        for (k, entry) in (DocumentValue.array(DocumentValue.lookup(o, "status.hostIPs")) ?? []).enumerated() {
            guard let text = DocumentValue.text(DocumentValue.object(entry)?["ip"]) else { continue }
            hostIPs.append(try c.address(text, path: "\(item.path).status.hostIPs[\(k)].ip", field: "ip").address)
        }
        if let text = DocumentValue.text(DocumentValue.lookup(o, "status.hostIP")), !text.isEmpty {
            let value = try c.address(text, path: "\(item.path).status.hostIP", field: "hostIP").address
            if !hostIPs.contains(value) { hostIPs.insert(value, at: 0) }
        }
        var out: [InventoryRecord] = []
        var seen = Set<IPAddress>()
        for (text, path, field) in podAddresses(o, path: item.path) {
            let value = try c.address(text, path: path, field: field)
            guard seen.insert(value.address).inserted else { continue }
            var labels = c.labels(kind: "Pod")
            if !phase.isEmpty { labels["pod_phase"] = phase }
            var rowName = name, network = c.podDomain
            // The node's own address (what the slices name as owner), else what kubelet reported.
            var host = node?.primary ?? hostIPs.first
            if hostNetwork {
                rowName = nodeName ?? name
                network = nil
                // Its addresses are its node's: hosted on itself, so it is never a duplicate of the
                // node even when kubelet reported one hostIP only (dual stack before 1.29) or the
                // node is in another file.
                host = value.address
                labels[InventoryLabel.hostNetwork] = "true"
                labels["pod"] = name
            }
            out.append(InventoryRecord(address: value.address, mappedIPv4: value.mappedIPv4, name: rowName, role: .app,
                                       region: node?.region, zone: node?.zone, rack: node?.rack, network: network,
                                       host: host?.description ?? nodeName, live: !finishedPhases.contains(phase),
                                       labels: labels, source: c.source, file: c.file, path: path))
        }
        return out
    }

    /// `status.podIPs[].ip` (1.16+), else `status.podIP`.
    static func podAddresses(_ o: [String: Any], path: String) -> [(text: String, path: String, field: String)] {
        var out: [(text: String, path: String, field: String)] = []
        for (k, entry) in (DocumentValue.array(DocumentValue.lookup(o, "status.podIPs")) ?? []).enumerated() {
            guard let text = DocumentValue.text(DocumentValue.object(entry)?["ip"]), !text.isEmpty else { continue }
            out.append((text, "\(path).status.podIPs[\(k)].ip", "ip"))
        }
        if out.isEmpty, let text = DocumentValue.text(DocumentValue.lookup(o, "status.podIP")), !text.isEmpty {
            out.append((text, "\(path).status.podIP", "podIP"))
        }
        return out
    }

    /// A service's rows, all role vip (one address, many backends): `spec.clusterIPs` (or
    /// `spec.clusterIP`) in the cluster's own domain, since only kube-proxy inside the cluster
    /// answers them; `spec.externalIPs` and `status.loadBalancer.ingress[].ip` in the underlay,
    /// expected to be public space. Headless services (`None`) and ExternalName services have
    /// no address; load balancers known only by hostname are passed over.
    static func serviceRecords(_ item: Item, _ c: Context) throws -> [InventoryRecord] {
        let name = try self.name(item, namespaced: true, c)
        let o = item.object
        let serviceType = DocumentValue.text(DocumentValue.lookup(o, "spec.type"))
        // An ExternalName service is a DNS alias: a `clusterIP` left in its spec holds nothing.
        if serviceType == "ExternalName" { return [] }
        var found: [(text: String, path: String, field: String, type: String)] = []
        for (text, path) in strings(o, "spec.clusterIPs", singular: "spec.clusterIP", path: item.path) where text != "None" {
            found.append((text, path, "clusterIPs", "ClusterIP"))
        }
        for (text, path) in strings(o, "spec.externalIPs", singular: nil, path: item.path) {
            found.append((text, path, "externalIPs", "ExternalIP"))
        }
        for (k, entry) in (DocumentValue.array(DocumentValue.lookup(o, "status.loadBalancer.ingress")) ?? []).enumerated() {
            guard let text = DocumentValue.text(DocumentValue.object(entry)?["ip"]), !text.isEmpty else { continue }
            found.append((text, "\(item.path).status.loadBalancer.ingress[\(k)].ip", "ip", "LoadBalancer"))
        }
        var out: [InventoryRecord] = []
        var seen = Set<String>()
        for f in found {
            let value = try c.address(f.text, path: f.path, field: f.field)
            let inCluster = f.type == "ClusterIP"
            guard seen.insert("\(inCluster) \(value.address)").inserted else { continue }
            var labels = c.labels(kind: "Service")
            labels["address_type"] = f.type
            if let serviceType { labels["service_type"] = serviceType }
            if !inCluster { labels[InventoryLabel.expectedPublic] = "true" }
            out.append(InventoryRecord(address: value.address, mappedIPv4: value.mappedIPv4, name: name, role: .vip,
                                       network: inCluster ? c.serviceDomain : nil, live: true, labels: labels,
                                       source: c.source, file: c.file, path: f.path))
        }
        return out
    }
}
