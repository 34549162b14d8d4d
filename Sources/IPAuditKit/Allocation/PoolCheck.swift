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

    /// Refuses the first unusable pool; returns the warnings for the others. The verdicts are
    /// `AddressClass`'s, as audit and scan judge an address: unroutable and outside the
    /// routable space refuse, the others warn.
    static func check(_ pools: [IPPrefix], routable: [IPPrefix]?) throws(Refusal) -> [String] {
        let routableSet = routable.map { IPSet(prefixes: $0) }
        var warnings: [String] = []
        for pool in pools {
            let addressClass = AddressClass(pool)
            let outside = routableSet.map { !$0.contains(pool) } ?? false
            for verdict in addressClass.verdicts(outsideRoutable: outside) {
                switch verdict {
                case .unroutable:
                    throw Refusal(pool: pool, reason: "lies in \(addressClass.described): no cluster host can use it")
                case .dcosDefault, .discouraged:
                    warnings.append("pool \(pool) lies in \(addressClass.described): usable, but it collides with space others route")
                case .publicIPv4:
                    warnings.append("pool \(pool) is public IPv4 space: inside the cluster it hides those Internet hosts")
                case .outsideRoutable:
                    // Judged after the ranges inside, as before: their warnings come first.
                    break
                }
            }
            for inner in AddressClass.inside(pool) where inner.entry.hostUse == .discouraged {
                warnings.append("pool \(pool) contains \(inner.entry.prefix), \(inner.described): blocks there collide with space others route")
            }
            if outside {
                throw Refusal(pool: pool, reason: "is outside the plan's routable space (\(routable!.map(\.description).joined(separator: ", ")))")
            }
        }
        return warnings
    }

    /// The unusable ranges inside `pools` (more specific than the pools themselves): never handed out.
    static func unusable(in pools: [IPPrefix]) -> [IPPrefix] {
        var builder = IPSetBuilder()
        for pool in pools {
            for inner in AddressClass.inside(pool) where inner.use == .unroutable { builder.add(inner.entry.prefix) }
        }
        return builder.build().prefixes
    }
}
