/// The JSON document's content as YAML (same keys), for GitOps-style plan files.
enum AllocationYAMLRenderer {
    static func render(_ outcome: AllocationOutcome) -> String {
        let lines = AllocationTree(outcome.allocations).lines
        var out = lines.isEmpty ? "allocations: []\n" : "allocations:\n"
        for line in lines {
            let a = line.allocation
            out += "  - path: \(AllocationRenderer.quoted(a.path))\n    kind: \(a.kind)\n    prefix: \"\(a.prefix)\"\n"
                + "    family: \(a.family)\n    size: \"\(a.prefix.size)\"\n"
        }
        let pools = PoolUsage.compute(outcome)
        out += pools.isEmpty ? "pools: []\n" : "pools:\n"
        for u in pools {
            out += "  - prefix: \"\(u.pool)\"\n    family: \(u.pool.family)\n    role: \(u.role)\n"
                + "    size: \"\(u.pool.size)\"\n    free: \"\(u.freeSize)\"\n"
        }
        return out
    }
}
