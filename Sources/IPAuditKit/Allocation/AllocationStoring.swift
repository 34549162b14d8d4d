/// What the allocator reads from a store.
public struct AllocationState: Sendable {
    public var allocations: [StoredAllocation]
    /// Released blocks, kept out of circulation until reused on purpose.
    public var quarantined: [StoredAllocation]
    /// Values generated once and kept (key `ula`: the IPv6 ULA /48).
    public var settings: [String: String]

    public init(allocations: [StoredAllocation] = [], quarantined: [StoredAllocation] = [], settings: [String: String] = [:]) {
        self.allocations = allocations
        self.quarantined = quarantined
        self.settings = settings
    }
}

/// What one run changes; applied as a whole or not at all.
public struct AllocationChanges: Sendable {
    public var added: [StoredAllocation] = []
    /// Live blocks to move into quarantine.
    public var released: [StoredAllocation] = []
    /// Quarantined blocks handed out again (`--reuse-released`): dropped from quarantine.
    public var reused: [StoredAllocation] = []
    public var settings: [String: String] = [:]

    public init() {}

    public var isEmpty: Bool { added.isEmpty && released.isEmpty && reused.isEmpty && settings.isEmpty }
}

/// The store behind `allocate`, `release` and `free`. Small on purpose so a shared
/// (PostgreSQL) store can implement it: one snapshot read, and one atomic
/// read-compute-write.
public protocol AllocationStoring: Sendable {
    func allocationState() throws -> AllocationState

    /// Reads the state, lets `body` compute the changes, and writes them, with no other
    /// writer in between. If `body` or the write throws, nothing is written.
    func updateAllocations<T>(_ body: (AllocationState) throws -> (AllocationChanges, T)) throws -> T
}
