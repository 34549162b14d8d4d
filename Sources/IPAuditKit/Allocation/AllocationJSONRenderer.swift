/// `{"allocations": [{"path", "kind", "prefix", "family", "size"}], "pools": [{"prefix",
/// "family", "role", "size", "free"}]}`: sizes are decimal strings (IPv6 counts exceed
/// what JSON numbers hold exactly). Allocations in tree order.
enum AllocationJSONRenderer {
    static func render(_ outcome: AllocationOutcome) -> String {
        var out = "{\"allocations\": ["
        var first = true
        for line in AllocationTree(outcome.allocations).lines {
            let a = line.allocation
            out += first ? "\n  " : ",\n  "
            first = false
            out += "{\"path\": \(AllocationRenderer.quoted(a.path)), \"kind\": \"\(a.kind)\", \"prefix\": \"\(a.prefix)\", "
                + "\"family\": \(a.family), \"size\": \"\(a.prefix.size)\"}"
        }
        out += first ? "], \"pools\": [" : "\n], \"pools\": ["
        first = true
        for u in PoolUsage.compute(outcome) {
            out += first ? "\n  " : ",\n  "
            first = false
            out += "{\"prefix\": \"\(u.pool)\", \"family\": \(u.pool.family), \"role\": \"\(u.role)\", "
                + "\"size\": \"\(u.pool.size)\", \"free\": \"\(u.freeSize)\"}"
        }
        out += first ? "]}\n" : "\n]}\n"
        return out
    }
}
