/// What an audit reads from a store: the inventory, the allocations and the observations.
public struct StoredAuditState: Sendable {
    public var inventory: Inventory
    public var allocations: AllocationState
    public var observations: [Observation]
    /// The wire's open verdicts and watched space (`WireVerdictStoring`), from the same read.
    public var wireVerdicts: [StoredVerdict] = []
    public var coverage: [LinkCoverage] = []

    public init(inventory: Inventory, allocations: AllocationState, observations: [Observation]) {
        self.inventory = inventory
        self.allocations = allocations
        self.observations = observations
    }
}

/// Reads everything an audit needs in one call, so an engine can do better than three
/// reads one after another (PostgreSQL reads the two big tables at once, from one snapshot).
public protocol AuditStateReading {
    func auditState() throws -> StoredAuditState
}

extension AuditStateReading where Self: AllocationStoring & InventoryStoring & ObservationStoring {
    /// The three reads in turn.
    public func auditState() throws -> StoredAuditState {
        StoredAuditState(inventory: Inventory(try loadInventory()), allocations: try allocationState(), observations: try observations())
    }
}
