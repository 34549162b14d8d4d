import IPCore

/// The mutable working state of one `Allocator.allocate` call: the blocks known so far and,
/// per parent, the free space left (computed once, then shrunk as blocks are handed out).
struct AllocationRun {
    let options: AllocationOptions
    let space: AllocationSpace
    /// Never handed out: reserved ranges, plus quarantined blocks unless they may be reused.
    let blocked: IPSet
    /// Stored blocks per family, sorted, to find those inside a parent by binary search.
    let storedSorted: [Int: [IPPrefix]]
    let storedUnion: IPSet
    /// Live blocks by "path|family": the stored ones and this run's.
    var blocks: [BlockKey: IPPrefix] = [:]
    var identities: [String: [String?]] = [:]
    var stored: [BlockKey: StoredAllocation] = [:]
    /// The length in use per kind and family, so new siblings match the old (sizes are forever).
    var lengthInUse: [BlockKey: Int] = [:]
    /// Room (bits below the parent) the sizing chose for free levels (region, zone, rack) per
    /// family; relative, so a pinned parent of another size still gets children that fit.
    var levelRoom: [BlockKey: Int] = [:]
    var free: [ParentSpace: IPSet] = [:]
    var added: [StoredAllocation] = []
    var warnings: [String] = []
    /// Kinds already warned about for an IPv6 length off a nibble boundary (once per kind).
    var offNibble: Set<String> = []

    init(state: AllocationState, space: AllocationSpace, options: AllocationOptions) {
        self.options = options
        self.space = space
        var blockedList = space.reserved
        if !options.reuseReleased { blockedList += state.quarantined.map(\.prefix) }
        blocked = IPSet(prefixes: blockedList)
        storedUnion = IPSet(prefixes: state.allocations.map(\.prefix))
        var sorted: [Int: [IPPrefix]] = [4: [], 6: []]
        for a in state.allocations {
            let key = Self.key(a.path, a.family)
            blocks[key] = a.prefix
            stored[key] = a
            identities[a.path] = a.identity
            sorted[a.family, default: []].append(a.prefix)
            if lengthInUse[Self.key(a.kind, a.family)] == nil { lengthInUse[Self.key(a.kind, a.family)] = a.prefix.length }
        }
        storedSorted = sorted.mapValues { $0.sorted() }
    }

    static func key(_ path: String, _ family: Int) -> BlockKey { BlockKey(name: path, family: family) }

    /// Places one level of requests: keeps stored blocks, then fills each parent's new
    /// children, pinned ones first, then largest first (ties in plan order).
    mutating func place(_ requests: [BlockRequest], siblingCount: Int) throws {
        var parents: [ParentSpace] = []
        var pending: [ParentSpace: [(Int, BlockRequest)]] = [:]
        for (index, req) in requests.enumerated() {
            if let known = identities[req.path], known != req.identity {
                throw AllocationError.conflict(path: req.path, "two different blocks share this path (names containing '/' collide)")
            }
            identities[req.path] = req.identity
            if let existing = stored[Self.key(req.path, req.family)] {
                try keep(existing, for: req)
                continue
            }
            guard let parent = parentSpace(of: req) else { continue }
            if pending[parent] == nil { parents.append(parent) }
            pending[parent, default: []].append((index, req))
        }
        var placed: [(index: Int, allocation: StoredAllocation)] = []
        for parent in parents {
            let parentLength = self.parentLength(parent)
            var sized: [(req: BlockRequest, length: Int, order: Int, index: Int)] = []
            for (i, (index, req)) in pending[parent]!.enumerated() {
                guard req.pins.count <= 1 else {
                    throw AllocationError.conflict(path: req.path, "pins more than one IPv\(req.family) prefix")
                }
                let length = req.pins.first?.length ?? resolvedLength(req, parentLength: parentLength, siblingCount: siblingCount)
                try check(req, length: length, parent: parent, parentLength: parentLength)
                if req.family == 6 && length % 4 != 0 && offNibble.insert(req.kind).inserted {
                    warnings.append("\(req.path): IPv6 /\(length) is not on a nibble boundary (reverse DNS delegates per 4 bits)")
                }
                sized.append((req, length, req.pins.isEmpty ? i : -1, index))
            }
            sized.sort { ($0.order < 0) != ($1.order < 0) ? $0.order < 0 : ($0.length, $0.order) < ($1.length, $1.order) }
            var room = freeSpace(parent)
            for item in sized {
                let prefix = try take(item.req, length: item.length, from: room, parent: parent)
                room = room.removing(prefix)
                blocks[Self.key(item.req.path, item.req.family)] = prefix
                placed.append((item.index, item.req.stored(prefix)))
            }
            free[parent] = room
        }
        // Report in plan order (placement order is by size), so views list the tree as planned.
        for (_, a) in placed.sorted(by: { $0.index < $1.index }) { record(a) }
    }

