import IPCore

/// Chooses one length per level (region, zone, rack) in one family before anything is placed.
///
/// A level's length is explicit (flags, the plan's `sizes`), kept from the store, or free.
/// Free levels get room for 16 blocks (or the next power of two above their count) inside
/// their parent, top-down from the pool. That layout is always tried first, so large pools
/// keep the plan they always had. When it breaks something — a default block below the
/// floor, children or roles that do not fit their parent, an explicit size with less room
/// than the default headroom — the room shrinks 16 → 8 → 4 → 2 → exact, the top level first:
/// a small pool is usually one site, where room for more racks and zones matters more than
/// room for more regions. An explicit level below a free one sizes it bottom-up (a region
/// must hold its zones): its room is a target like any other.
struct LevelSizing {
    struct Level {
        var kind: String
        /// Explicit or stored length; nil: free.
        var fixed: Int?
        var source: LevelChoice.Source
        /// The most blocks of this level under one parent (the pool, for regions).
        var count: Int
        /// What each new block of this level must hold (stored and pinned blocks are the
        /// placement's business: their children go where there is room, or exit 2).
        var holds: Set<Holding>
    }

    /// One new block's contents: blocks of the next level and role subnets.
    struct Holding: Hashable {
        var children: Int
        var roles: AddressCount
        /// The longest prefix a role can sit in is one bit shorter than its own length.
        var shortestRole: Int?
    }

    var family: Int
    /// The first pool of the family: regions' room is counted in it.
    var poolLength: Int
    var poolName: String
    /// Free aligned blocks of the pools (lengths), where new regions go.
    var freeLengths: [Int]
    var newRegions: Int
    var floor: Int
    var levels: [Level]

    var width: Int { family == 4 ? 32 : 128 }

    /// Default blocks are never smaller than a usable subnet: IPv4 /28 (14 hosts), IPv6 /64 (SLAAC).
    static func floor(family: Int) -> Int { family == 4 ? 28 : 64 }

    /// Levels whose room is chosen: free ones, and fixed ones under a free parent (their
    /// room decides the parent's length).
    var variables: [Int] {
        levels.indices.filter { levels[$0].fixed == nil || ($0 > 0 && levels[$0 - 1].fixed == nil) }
    }

    func defaultRoom(_ i: Int) -> Int { DefaultSizes.slotBits(count: levels[i].count) }

    /// The lengths, or nil when no room shrinking makes the plan fit. With every level
    /// fixed there is nothing to choose: placement reports what does not fit (naming the
    /// parent and its free space), unless `checkFixed` asks for the check here.
    func solve(checkFixed: Bool = false) -> [LevelChoice]? {
        let vars = variables
        if vars.isEmpty {
            let fixed = levels.map { $0.fixed! }
            return !checkFixed || fits(fixed, targets: [:], nibble: false) ? choices(targets: [:]) : nil
        }
        let combos = candidates(vars)
        // IPv6 first on nibble boundaries; off them only when the pool allows nothing else.
        for nibble in family == 6 ? [true, false] : [false] {
            for combo in combos {
                let targets = Dictionary(uniqueKeysWithValues: zip(vars, combo))
                if let lengths = lengths(targets), fits(lengths, targets: targets, nibble: nibble) {
                    return choices(targets: targets, lengths: lengths)
                }
            }
        }
        return nil
    }

    /// Every combination of rooms, best first: the deepest level's room matters most, and a
    /// room is best at its default, then just above it (IPv6 nibble rounding), then below it.
    func candidates(_ vars: [Int]) -> [[Int]] {
        var combos: [[Int]] = [[]]
        for i in vars {
            let low = i == 0 ? 0 : 1
            let high = defaultRoom(i) + (family == 6 && levels[i].fixed == nil ? 3 : 0)
            combos = combos.flatMap { c in (low...high).map { c + [$0] } }
        }
        func rank(_ room: Int, _ i: Int) -> Int {
            let d = defaultRoom(i)
            return room >= d ? room - d : 1000 + d - room
        }
        return combos.sorted { a, b in
            for k in vars.indices.reversed() where a[k] != b[k] {
                return rank(a[k], vars[k]) < rank(b[k], vars[k])
            }
            return false
        }
    }

    /// Top-down lengths: a free level sits `room` bits below its parent; a fixed level keeps
    /// its length and needs at least its room target below a free parent.
    func lengths(_ targets: [Int: Int]) -> [Int]? {
        var out: [Int] = []
        var parent = poolLength
        for (i, level) in levels.enumerated() {
            let length: Int
            if let fixed = level.fixed {
                if let t = targets[i], fixed - parent < t { return nil }
                length = fixed
            } else {
                length = parent + targets[i]!
            }
            out.append(length)
            parent = length
        }
        return out
    }

    func fits(_ lengths: [Int], targets: [Int: Int], nibble: Bool) -> Bool {
        let lowestFixed = levels.lastIndex { $0.fixed != nil } ?? -1
        for (i, length) in lengths.enumerated() {
            guard length >= 0 && length <= width else { return false }
            if i > 0 && length <= lengths[i - 1] { return false }
            if levels[i].fixed == nil {
                if nibble && length % 4 != 0 { return false }
                // Below every fixed level nothing asks for small blocks: the floor holds.
                if i > lowestFixed && length > floor { return false }
            }
            for h in levels[i].holds where !holds(h, in: length, childLength: i + 1 < lengths.count ? lengths[i + 1] : nil) {
                return false
            }
        }
        return newRegions == 0 || regionsFit(length: lengths[0])
    }

    func holds(_ h: Holding, in length: Int, childLength: Int?) -> Bool {
        if let r = h.shortestRole, r <= length { return false }
        var need = h.roles
        if h.children > 0 {
            guard let c = childLength, c <= width else { return false }
            need = need + Self.blocks(h.children, of: width - c)
        }
        return !(AddressCount.powerOfTwo(width - length) < need)
    }

    /// Whether the pools' free space holds the new regions as aligned blocks of `length`.
    func regionsFit(length: Int) -> Bool {
        var room = 0
        for l in freeLengths where l <= length {
            if length - l >= 40 { return true }
            room += 1 << (length - l)
            if room >= newRegions { return true }
        }
        return false
    }

    /// `n` blocks of 2^`bits` addresses, saturating at 2^128.
    static func blocks(_ n: Int, of bits: Int) -> AddressCount {
        let (product, overflow) = UInt128(n).multipliedReportingOverflow(by: bits >= 128 ? 0 : UInt128(1) << UInt128(bits))
        return overflow || bits >= 128 ? AddressCount.powerOfTwo(128) : AddressCount(product)
    }

    func choices(targets: [Int: Int], lengths: [Int]? = nil) -> [LevelChoice] {
        let lengths = lengths ?? levels.map { $0.fixed ?? 0 }
        let lowestFixed = levels.lastIndex { $0.fixed != nil } ?? -1
        return levels.indices.map { i in
            let parent = i == 0 ? poolLength : lengths[i - 1]
            return LevelChoice(kind: levels[i].kind, family: family, length: lengths[i], parentLength: parent,
                               source: levels[i].source, count: levels[i].count, defaultRoom: defaultRoom(i),
                               chosen: targets[i] != nil,
                               floor: levels[i].fixed == nil && i > lowestFixed ? floor : nil,
                               childFixed: i + 1 < levels.count && levels[i + 1].fixed != nil && levels[i].fixed == nil)
        }
    }
}
