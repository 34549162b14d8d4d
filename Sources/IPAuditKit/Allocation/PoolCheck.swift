import IPCore

/// What the special-purpose registry and the plan's routable space say about pools.
///
/// - A pool inside space no cluster host can use (loopback, link-local, multicast,
///   documentation, IPv6 not allocated for unicast, ...) is refused: every block carved
///   from it would be unusable.
/// - Such ranges inside a larger pool (`0.0.0.0/0` holds 127.0.0.0/8, 224.0.0.0/4, ...)
///   are never handed out: the allocator treats them as reserved. They are derived from the
///   registry on every run, not stored.
/// - Discouraged space (shared CGNAT, benchmarking, DC/OS's public defaults) and public
///   IPv4 may be used, with a warning: addresses there shadow real Internet hosts or
///   collide with carrier NAT.
/// - A pool outside the plan's explicit `routable` space is refused: nothing carved from
///   it could reach the rest of the cluster.
enum PoolCheck {
    struct Refusal: Error {
        var pool: IPPrefix
        var reason: String
    }

    /// Refuses the first unusable pool; returns the warnings for the others.
    static func check(_ pools: [IPPrefix], routable: [IPPrefix]?) throws(Refusal) -> [String] {
        let routableSet = routable.map { IPSet(prefixes: $0) }
        var warnings: [String] = []
        for pool in pools {
            let entry = SpecialPurposeRegistry.classify(pool)
            switch entry.hostUse {
            case .unroutable:
                throw Refusal(pool: pool, reason: "lies in \(describe(entry)): no cluster host can use it")
            case .discouraged:
                warnings.append("pool \(pool) lies in \(describe(entry)): usable, but it collides with space others route")
            case .usable:
                if entry.className == "public" && pool.family == 4 {
                    warnings.append("pool \(pool) is public IPv4 space: inside the cluster it hides those Internet hosts")
                }
            }
            for inner in contained(in: pool) where inner.hostUse == .discouraged {
                warnings.append("pool \(pool) contains \(inner.prefix), \(describe(inner)): blocks there collide with space others route")
            }
            if let routableSet, !routableSet.contains(pool) {
                throw Refusal(pool: pool, reason: "is outside the plan's routable space (\(routable!.map(\.description).joined(separator: ", ")))")
            }
        }
        return warnings
    }

    /// The unusable ranges inside `pools` (more specific than the pools themselves): never handed out.
    static func unusable(in pools: [IPPrefix]) -> [IPPrefix] {
        var builder = IPSetBuilder()
        for pool in pools {
            for inner in contained(in: pool) where inner.hostUse == .unroutable { builder.add(inner.prefix) }
        }
        return builder.build().prefixes
    }

    /// Registry entries strictly inside `pool`.
    private static func contained(in pool: IPPrefix) -> [SpecialPurposeEntry] {
        SpecialPurposeRegistry.entries.filter { !$0.terminated && $0.prefix.length > pool.length && pool.contains($0.prefix) }
    }

    private static func describe(_ e: SpecialPurposeEntry) -> String { "\(e.name) (\(e.rfc))" }
}
