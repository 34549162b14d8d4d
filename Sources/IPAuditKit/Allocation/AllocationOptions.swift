import IPCore

/// Run-wide choices of `ipaudit allocate`.
public struct AllocationOptions: Sendable {
    public var fit: FitPolicy
    /// Hand out quarantined (released) blocks again.
    public var reuseReleased: Bool

    public init(fit: FitPolicy = .first, reuseReleased: Bool = false) {
        self.fit = fit
        self.reuseReleased = reuseReleased
    }
}

/// The state after a run: everything live, what this run added, and the space it carved.
public struct AllocationOutcome: Sendable {
    /// Every live block: those already stored (in store order), then the new ones.
    public var allocations: [StoredAllocation]
    public var added: [StoredAllocation]
    /// Underlay pools (including the ULA), overlay pools and reserved ranges in force.
    public var pools: [IPPrefix]
    public var overlayPools: [IPPrefix]
    public var reserved: [IPPrefix]
    /// Quarantined blocks still held back.
    public var quarantined: [StoredAllocation]
    /// Things kept as they were although the plan asks otherwise (sizes are forever).
    public var warnings: [String]
    /// The length of each level per family and why (empty when only viewing the store).
    public var sizing: [LevelChoice] = []
}
