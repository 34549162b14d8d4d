import Foundation
import IPCore

/// Reads Kubernetes API documents: `kubectl get nodes,pods,services -A -o json|yaml` (a `List`
/// of mixed kinds; the address managers' objects too, see `KubernetesIPAM.swift`
/// of mixed kinds), the single-kind lists of the API (`NodeList`, `PodList`, `ServiceList`,
/// whose items carry no `kind`), and single objects. Other kinds in a `List` (`kubectl get
/// all` adds Deployments, ReplicaSets, ...) are counted and passed over.
///
/// The reader takes the parsed document, never a path: a caller that pages through the API
/// merges the pages' `items` into one `List` and hands that over.
///
/// Identity: a node by its name, a pod or service by `namespace/name`, all within a cluster
/// (label `k8s_cluster`), so equal names in two clusters are two entities. See the node, pod
/// and service files for each kind's mapping.
enum KubernetesReader {
    static let kinds: Set<String> = Set(["List", "NodeList", "PodList", "ServiceList", "Node", "Pod", "Service"])
        .union(ipamKinds).union(ipamKinds.map { "\($0)List" })

    /// What every kind's reader needs to know.
    struct Context {
        var file: String
        var source: String
        var settings: KubernetesSettings
        var cluster: String
        /// The pods' routing domain: the cluster's name on an overlay, nil (the underlay) when routed.
        var podDomain: String? { settings.podsIsolated ? cluster : nil }
        /// Service cluster IPs are virtual, answered only inside the cluster: its own domain in both modes.
        var serviceDomain: String { cluster }

        func labels(kind: String) -> [String: String] { [InventoryLabel.cluster: cluster, InventoryLabel.kubernetesKind: kind] }

        func address(_ text: String, path: String, field: String) throws -> AddressField.Value {
            do { return try AddressField.parse(text) } catch {
                throw InputError(file: file, path: path, field: field, RedactedValue.explain(error))
            }
        }
    }

    /// A node as pods and slices refer to it.
    struct Node: Equatable, Sendable {
        var name: String
        /// The address kubelet reports as the pods' `hostIP`: the first InternalIP, else the first ExternalIP.
        var primary: IPAddress?
        var region: String?
        var zone: String?
        var rack: String?
    }

    /// An object of the document with its JSON path and kind.
    struct Item {
        var path: String
        var object: [String: Any]
        var kind: String
    }

    /// Whether a top-level object is a Kubernetes document this reader knows.
    static func isKubernetes(_ o: [String: Any]) -> Bool {
        guard DocumentValue.text(o["apiVersion"]) != nil else { return false }
        guard let kind = DocumentValue.text(o["kind"]) else { return isUnnamedList(o) }
        return kinds.contains(kind)
    }

