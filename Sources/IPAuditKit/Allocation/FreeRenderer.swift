import IPCore

/// `ipaudit free`: per pool, its free space as a minimal CIDR list with sizes.
public enum FreeRenderer {
    public static func text(_ pools: [PoolUsage]) -> String {
        // The same count formatter as allocate's table: `2^80`, not 1208925819614629174706176.
        func size(_ c: AddressCount, _ pool: IPPrefix) -> String { AllocationRenderer.sizeText(c, family: pool.family) }
        if pools.isEmpty { return "no pools recorded in this store\n" }
        var out = ""
        for u in pools {
            out += "\(u.pool) (\(u.role)): \(size(u.freeSize, u.pool)) of \(size(u.pool.size, u.pool)) addresses free\n"
            for p in u.free { out += "  \(p)  \(AllocationRenderer.sizeText(p.size, family: p.family))\n" }
        }
        return TerminalText.escaped(out, keepingNewlines: true)
    }

    public static func json(_ pools: [PoolUsage]) -> String {
        let items = pools.map { u in
            let blocks = u.free.map { "{\"prefix\": \"\($0)\", \"size\": \"\($0.size)\"}" }.joined(separator: ", ")
            return "{\"prefix\": \"\(u.pool)\", \"family\": \(u.pool.family), \"role\": \"\(u.role)\", "
                + "\"size\": \"\(u.pool.size)\", \"free\": \"\(u.freeSize)\", \"blocks\": [\(blocks)]}"
        }
        return "{\"pools\": [" + items.joined(separator: ",\n  ") + "]}\n"
    }
}
