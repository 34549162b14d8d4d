import Foundation

/// One cluster given in several files: `kubectl get nodes -o yaml > nodes.yaml`, then pods, then
/// services. Without `--cluster` each file would be a cluster named after it, and no pod would
/// be judged against its node's pod CIDRs. So before the files are read one by one, what their
/// objects name is looked at: a pod whose `spec.nodeName` is a node of another file, or a
/// service whose selector picks pods of another file, ties the two files into one cluster.
///
/// A reference its own file answers ties nothing (two whole clusters both have a `worker-1`),
/// nor does one that two other files could answer (which cluster it belongs to would be a
/// guess): those files stay apart, and the reader's note asks for `--cluster` as before.
struct KubernetesFileGroups {
    /// Several files read as one cluster.
    struct Group {
        var cluster: String
        var files: [String]
        /// Every node of the group's files, as pods refer to them (zone, host address).
        var nodes: [String: KubernetesReader.Node]
    }

    /// What one file's objects define and refer to.
    struct Summary {
        struct Pod { var namespace: String; var labels: [String: String] }
        struct Selector { var namespace: String; var labels: [String: String] }

        var file: String
        var nodes: [String: KubernetesReader.Node] = [:]
        var podNodes: Set<String> = []
        var pods: [Pod] = []
        var selectors: [Selector] = []
        /// Pods by each `namespace label=value` they carry, to find a selector's pods quickly.
        var podsByLabel: [String: [Int]] = [:]

        /// nil when the document is not one this reader would read without error: such a file
        /// stands alone, and its real read reports what is wrong with it.
        init?(_ document: [String: Any], file: String, settings: KubernetesSettings) {
            self.file = file
            guard let items = try? KubernetesReader.items(document, file: file) else { return nil }
            let context = KubernetesReader.Context(file: file, source: file, settings: settings,
                                                   cluster: KubernetesSettings.clusterName(forFile: file))
            for item in items {
                let o = item.object
                let namespace = DocumentValue.text(DocumentValue.lookup(o, "metadata.namespace")) ?? "default"
                switch item.kind {
                case "Node":
                    guard let node = try? KubernetesReader.nodeRecords(item, context).1 else { return nil }
                    nodes[node.name] = node
                case "Pod":
                    if let node = DocumentValue.text(DocumentValue.lookup(o, "spec.nodeName")) { podNodes.insert(node) }
                    let labels = Self.labels(DocumentValue.lookup(o, "metadata.labels"))
                    for (key, value) in labels { podsByLabel[Self.key(namespace, key, value), default: []].append(pods.count) }
                    pods.append(Pod(namespace: namespace, labels: labels))
                case "Service":
                    // A service without a selector (`kubernetes`, ExternalName) picks no pods.
                    let selector = Self.labels(DocumentValue.lookup(o, "spec.selector"))
                    if !selector.isEmpty { selectors.append(Selector(namespace: namespace, labels: selector)) }
                default: continue
                }
            }
        }

        static func labels(_ value: Any?) -> [String: String] {
            (DocumentValue.object(value) ?? [:]).compactMapValues { DocumentValue.text($0) }
        }
        static func key(_ namespace: String, _ key: String, _ value: String) -> String { "\(namespace)\u{0}\(key)\u{0}\(value)" }

        /// Whether a pod of this file is one the selector picks (same namespace, every label).
        func hasPod(selectedBy selector: Selector) -> Bool {
            guard let (key, value) = selector.labels.min(by: { $0.key < $1.key }) else { return false }
            return (podsByLabel[Self.key(selector.namespace, key, value)] ?? []).contains { index in
                selector.labels.allSatisfy { pods[index].labels[$0.key] == $0.value }
            }
        }
    }

    private var groupOfFile: [String: Group] = [:]

    init() {}