    static func read(_ root: Any, file: String, source: String, settings: KubernetesSettings, skipInvalid: Bool,
                     skipped: inout [InputError], tally: inout ReadTally) throws -> [InventoryRecord] {
        guard let document = DocumentValue.object(root), isKubernetes(document) else {
            throw InputError(file: file, path: "$", "expected a Kubernetes List, NodeList, PodList, ServiceList, Node, Pod, Service or a CNI IPAM object (apiVersion and kind)")
        }
        let context = Context(file: file, source: source, settings: settings,
                              cluster: settings.cluster ?? KubernetesSettings.clusterName(forFile: file))
        // The cluster names its pods' routing domain: a host-local network name would make every
        // pod host-local, never a duplicate.
        if HostLocalNetworks.names.contains(context.cluster.lowercased()) {
            throw InputError(file: file, path: "$", "cluster name \"\(context.cluster)\" is a host-local network's name (its pods would never be checked for duplicates): give --cluster another name")
        }
        let items = try self.items(document, file: file)
        try refuseCutLastItem(items, file: file)
        // One page of a paginated API list (`?limit=`): the rest was not read.
        if let token = DocumentValue.text(DocumentValue.lookup(document, "metadata.continue")), !token.isEmpty {
            let remaining = DocumentValue.text(DocumentValue.lookup(document, "metadata.remainingItemCount")).map { ", \($0) more items" } ?? ""
            tally.notes.append("a page of a paginated list (metadata.continue is set\(remaining)): only its \(items.count) items are read")
        }
        var out: [InventoryRecord] = []
        func attempt(_ body: () throws -> Void) throws {
            do { try body() } catch let error as InputError where skipInvalid { skipped.append(error) }
        }
        // Nodes first: pods take their zone and host address from them.
        var nodes: [String: Node] = settings.groupNodes
        for item in items where item.kind == "Node" {
            try attempt {
                tally.count("nodes")
                let (records, node) = try nodeRecords(item, context)
                if !records.contains(where: { $0.address != nil }) { tally.count("nodes without an address") }
                nodes[node.name] = node
                out += records
            }
        }
        var orphans: [String] = []
        for item in items where item.kind == "Pod" {
            try attempt {
                tally.count("pods")
                if let node = DocumentValue.text(DocumentValue.lookup(item.object, "spec.nodeName")), nodes[node] == nil { orphans.append(node) }
                let records = try podRecords(item, nodes: nodes, context)
                if records.isEmpty { tally.count("pods without an address") }
                out += records
            }
        }
        for item in items where item.kind == "Service" {
            try attempt {
                tally.count("services")
                let records = try serviceRecords(item, context)
                if records.isEmpty { tally.count("services without an address") }
                out += records
            }
        }
        // The address managers' own state (KubernetesIPAM.swift).
        for item in items where ipamKinds.contains(item.kind) {
            try attempt {
                guard let records = try ipamRecords(item, context) else {
                    tally.count("objects of other kinds")
                    return
                }
                tally.count("\(item.kind) objects")
                out += records
            }
        }
        // Pods whose nodes are elsewhere (split files, a PodList alone): without a common
        // --cluster their node's pod CIDRs are another cluster's, so nothing judges them.
        if settings.cluster == nil, let first = orphans.first {
            tally.notes.append("\(orphans.count) pods run on nodes not in this file (\(first) first): cluster \"\(context.cluster)\" has no pod CIDRs to judge them by; give --cluster NAME when one cluster's nodes and pods are in several files")
        }
        let otherItems = items.filter { !["Node", "Pod", "Service"].contains($0.kind) && !ipamKinds.contains($0.kind) }
        if !otherItems.isEmpty {
            // A file of nothing else (popeye's Endpoints list) is refused with this count: name the kinds.
            tally.count(out.isEmpty ? "objects of other kinds (\(Self.kindNames(otherItems.map(\.kind)))): "
                        + "ipaudit reads Nodes, Pods, Services and the address managers' objects" : "objects of other kinds",
                        otherItems.count)
        }
        return out
    }

    /// A list cut short (a pasted excerpt, a truncated download) often ends in an item of
    /// only `apiVersion` and `kind`: say that, rather than which field the stub lacks.
    static func refuseCutLastItem(_ items: [Item], file: String) throws {
        guard items.count >= 2, let last = items.last,
              Set(last.object.keys).isSubset(of: ["apiVersion", "kind"]) else { return }
        throw InputError(file: file, path: last.path, "the list's last item has only apiVersion and kind (no metadata, spec "
                         + "or status): the file looks cut short (an excerpt or a truncated download); give the whole answer")
    }

    /// "Endpoints", or "ConfigMap, Endpoints and 3 more": the kinds in order of first sight.
    static func kindNames(_ kinds: [String]) -> String {
        var seen: [String] = []
        for k in kinds.map({ $0.isEmpty ? "no kind" : $0 }) where !seen.contains(k) { seen.append(k) }
        let shown = seen.prefix(3).joined(separator: ", ")
        return seen.count > 3 ? "\(shown) and \(seen.count - 3) more" : shown
    }

