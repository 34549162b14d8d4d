/// `ipaudit release PATH`: the block at PATH (every family) and everything below it move
/// to quarantine, where `allocate` will not hand them out again unless told to.
public enum AllocationRelease {
    /// The blocks to release for `path`. A path with no block of its own but with blocks
    /// below it (e.g. `region/zone/rack/dcos`, the overlay slices of a rack) releases those.
    public static func blocks(releasing path: String, in state: AllocationState) throws -> [StoredAllocation] {
        let exact = state.allocations.filter { $0.path == path }
        if exact.isEmpty {
            let below = state.allocations.filter { $0.path.hasPrefix(path + "/") }
            guard !below.isEmpty else { throw AllocationError.unknownPath(path) }
            return below
        }
        return state.allocations.filter { candidate in exact.contains { isSelfOrBelow(candidate, $0) } }
    }

    /// Below by names, not by path text (names may contain '/').
    static func isSelfOrBelow(_ x: StoredAllocation, _ top: StoredAllocation) -> Bool {
        if x.path == top.path { return true }
        switch top.kind {
        case "region": return x.region == top.region
        case "zone": return x.region == top.region && x.zone == top.zone
        case "rack": return x.region == top.region && x.zone == top.zone && x.rack == top.rack
        default: return false
        }
    }

    /// Runs the release in one store transaction; returns what was released.
    public static func release(_ path: String, in store: any AllocationStoring) throws -> [StoredAllocation] {
        try store.updateAllocations { state in
            let released = try blocks(releasing: path, in: state)
            var changes = AllocationChanges()
            changes.released = released
            return (changes, released)
        }
    }
}