    /// Files in command-line order; each ties to the one other file that answers a reference
    /// it cannot answer itself.
    init(_ summaries: [Summary]) {
        var parent = Array(summaries.indices)
        func root(_ i: Int) -> Int {
            var i = i
            while parent[i] != i { parent[i] = parent[parent[i]]; i = parent[i] }
            return i
        }
        func tie(_ i: Int, toTheOneOf candidates: [Int]) {
            guard candidates.count == 1 else { return }
            let (a, b) = (root(i), root(candidates[0]))
            parent[max(a, b)] = min(a, b)
        }
        for (i, summary) in summaries.enumerated() {
            for node in summary.podNodes where summary.nodes[node] == nil {
                tie(i, toTheOneOf: summaries.indices.filter { $0 != i && summaries[$0].nodes[node] != nil })
            }
            for selector in summary.selectors where !summary.hasPod(selectedBy: selector) {
                tie(i, toTheOneOf: summaries.indices.filter { $0 != i && summaries[$0].hasPod(selectedBy: selector) })
            }
        }
        let members = Dictionary(grouping: summaries.indices, by: root)
        for indices in members.values where indices.count > 1 {
            let files = indices.sorted().map { summaries[$0].file }
            var names: [String] = []
            for file in files {
                let name = KubernetesSettings.clusterName(forFile: file)
                if !names.contains(name) { names.append(name) }
            }
            var nodes: [String: KubernetesReader.Node] = [:]
            for i in indices { nodes.merge(summaries[i].nodes) { first, _ in first } }
            let group = Group(cluster: names.joined(separator: "+"), files: files, nodes: nodes)
            for file in files { groupOfFile[file] = group }
        }
    }

    func group(of file: String) -> Group? { groupOfFile[file] }
}

extension InventoryLoader {
    /// Before `files` are read one by one (audit, import): Kubernetes files among them whose
    /// objects refer to each other become one cluster, named after the files joined with `+`
    /// (`nodes+pods+services`). Nothing changes with `--cluster`, which names one cluster for
    /// all, or for inputs that cannot be read twice (standard input, a pipe, a URL). A file
    /// that cannot be read or parsed here stands alone: its own read reports the problem.
    public mutating func groupKubernetesFiles(_ files: [String]) {
        guard kubernetes.cluster == nil, format == .auto || format == .kubernetes else { return }
        var seen = Set<String>()
        let candidates = files.filter { file in
            guard seen.insert(file).inserted, !file.contains("://"), Self.isRegularFile(file) else { return false }
            let name = file.lowercased()
            return format == .kubernetes || [".json", ".yaml", ".yml"].contains { name.hasSuffix($0) }
        }
        guard candidates.count >= 2 else { return }
        var summaries: [KubernetesFileGroups.Summary] = []
        for file in candidates {
            guard let bytes = try? InputReader.readAll(file) else { continue }
            let first = bytes.first { ![0x20, 0x0A, 0x0D, 0x09, 0xEF, 0xBB, 0xBF].contains($0) }
            let looksJSON = first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
            guard let tree = try? (looksJSON ? parseJSON(bytes, file: file) : parseYAML(bytes, file: file)),
                  let document = DocumentValue.object(tree), KubernetesReader.isKubernetes(document),
                  let summary = KubernetesFileGroups.Summary(document, file: file, settings: kubernetes) else { continue }
            summaries.append(summary)
        }
        kubernetesGroups = KubernetesFileGroups(summaries)
    }

    /// The settings a Kubernetes file is read with: its group's cluster and nodes, if it has one.
    func kubernetesSettings(for file: String, tally: inout ReadTally) -> KubernetesSettings? {
        guard let group = kubernetesGroups.group(of: file) else { return nil }
        var settings = kubernetes
        settings.cluster = group.cluster
        settings.groupNodes = group.nodes
        // Said once, with the group's first file.
        let others = group.files.filter { $0 != file }
        if file == group.files.first { tally.notes.append("one cluster \"\(group.cluster)\" with \(others.joined(separator: ", ")) (their pods run on each other's nodes or their services select each other's pods); --cluster NAME names it") }
        return settings
    }

    private static func isRegularFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG
    }
}
