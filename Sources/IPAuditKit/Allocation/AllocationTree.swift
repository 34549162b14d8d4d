import IPCore

/// The live blocks arranged region → zone → rack → role/agent, in the order they were
/// first allocated (plan order), with the free space left inside each block.
public struct AllocationTree: Sendable {
    public struct Line: Sendable {
        public var depth: Int
        public var allocation: StoredAllocation
        /// Addresses of the block not covered by its child blocks.
        public var free: AddressCount
        /// The largest aligned block among them.
        public var largestFree: IPPrefix?
    }

    public var lines: [Line]

    public init(_ allocations: [StoredAllocation]) {
        final class Node {
            var blocks: [StoredAllocation] = []
            var children: [String] = []
        }
        var nodes: [String: Node] = [:]
        var roots: [String] = []
        var depth: [String: Int] = [:]
        for a in allocations {
            let node: Node
            if let n = nodes[a.path] {
                node = n
            } else {
                node = Node()
                nodes[a.path] = node
                if let parent = Self.parentPath(of: a), let p = nodes[parent] {
                    p.children.append(a.path)
                    depth[a.path] = (depth[parent] ?? 0) + 1
                } else {
                    roots.append(a.path)
                    depth[a.path] = 0
                }
            }
            node.blocks.append(a)
        }
        var out: [Line] = []
        out.reserveCapacity(allocations.count)
        func visit(_ path: String) {
            let node = nodes[path]!
            let childBlocks = node.children.flatMap { nodes[$0]!.blocks.map(\.prefix) }
            for a in node.blocks.sorted(by: { $0.family < $1.family }) {
                let inside = childBlocks.filter { a.prefix.contains($0) && $0 != a.prefix }
                let (free, largest) = Self.freeSpace(of: a.prefix, minus: inside)
                out.append(Line(depth: depth[path] ?? 0, allocation: a, free: free, largestFree: largest))
            }
            for child in node.children { visit(child) }
        }
        for r in roots { visit(r) }
        lines = out
    }

    static func freeSpace(of block: IPPrefix, minus children: [IPPrefix]) -> (AddressCount, IPPrefix?) {
        if children.isEmpty { return (block.size, block) }
        let rest = IPSet(prefixes: [block]).subtracting(IPSet(prefixes: children))
        return (rest.size, rest.largestBlock(family: block.family))
    }

    /// The path of the enclosing level, from the names (paths cannot be split: names may hold '/').
    static func parentPath(of a: StoredAllocation) -> String? {
        var parts = [a.region]
        switch a.kind {
        case "region": return nil
        case "zone": return a.region
        case "rack": if let z = a.zone { parts.append(z) }
        default:
            if let z = a.zone { parts.append(z) }
            if let k = a.rack { parts.append(k) }
        }
        return parts.joined(separator: "/")
    }
}

/// Free space per pool: the pool minus reserved ranges, quarantined blocks and every live block.
public struct PoolUsage: Sendable {
    public var pool: IPPrefix
    /// `underlay` or `overlay`.
    public var role: String
    public var free: [IPPrefix]
    public var freeSize: AddressCount

    public static func compute(_ outcome: AllocationOutcome) -> [PoolUsage] {
        let taken = IPSet(prefixes: outcome.allocations.map(\.prefix) + outcome.reserved + outcome.quarantined.map(\.prefix))
        let pools = outcome.pools.map { ($0, "underlay") } + outcome.overlayPools.map { ($0, "overlay") }
        return pools.map { pool, role in
            let rest = IPSet(prefixes: [pool]).subtracting(taken)
            return PoolUsage(pool: pool, role: role, free: rest.prefixes, freeSize: rest.size)
        }
    }
}
