import IPCore

/// The text of `AllocationError.tooSmall`: what was asked, what the pool holds, and each
/// change that alone would make the plan fit (found by sizing again with that change).
struct SizingFailure {
    let sizing: LevelSizing

    init(_ sizing: LevelSizing) { self.sizing = sizing }

    var message: String {
        let s = sizing
        let asked = s.levels.enumerated().map { i, level in
            var text = "\(level.count) \(level.count == 1 ? level.kind : level.kind + "s")" + Self.per(i)
            if let f = level.fixed { text += " of /\(f) (\(level.source == .explicit ? "explicit" : "stored"))" }
            return text
        }
        var text = "the IPv\(s.family) pool \(s.poolName) is too small: asked for " + asked.joined(separator: ", ")
            + ", default blocks no smaller than /\(s.floor) (the IPv\(s.family) floor); "
        let pool = smallestPool()
        if let p = pool {
            text += "that needs a /\(p) pool (\(AllocationRenderer.sizeText(AddressCount.powerOfTwo(s.width - p), family: s.family)) addresses)"
        } else {
            text += "a larger pool does not help (explicit or stored sizes, roles and the floor leave no room: "
                + "a block must be smaller than its parent and hold its children and roles)"
        }
        text += ", the pool has \(AllocationRenderer.sizeText(freeAddresses, family: s.family)) addresses free"
        let options = suggestions(pool: pool)
        text += options.isEmpty ? "" : ". It fits with any one of: " + options.joined(separator: "; ")
        return text
    }

    static func per(_ level: Int) -> String { level == 0 ? "" : (level == 1 ? " per region" : " per zone") }

    var freeAddresses: AddressCount {
        sizing.freeLengths.reduce(AddressCount(0)) { $0 + AddressCount.powerOfTwo(sizing.width - $1) }
    }

    func flag(_ kind: String, _ length: Int) -> String {
        "--\(kind)-prefix\(sizing.family == 6 ? "6" : "") \(length), plan sizes.\(kind)"
    }

    /// The longest pool length (smallest fresh pool) the plan fits in, if any within 32 bits more.
    func smallestPool() -> Int? {
        let s = sizing
        for p in stride(from: s.poolLength - 1, through: max(0, s.poolLength - 32), by: -1) {
            var t = s
            t.poolLength = p
            t.freeLengths = [p]
            if t.solve(checkFixed: true) != nil { return p }
        }
        return nil
    }

    func suggestions(pool: Int?) -> [String] {
        var out: [String] = []
        if let p = pool { out.append("a /\(p) pool (--pool, plan: pools)") }
        // Fewer blocks at one level.
        for (i, level) in sizing.levels.enumerated() where level.count > 1 {
            if let c = largestCount(level: i) {
                out.append("at most \(c) \(c == 1 ? level.kind : level.kind + "s")\(Self.per(i))")
            }
        }
        // Another size at one level: smaller blocks (an explicit size may go below the floor)
        // or, for an explicit size too small for its own roles, larger ones.
        for (i, level) in sizing.levels.enumerated() where level.source != .stored {
            let current = level.fixed ?? sizing.floor
            let smaller = current < sizing.width ? Array((current + 1)...sizing.width) : []
            let larger = level.fixed != nil && current > sizing.poolLength ? Array(stride(from: current - 1, through: sizing.poolLength, by: -1)) : []
            guard let x = (smaller + larger).first(where: { fits(level: i, length: $0) }) else { continue }
            if let old = level.fixed {
                out.append("\(level.kind)s of /\(x) instead of /\(old) (\(flag(level.kind, x)))")
            } else {
                out.append("\(level.kind)s of /\(x) (\(flag(level.kind, x)); explicit sizes may go below the /\(sizing.floor) floor)")
            }
        }
        return out
    }

    func fits(level i: Int, length: Int) -> Bool {
        var t = sizing
        t.levels[i].fixed = length
        t.levels[i].source = .explicit
        return t.solve(checkFixed: true) != nil
    }

    /// The most blocks of level `i` per parent that fit, everything else as asked.
    func largestCount(level i: Int) -> Int? {
        func fits(_ c: Int) -> Bool {
            var t = sizing
            t.levels[i].count = c
            if i == 0 {
                t.newRegions = min(t.newRegions, c)
            } else {
                t.levels[i - 1].holds = Set(t.levels[i - 1].holds.map { h in
                    var h = h
                    h.children = min(h.children, c)
                    return h
                })
            }
            return t.solve(checkFixed: true) != nil
        }
        var lo = 0, hi = sizing.levels[i].count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if fits(mid) { lo = mid } else { hi = mid - 1 }
        }
        return lo > 0 ? lo : nil
    }
}