    mutating func record(_ a: StoredAllocation) {
        added.append(a)
        if lengthInUse[Self.key(a.kind, a.family)] == nil { lengthInUse[Self.key(a.kind, a.family)] = a.prefix.length }
    }

    /// A stored block stays as it is; a plan that now asks otherwise gets a warning (or,
    /// for a pin that disagrees, an error: the user must release first).
    mutating func keep(_ existing: StoredAllocation, for req: BlockRequest) throws {
        if let pin = req.pins.first, pin != existing.prefix {
            throw AllocationError.conflict(path: req.path, "the plan pins \(pin) but the store holds \(existing.prefix); release it first")
        }
        if let length = req.length, req.pins.isEmpty, length != existing.prefix.length {
            warnings.append("\(req.path): kept \(existing.prefix); the plan asks for /\(length) (release the block to resize it)")
        }
    }

    func take(_ req: BlockRequest, length: Int, from room: IPSet, parent: ParentSpace) throws -> IPPrefix {
        if let pin = req.pins.first {
            guard room.contains(pin) else {
                throw AllocationError.conflict(path: req.path, "pinned \(pin) is not free inside \(parent.description)")
            }
            return pin
        }
        if let p = room.freeBlock(length: length, family: req.family, fit: options.fit) { return p }
        let familyRoom = room.only(family: req.family)
        throw AllocationError.exhausted(path: req.path, kind: req.kind, family: req.family, length: length,
                                        parent: parent.description, free: familyRoom.size,
                                        largest: familyRoom.largestBlock(family: req.family))
    }

    func check(_ req: BlockRequest, length: Int, parent: ParentSpace, parentLength: Int) throws {
        let width = req.family == 4 ? 32 : 128
        guard length >= 0 && length <= width else {
            throw AllocationError.conflict(path: req.path, "IPv\(req.family) length /\(length) is out of range")
        }
        if case .block(let p) = parent, length <= p.length {
            let fix = p.length < width ? "; a \(req.kind) must be smaller than its parent: /\(p.length + 1) or longer, or release the parent to resize it" : ""
            throw AllocationError.conflict(path: req.path, "a /\(length) \(req.kind) does not fit inside its parent \(p) with room to spare\(fix)")
        }
    }

    mutating func resolvedLength(_ req: BlockRequest, parentLength: Int, siblingCount: Int) -> Int {
        if let l = req.length { return l }
        if let room = levelRoom[Self.key(req.kind, req.family)] { return parentLength + room }
        if let l = lengthInUse[Self.key(req.kind, req.family)] { return l }
        return DefaultSizes.length(parentLength: parentLength, count: siblingCount, family: req.family)
    }

    func parentSpace(of req: BlockRequest) -> ParentSpace? {
        switch req.kind {
        case "region":
            return space.pools.contains(where: { $0.family == req.family }) ? .pools(req.family) : nil
        case "agent":
            return .overlay(req.family)
        default:
            var path = [req.region]
            if req.kind != "zone", let z = req.zone { path.append(z) }
            if req.kind == "role", let k = req.rack { path.append(k) }
            return blocks[Self.key(path.joined(separator: "/"), req.family)].map(ParentSpace.block)
        }
    }

    func parentLength(_ parent: ParentSpace) -> Int {
        switch parent {
        case .block(let p): p.length
        case .pools(let f): space.pools.first(where: { $0.family == f })?.length ?? 0
        case .overlay(let f): space.overlayPools.first(where: { $0.family == f })?.length ?? 0
        }
    }

    /// Free space of a parent, by set algebra: its space minus blocked ranges minus the
    /// stored blocks inside it. Computed once per parent, then shrunk as blocks are taken.
    mutating func freeSpace(_ parent: ParentSpace) -> IPSet {
        if let cached = free[parent] { return cached }
        let result: IPSet
        switch parent {
        case .pools(let f):
            let pools = IPSet(prefixes: space.pools.filter { $0.family == f })
            result = pools.subtracting(blocked).subtracting(IPSet(prefixes: space.overlayPools)).subtracting(storedUnion)
        case .overlay(let f):
            result = IPSet(prefixes: space.overlayPools.filter { $0.family == f }).subtracting(blocked).subtracting(storedUnion)
        case .block(let p):
            result = IPSet(prefixes: [p]).subtracting(blocked).subtracting(IPSet(prefixes: storedInside(p)))
        }
        free[parent] = result
        return result
    }

    /// Stored blocks strictly inside `p` (a contiguous run of the sorted list).
    func storedInside(_ p: IPPrefix) -> [IPPrefix] {
        let list = storedSorted[p.family] ?? []
        var lo = 0, hi = list.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if list[mid].first < p.first { lo = mid + 1 } else { hi = mid }
        }
        var out: [IPPrefix] = []
        while lo < list.count && p.contains(list[lo].first) {
            if list[lo].length > p.length { out.append(list[lo]) }
            lo += 1
        }
        return out
    }
}

/// A name (path or kind) in one family: the key of the run's lookup tables.
struct BlockKey: Hashable {
    var name: String
    var family: Int
}
