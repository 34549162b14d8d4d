import IPCore

/// The keys `allocate` keeps in the store's settings, and their text form (CIDRs separated
/// by spaces). Pools and reserved ranges accumulate across runs, so later runs, `free` and
/// `release` see the space earlier runs carved.
public enum AllocationSettings {
    static let ula = "ula"
    static let pools = "pools"
    static let overlayPools = "overlay-pools"
    static let reserved = "reserved"

    static func prefixes(_ state: AllocationState, _ key: String) -> [IPPrefix] {
        guard let text = state.settings[key] else { return [] }
        return text.split(separator: " ").compactMap { try? IPPrefix(String($0)) }
    }

    /// Called on every read of stored settings: a value that does not parse is damage to
    /// report, never something to drop silently (a dropped ULA would be replaced by a new
    /// random /48, dropped pools rewritten away on the next run).
    public static func validate(_ settings: [String: String], store: String) throws {
        for key in [ula, pools, overlayPools, reserved] {
            guard let text = settings[key] else { continue }
            let items = text.split(separator: " ")
            if key == ula && items.count != 1 {
                throw StoreError(store: store, reason: "setting '\(key)' holds '\(text)', not one prefix; the store is damaged")
            }
            for item in items where (try? IPPrefix(String(item))) == nil {
                throw StoreError(store: store, reason: "setting '\(key)' holds '\(item)', not a prefix; the store is damaged")
            }
        }
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
