import IPCore

/// `{"allocations": [{"path", "kind", "prefix", "family", "size"}], "pools": [{"prefix",
/// "family", "role", "size", "free"}]}`: sizes are decimal strings (IPv6 counts exceed
/// what JSON numbers hold exactly). Allocations in tree order. Written into one byte
/// buffer: a plan can hold tens of thousands of blocks.
enum AllocationJSONRenderer {
    static func render(_ outcome: AllocationOutcome) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(128 * outcome.allocations.count + 256)
        out += Array("{\"allocations\": [".utf8)
        var first = true
        for line in AllocationTree(outcome.allocations).lines {
            let a = line.allocation
            out += Array((first ? "\n  " : ",\n  ").utf8)
            first = false
            out += Array("{\"path\": ".utf8)
            AllocationRenderer.appendQuoted(a.path, to: &out)
            out += Array(", \"kind\": \"\(a.kind)\", \"prefix\": \"".utf8)
            a.prefix.append(to: &out)
            out += Array("\", \"family\": \(a.family), \"size\": \"\(a.prefix.size)\"}".utf8)
        }
        out += Array((first ? "], \"pools\": [" : "\n], \"pools\": [").utf8)
        first = true
        for u in PoolUsage.compute(outcome) {
            out += Array((first ? "\n  " : ",\n  ").utf8)
            first = false
            out += Array(("{\"prefix\": \"\(u.pool)\", \"family\": \(u.pool.family), \"role\": \"\(u.role)\", "
                + "\"size\": \"\(u.pool.size)\", \"free\": \"\(u.freeSize)\"}").utf8)
        }
        out += Array((first ? "]}\n" : "\n]}\n").utf8)
        return String(decoding: out, as: UTF8.self)
    }
}