    /// A list whose `kind` was cut off (an excerpt of `kubectl get -o yaml`): `items` that are
    /// all objects of kinds this reader knows.
    static func isUnnamedList(_ o: [String: Any]) -> Bool {
        guard o["kind"] == nil, let items = DocumentValue.array(o["items"]), !items.isEmpty else { return false }
        return items.allSatisfy { item in
            guard let object = DocumentValue.object(item), DocumentValue.text(object["apiVersion"]) != nil,
                  let kind = DocumentValue.text(object["kind"]) else { return false }
            return kinds.contains(kind)
        }
    }

    /// The document's objects: a list's `items` (kind from the item, else from the list's
    /// kind, else from its shape), or the single object.
    static func items(_ document: [String: Any], file: String) throws -> [Item] {
        let kind = DocumentValue.text(document["kind"]) ?? (isUnnamedList(document) ? "List" : "")
        guard kind.hasSuffix("List") else { return [Item(path: "$", object: document, kind: kind)] }
        // `items: null` is how Go writes an empty list that was never allocated.
        guard let list = DocumentValue.array(document["items"]) ?? (document["items"] == nil || document["items"] is NSNull ? [] : nil) else {
            throw InputError(file: file, path: "$.items", field: "items", "expected a list of objects")
        }
        let listKind = kind == "List" ? nil : String(kind.dropLast(4))
        return try list.enumerated().map { (i, value) -> Item in
            let path = "$.items[\(i)]"
            guard let object = DocumentValue.object(value) else { throw InputError(file: file, path: path, "expected an object") }
            return Item(path: path, object: object, kind: DocumentValue.text(object["kind"]) ?? listKind ?? shapeKind(object))
        }
    }

    /// The kind of an item that does not say (a hand-merged `List` of API list pages).
    static func shapeKind(_ o: [String: Any]) -> String {
        if DocumentValue.lookup(o, "status.addresses") != nil || DocumentValue.lookup(o, "spec.podCIDRs") != nil
            || DocumentValue.lookup(o, "spec.podCIDR") != nil { return "Node" }
        if DocumentValue.lookup(o, "spec.containers") != nil || DocumentValue.lookup(o, "status.podIPs") != nil { return "Pod" }
        if DocumentValue.lookup(o, "spec.clusterIP") != nil || DocumentValue.lookup(o, "spec.ports") != nil { return "Service" }
        return "unknown"
    }

    /// `metadata.name`, required; `namespace/name` for namespaced kinds.
    static func name(_ item: Item, namespaced: Bool, _ c: Context) throws -> String {
        guard let name = DocumentValue.text(DocumentValue.lookup(item.object, "metadata.name")), !name.isEmpty else {
            throw InputError(file: c.file, path: "\(item.path).metadata", field: "name", "missing: every \(item.kind) has a metadata.name")
        }
        guard namespaced else { return name }
        return "\(DocumentValue.text(DocumentValue.lookup(item.object, "metadata.namespace")) ?? "default")/\(name)"
    }

    /// A list of strings at `key`, or the single string at `singular` (older API objects):
    /// (text, path) pairs, duplicates dropped.
    static func strings(_ o: [String: Any], _ key: String, singular: String?, path: String) -> [(text: String, path: String)] {
        var out: [(text: String, path: String)] = []
        var seen = Set<String>()
        if let list = DocumentValue.array(DocumentValue.lookup(o, key)) {
            for (k, v) in list.enumerated() {
                guard let t = DocumentValue.text(v), !t.isEmpty, seen.insert(t).inserted else { continue }
                out.append((t, "\(path).\(key)[\(k)]"))
            }
        }
        if out.isEmpty, let singular, let t = DocumentValue.text(DocumentValue.lookup(o, singular)), !t.isEmpty {
            out.append((t, "\(path).\(singular)"))
        }
        return out
    }
}
