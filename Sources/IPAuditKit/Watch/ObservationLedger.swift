import IPCore

/// What a long-running scan has already written to its store, so each flush writes only what
/// is new: the store merges by adding frame counts, so writing the running totals again would
/// count every frame once per flush.
///
/// Keys are dropped when their binding is gone from the scanner (aged out) and its last
/// frames are saved, so the ledger is as big as the scanner's table, never bigger.
public struct ObservationLedger: Sendable {
    struct Key: Hashable, Sendable {
        var domain: String
        var address: IPAddress
        var mac: MACAddress
    }

    struct Saved: Sendable {
        var frames: Int
        var lastSeen: Double
    }

    private var saved: [Key: Saved] = [:]
    /// What bindings no longer tracked (aged out) still owe the store: their frames since the
    /// last successful save. Kept, and merged if a binding is retired twice, until a save succeeds.
    private var retired: [Key: Observation] = [:]

    public init() {}

    /// Bindings remembered (saved and still tracked, or retired and not yet saved).
    public var count: Int { saved.count + retired.count }

    /// The scanner let these bindings go (aged out): what they gained since the last save is
    /// kept for the next one, and their baseline is forgotten, so the same address coming back
    /// later starts from zero as the scanner's new entry does.
    public mutating func retire(_ observations: [Observation]) {
        for o in observations {
            let key = Key(o)
            var owed = o
            if let before = saved.removeValue(forKey: key) {
                owed.frames = o.frames - before.frames
                guard owed.frames > 0 || o.lastSeen > before.lastSeen else { continue }
            }
            if let earlier = retired[key] {
                owed.frames += earlier.frames
                owed.firstSeen = min(owed.firstSeen, earlier.firstSeen)
                owed.lastSeen = max(owed.lastSeen, earlier.lastSeen)
            }
            retired[key] = owed
        }
    }

    /// What to write now: the retired bindings' dues, and for each live binding the frames since
    /// the last successful save. Call `committed(current:)` with the same `current` once saved.
    public func pending(current: [Observation]) -> [Observation] {
        // One row per binding: an address that aged out and came back owes both its old and
        // its new frames, and a store may refuse one key twice in one statement.
        var out = retired
        for o in current {
            var delta = o
            if let before = saved[Key(o)] {
                guard o.frames > before.frames || o.lastSeen > before.lastSeen else { continue }
                delta.frames = o.frames - before.frames
            }
            if let owed = out[Key(o)] {
                delta.frames += owed.frames
                delta.firstSeen = min(delta.firstSeen, owed.firstSeen)
                delta.lastSeen = max(delta.lastSeen, owed.lastSeen)
            }
            out[Key(o)] = delta
        }
        return Array(out.values)
    }

    /// Records that the batch `pending(current:)` returned was saved.
    public mutating func committed(current: [Observation]) {
        for o in current { saved[Key(o)] = Saved(frames: o.frames, lastSeen: o.lastSeen) }
        retired.removeAll()
    }
}

extension ObservationLedger.Key {
    init(_ o: Observation) {
        self.init(domain: o.domain, address: o.address, mac: o.mac)
    }
}
