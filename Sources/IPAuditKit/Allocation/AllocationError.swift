import IPCore

/// Why an allocation run stopped. Nothing is written when one is thrown; the CLI exits 2.
public enum AllocationError: Error, CustomStringConvertible, Sendable {
    /// No free aligned block of the asked size inside the parent.
    case exhausted(path: String, kind: String, family: Int, length: Int, parent: String, free: AddressCount, largest: IPPrefix?)
    /// The plan or the flags contradict the store or themselves.
    case conflict(path: String, String)
    /// `release` of a path with no allocation.
    case unknownPath(String)

    public var description: String {
        switch self {
        case let .exhausted(path, kind, family, length, parent, free, largest):
            let largestText = largest.map { "largest free block \($0) (/\($0.length))" } ?? "no free block at all"
            return "address space exhausted: \(kind) \(path) asks for an IPv\(family) /\(length) in \(parent); "
                + "free: \(free) addresses, \(largestText). Nothing was written."
        case let .conflict(path, message):
            return "\(path): \(message). Nothing was written."
        case let .unknownPath(path):
            return "no allocation at path '\(path)' (see `ipaudit allocate --dry-run` for the stored paths)"
        }
    }
}
