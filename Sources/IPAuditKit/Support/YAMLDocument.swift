import Yams

/// The one way ipaudit reads YAML: composes the node tree (aliases stay shared, so this is
/// as cheap as the text), refuses documents whose aliases would expand past a bound (the
/// "billion laughs" bomb: 551 bytes, 10⁹ nodes), and only then builds values.
public enum YAMLDocument {
    /// Expanded nodes allowed: generous for real files (a node per few bytes, plus normal
    /// anchor use), and reached in milliseconds by the bounded walk below.
    static func nodeLimit(forBytes bytes: Int) -> Int { 1_000_000 + 4 * bytes }

    /// The composed root, or nil for an empty document. A stream of several documents
    /// (`---` between Kubernetes manifests, as `kubectl apply -f` takes them) is one `List` of
    /// them when every document is a Kubernetes object; any other stream is refused.
    public static func compose(_ text: String, file: String) throws -> Node? {
        let root: Node?
        do {
            // Each document through the parser, so that a broken one throws (the lazy
            // sequence of `compose_all` would end there silently).
            let parser = try Parser(yaml: text)
            var documents: [Node] = []
            while let document = try parser.nextRoot() {
                if document.null == nil { documents.append(document) }
            }
            root = try documents.count <= 1 ? documents.first : kubernetesList(documents, file: file)
        } catch let error as YamlError {
            throw InputError(file: file, line: line(of: error), "invalid YAML: \(problem(of: error))")
        }
        if let root { try checkExpansion(root, limit: nodeLimit(forBytes: text.utf8.count), file: file) }
        return root
    }

    /// Several manifests as the `List` that `kubectl get -o yaml` would print for them.
    static func kubernetesList(_ documents: [Node], file: String) throws -> Node {
        for (k, document) in documents.enumerated() {
            guard let mapping = document.mapping, mapping["apiVersion"]?.string != nil, mapping["kind"]?.string != nil else {
                throw InputError(file: file, line: document.mark.map { $0.line },
                                 "YAML document \(k + 1) of \(documents.count) is not a Kubernetes object (apiVersion and kind): only Kubernetes manifests may be given as several documents in one file")
            }
        }
        return Node.mapping(Node.Mapping([(Node("apiVersion"), Node("v1")), (Node("kind"), Node("List")),
                                          (Node("items"), Node.sequence(Node.Sequence(documents)))]))
    }

    /// Plain values (dictionaries, arrays, strings, numbers, booleans, NSNull), or nil when empty.
    public static func load(_ text: String, file: String) throws -> Any? {
        guard let root = try compose(text, file: file) else { return nil }
        return Constructor.default.any(from: root)
    }

    /// Counts nodes as they would be after alias expansion, stopping as soon as the count
    /// passes `limit`, so the walk itself is bounded; refuses keys Yams cannot build.
    static func checkExpansion(_ root: Node, limit: Int, file: String) throws {
        var stack = [root]
        var count = 0
        while let node = stack.popLast() {
            count += 1
            if count > limit {
                throw InputError(file: file, "YAML expands to more than \(limit) nodes (aliases referring to aliases?); refused")
            }
            switch node {
            case .scalar: break
            case .mapping(let m):
                for (k, v) in m {
                    // Yams builds values with a forced String for every key: a mapping or list
                    // used as a key ("? {a: b}: c") would trap. No ipaudit input has one.
                    guard case .scalar = k else {
                        throw InputError(file: file, line: k.mark.map { $0.line }, "YAML mapping keys must be plain text, not a mapping or list")
                    }
                    stack.append(v)
                }
            case .sequence(let s): stack.append(contentsOf: s)
            case .alias: break
            }
        }
    }

    static func line(of e: YamlError) -> Int? {
        switch e {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        case .duplicatedKeysInMapping(_, let context): context.mark.line
        default: nil
        }
    }

    static func problem(of e: YamlError) -> String {
        switch e {
        case .scanner(_, let p, _, _), .parser(_, let p, _, _), .composer(_, let p, _, _): p
        case .reader(let p, _, _, _): p
        case .duplicatedKeysInMapping(let d, _): "duplicate key \(d.joined(separator: ", "))"
        default: "\(e)"
        }
    }
}
