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
        // Nodes are paths, numbered in first-seen order; index arrays keep this linear
        // for plans with tens of thousands of blocks.
        var index: [String: Int] = [:]
        index.reserveCapacity(allocations.count)
        var blocks: [[StoredAllocation]] = []
        var children: [[Int]] = []
        var depth: [Int] = []
        var roots: [Int] = []
        for a in allocations {
            if let n = index[a.path] {
                blocks[n].append(a)
                continue
            }
            let n = blocks.count
            index[a.path] = n
            blocks.append([a])
            children.append([])
            if let parent = Self.parentPath(of: a).flatMap({ index[$0] }) {
                children[parent].append(n)
                depth.append(depth[parent] + 1)
            } else {
                roots.append(n)
                depth.append(0)
            }
        }
        var out: [Line] = []
        out.reserveCapacity(allocations.count)
        var stack = roots.reversed() as [Int]
        while let n = stack.popLast() {
            let own = blocks[n].count > 1 ? blocks[n].sorted { $0.family < $1.family } : blocks[n]
            for a in own {
                var inside: [IPPrefix] = []
                for c in children[n] {
                    for b in blocks[c] where b.prefix != a.prefix && a.prefix.contains(b.prefix) { inside.append(b.prefix) }
                }
                let (free, largest) = Self.freeSpace(of: a.prefix, minus: inside)
                out.append(Line(depth: depth[n], allocation: a, free: free, largestFree: largest))
            }
            stack.append(contentsOf: children[n].reversed())
        }
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
