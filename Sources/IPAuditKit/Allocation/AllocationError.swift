import IPCore

/// Why an allocation run stopped. Nothing is written when one is thrown; the CLI exits 2.
public enum AllocationError: Error, CustomStringConvertible, Sendable {
    /// No free aligned block of the asked size inside the parent.
    case exhausted(path: String, kind: String, family: Int, length: Int, parent: String, free: AddressCount, largest: IPPrefix?)
    /// The plan or the flags contradict the store or themselves.
    case conflict(path: String, String)
    /// No sizing of the levels fits the pool: the arithmetic and what would fit.
    case tooSmall(String)
    /// `release` of a path with no allocation.
    case unknownPath(String)

    public var description: String {
        switch self {
        case let .exhausted(path, kind, family, length, parent, free, largest):
            let largestText = largest.map { "largest free block \($0) (/\($0.length))" } ?? "no free block at all"
            return "address space exhausted: \(kind) \(path) asks for an IPv\(family) /\(length) in \(parent); "
                + "free: \(free) addresses, \(largestText). "
                + Self.suggestion(kind: kind, family: family, length: length, parent: parent, largest: largest)
                + " Nothing was written."
        case let .conflict(path, message):
            return "\(path): \(message). Nothing was written."
        case let .tooSmall(message):
            return message + ". Nothing was written."
        case let .unknownPath(path):
            return "no allocation at path '\(path)' (see `ipaudit allocate --dry-run` for the stored paths)"
        }
    }

    /// What would make an exhausted request fit: a smaller block where one is free, room
    /// freed by `release`, or (regions, overlay slices) another pool. Stored blocks never move.
    static func suggestion(kind: String, family: Int, length: Int, parent: String, largest: IPPrefix?) -> String {
        var options: [String] = []
        if let largest, largest.length > length {
            let flag: String
            switch kind {
            case "region", "zone", "rack": flag = "--\(kind)-prefix\(family == 6 ? "6" : "") \(largest.length) (plan: sizes.\(kind))"
            case "agent": flag = "overlay.agent \(largest.length)"
            default: flag = "a role size of \(largest.length)"
            }
            options.append("a /\(largest.length) fits: \(flag)")
        }
        switch kind {
        case "region": options.append("add a pool (--pool CIDR)")
        case "agent": options.append("add an overlay pool (overlay.pools)")
        default: options.append("release blocks no longer used in \(parent) (ipaudit release PATH)")
        }
        return "To make it fit: " + options.joined(separator: ", or ") + "."
    }
}
