import IPCore

/// One block the plan asks for: a path in one family, with either a length or pinned prefixes.
struct BlockRequest {
    var path: String
    var kind: String
    var region: String
    var zone: String?
    var rack: String?
    var role: String?
    var agent: String?
    var family: Int
    /// Explicit length from the plan or the flags; nil means "use the default for the level".
    var length: Int?
    var pins: [IPPrefix]

    func stored(_ prefix: IPPrefix) -> StoredAllocation {
        StoredAllocation(path: path, kind: kind, prefix: prefix, region: region, zone: zone, rack: rack, role: role, agent: agent)
    }

    /// The names that locate the block; two different ones with one path string are a conflict.
    var identity: [String?] { [kind, region, zone, rack, role, agent] }
}

extension StoredAllocation {
    var identity: [String?] { [kind, region, zone, rack, role, agent] }
}

/// Where a block's free space comes from.
enum ParentSpace: Hashable {
    /// The underlay pools of a family (regions).
    case pools(Int)
    /// The overlay pools of a family (per-agent slices).
    case overlay(Int)
    /// A stored or new block (zones, racks, roles).
    case block(IPPrefix)

    var description: String {
        switch self {
        case .pools(let f): "the IPv\(f) pools"
        case .overlay(let f): "the IPv\(f) overlay pools"
        case .block(let p): p.description
        }
    }
}
