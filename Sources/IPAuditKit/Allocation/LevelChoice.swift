/// The length one level (region, zone or rack) gets in one family, and why: what
/// `allocate --explain` and the table's footer show.
public struct LevelChoice: Sendable, Hashable {
    public enum Source: String, Sendable {
        /// `--zone-prefix`, the plan's `sizes`...
        case explicit
        /// A length already used by stored blocks of the level (sizes are forever).
        case stored
        /// Chosen here: default headroom, shrunk when the pool is small.
        case free
    }

    public var kind: String
    public var family: Int
    public var length: Int
    /// The parent level's length (the first pool's, for regions).
    public var parentLength: Int
    public var source: Source
    /// The most blocks of this level under one parent.
    public var count: Int
    /// Room (bits) a free level gets when the pool allows it.
    public var defaultRoom: Int
    /// Whether the room was chosen by the sizing (a free level, or a fixed one under a free parent).
    public var chosen: Bool
    /// The floor this level had to respect (free levels with nothing fixed below).
    public var floor: Int?
    /// A free level whose children have a fixed size: its length comes from them.
    public var childFixed: Bool

    /// Room for this many blocks inside the parent.
    public var room: Int { length - parentLength }

    /// Less room than the default because the pool is small.
    public var shrunk: Bool { chosen && room < defaultRoom }

    var plural: String { kind + "s" }
    var parentName: String {
        switch kind {
        case "region": "the pool"
        case "zone": "each region"
        default: "each zone"
        }
    }

    static func slots(_ bits: Int) -> String { bits >= 63 ? "2^\(bits)" : String(1 << bits) }

    /// `zone IPv4 /28: default headroom, room for 16 in each region; at the floor /28`.
    public var explanation: String {
        var parts: [String] = []
        switch source {
        case .explicit: parts.append("explicit size")
        case .stored: parts.append("kept from the store (sizes are forever)")
        case .free:
            if childFixed { parts.append("derived from its children") }
            parts.append(shrunk ? "shrunk headroom" : "default headroom")
        }
        var roomText = "room for \(Self.slots(room)) \(room == 0 ? kind : plural) in \(parentName)"
        if shrunk { roomText += ", not \(Self.slots(defaultRoom))" }
        parts.append(roomText + " (\(count) asked)")
        if let floor, length == floor { parts.append("at the IPv\(family) floor /\(floor)") }
        return "\(kind) IPv\(family) /\(length): " + parts.joined(separator: "; ")
    }

    /// The short reason of the table's footer: `explicit`, `stored`, `derived from children`,
    /// `default headroom` or `shrunk headroom`, and `floor` when at it.
    public var reason: String {
        var r: String
        switch source {
        case .explicit: r = "explicit"
        case .stored: r = "stored"
        case .free: r = childFixed ? "derived from children" : (shrunk ? "shrunk headroom" : "default headroom")
        }
        if source == .free, childFixed, shrunk { r += ", shrunk headroom" }
        if let floor, length == floor { r += ", floor" }
        return r
    }

    /// The table's footer: `sizes: IPv4 region /24 (shrunk headroom), zone /28 (default headroom, floor)`.
    static func footer(_ choices: [LevelChoice]) -> String {
        var out = ""
        for family in [4, 6] {
            let mine = choices.filter { $0.family == family }
            guard !mine.isEmpty else { continue }
            out += "sizes IPv\(family): " + mine.map { "\($0.kind) /\($0.length) (\($0.reason))" }.joined(separator: ", ") + "\n"
        }
        return out
    }

    /// One warning line per family when headroom shrank:
    /// `pool 10.9.0.0/24 is small: the pool gets room for 1 region, not 16; ...`.
    static func smallPoolWarning(_ choices: [LevelChoice], pool: String) -> String? {
        let shrunk = choices.filter(\.shrunk)
        guard !shrunk.isEmpty else { return nil }
        let parts = shrunk.map { c -> String in
            let holder = c.kind == "region" ? "the pool gets" : (c.kind == "zone" ? "regions get" : "zones get")
            return "\(holder) room for \(slots(c.room)) \(c.room == 0 ? c.kind : c.plural), not \(slots(c.defaultRoom))"
        }
        return "pool \(pool) is small: " + parts.joined(separator: "; ") + " (see --explain)"
    }
}
