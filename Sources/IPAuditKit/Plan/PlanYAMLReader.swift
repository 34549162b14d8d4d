import IPCore
import Yams

/// Typed reads from a composed YAML tree. Every failure is an `InputError` that names the
/// file, the line Yams recorded for the node, the key path (`regions[0].zones[1]`) and the key.
struct PlanYAMLReader {
    let file: String

    func fail(_ node: Node?, _ path: String, _ field: String?, _ message: String) -> InputError {
        InputError(file: file, line: node?.mark?.line, path: path.isEmpty ? nil : path, field: field, message)
    }

    func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// A mapping whose keys are all strings from `allowed` (typos are errors, not ignored).
    func mapping(_ node: Node, _ path: String, allowed: Set<String>) throws -> [String: Node] {
        guard let m = node.mapping else { throw fail(node, path, nil, "expected a mapping") }
        var out: [String: Node] = [:]
        for (key, value) in m {
            guard let name = key.scalar?.string else { throw fail(key, path, nil, "keys must be strings") }
            guard allowed.contains(name) else {
                throw fail(key, path, name, "unknown key (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            out[name] = value
        }
        return out
    }

    func string(_ node: Node, _ path: String, _ field: String) throws -> String {
        guard let s = node.scalar?.string, !s.isEmpty else { throw fail(node, path, field, "expected a non-empty string") }
        return s
    }

    func int(_ node: Node, _ path: String, _ field: String) throws -> Int {
        guard let s = node.scalar?.string, let v = Int(s) else { throw fail(node, path, field, "expected an integer") }
        return v
    }

    func bool(_ node: Node, _ path: String, _ field: String) throws -> Bool {
        guard node.scalar != nil, let v = node.bool else { throw fail(node, path, field, "expected true or false") }
        return v
    }

    /// One CIDR or a list of them. Strict: host bits set is an error that suggests the fix.
    func prefixes(_ node: Node, _ path: String, _ field: String) throws -> [IPPrefix] {
        let items: [Node]
        if let seq = node.sequence { items = Array(seq) } else { items = [node] }
        return try items.map { item in
            let text = try string(item, path, field)
            do { return try IPPrefix(text) } catch { throw fail(item, path, field, "\(error)") }
        }
    }

    /// A list of names, or a count `n` meaning `<stem>-1` ... `<stem>-n`.
    func names(_ node: Node, _ path: String, _ field: String, stem: String) throws -> [String] {
        if let seq = node.sequence { return try seq.map { try string($0, path, field) } }
        let n = try int(node, path, field)
        guard n >= 0 && n <= 1_000_000 else { throw fail(node, path, field, "count must be between 0 and 1000000") }
        return n == 0 ? [] : (1...n).map { "\(stem)-\($0)" }
    }

    /// A block size: an integer (IPv4 length) or `{ipv4: L, ipv6: L}` or `{hosts: N}`.
    /// With `allowPin`, also `{prefix: CIDR|[CIDR]}` (returned separately).
    func blockSize(_ node: Node, _ path: String, _ field: String, allowPin: Bool = false) throws -> (BlockSize, [IPPrefix]) {
        if node.scalar != nil {
            return (BlockSize(ipv4: try length(node, path, field, max: 32)), [])
        }
        var keys: Set<String> = ["ipv4", "ipv6", "hosts"]
        if allowPin { keys.insert("prefix") }
        let m = try mapping(node, join(path, field), allowed: keys)
        var size = BlockSize()
        if let h = m["hosts"] {
            let hosts = try int(h, join(path, field), "hosts")
            guard let s = BlockSize.forHosts(hosts) else { throw fail(h, join(path, field), "hosts", "must be at least 1") }
            size = s
        }
        if let v = m["ipv4"] { size.ipv4 = try length(v, join(path, field), "ipv4", max: 32) }
        if let v = m["ipv6"] { size.ipv6 = try length(v, join(path, field), "ipv6", max: 128) }
        let pins = try m["prefix"].map { try prefixes($0, join(path, field), "prefix") } ?? []
        if size.ipv4 == nil && size.ipv6 == nil && pins.isEmpty {
            throw fail(node, path, field, "give ipv4, ipv6, hosts or prefix")
        }
        return (size, pins)
    }

    func length(_ node: Node, _ path: String, _ field: String, max: Int) throws -> Int {
        var text = try string(node, path, field)
        if text.hasPrefix("/") { text.removeFirst() }
        guard let v = Int(text), v >= 0, v <= max else {
            throw fail(node, path, field, "expected a prefix length between 0 and \(max)")
        }
        return v
    }
}
