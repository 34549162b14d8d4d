import IPCore

/// The keys `allocate` keeps in the store's settings, and their text form (CIDRs separated
/// by spaces). Pools and reserved ranges accumulate across runs, so later runs, `free` and
/// `release` see the space earlier runs carved.
enum AllocationSettings {
    static let ula = "ula"
    static let pools = "pools"
    static let overlayPools = "overlay-pools"
    static let reserved = "reserved"

    static func prefixes(_ state: AllocationState, _ key: String) -> [IPPrefix] {
        guard let text = state.settings[key] else { return [] }
        return text.split(separator: " ").compactMap { try? IPPrefix(String($0)) }
    }

    static func text(_ prefixes: [IPPrefix]) -> String {
        prefixes.map(\.description).joined(separator: " ")
    }

    /// `old` followed by the members of `new` not already in it.
    static func merged(_ old: [IPPrefix], _ new: [IPPrefix]) -> [IPPrefix] {
        var seen = Set(old)
        return old + new.filter { seen.insert($0).inserted }
    }
}
