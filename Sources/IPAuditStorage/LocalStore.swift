import IPAuditKit
import IPCore

/// The embedded SQLite file seen through the one store protocol. `SQLiteStore` keeps
/// inventory and observations itself; allocations go through `SQLiteAllocationStore`
/// (which adds the IMMEDIATE-transaction read-compute-write), so this only forwards.
public struct LocalStore: IPAuditStore {
    public let sqlite: SQLiteStore
    let allocations: SQLiteAllocationStore

    public init(path: String, access: SQLiteStore.Access = .readWrite, beforeCommit: (@Sendable () -> Void)? = nil) throws {
        allocations = try SQLiteAllocationStore.open(path: path, access: access, beforeCommit: beforeCommit)
        sqlite = allocations.store
    }

    public func allocationState() throws -> AllocationState { try allocations.allocationState() }

    public func updateAllocations<T>(_ body: (AllocationState) throws -> (AllocationChanges, T)) throws -> T {
        try allocations.updateAllocations(body)
    }

    public func replaceInventory(_ sources: [(source: String, records: [InventoryRecord])]) throws {
        try sqlite.replaceInventory(sources)
    }

    public func replaceInventory(sources: [(source: String, inventory: Inventory)]) throws {
        try sqlite.replaceInventory(sources: sources)
    }

    public func loadInventory() throws -> [InventoryRecord] { try sqlite.loadInventory() }

    public func inventorySources() throws -> [(source: String, count: Int)] { try sqlite.inventorySources() }

    public func saveObservations(_ observations: [Observation]) throws { try sqlite.saveObservations(observations) }

    public func observations() throws -> [Observation] { try sqlite.observations() }

    public func saveObservations(_ observations: [Observation], evaluation: WireEvaluation) throws {
        try sqlite.saveObservations(observations, evaluation: evaluation)
    }

    public func openVerdicts() throws -> [StoredVerdict] { try sqlite.openVerdicts() }

    public func linkCoverage() throws -> [LinkCoverage] { try sqlite.linkCoverage() }

    public func wireState() throws -> WireState { try sqlite.wireState() }

    /// Everything the audit reads, from one read transaction (see `SQLiteStore.auditState`).
    public func auditState() throws -> StoredAuditState { try sqlite.auditState() }
}

/// `show`, `history` and `prune` on the file, forwarded as the rest is.
extension LocalStore: StoreQuerying, StoreRetaining {
    public func inventoryRecords(naming address: IPAddress) throws -> [InventoryRecord] {
        try sqlite.inventoryRecords(naming: address)
    }
    public func inventoryPrefixes(overlapping prefix: IPPrefix) throws -> [InventoryRecord] {
        try sqlite.inventoryPrefixes(overlapping: prefix)
    }
    public func observations(address: String) throws -> [Observation] { try sqlite.observations(address: address) }
    public func observations(mac: String) throws -> [Observation] { try sqlite.observations(mac: mac) }
    public func latestSighting() throws -> Double? { try sqlite.latestSighting() }
    public func addresses(inside prefix: IPPrefix, after: IPAddress?, limit: Int) throws -> [IPAddress] {
        try sqlite.addresses(inside: prefix, after: after, limit: limit)
    }
    public func wireEvents(_ filter: WireEventFilter) throws -> [WireEvent] { try sqlite.wireEvents(filter) }
    public func pruneBatch(before: Double, limit: Int) throws -> PruneCount { try sqlite.pruneBatch(before: before, limit: limit) }
    public func retention() throws -> Double? { try sqlite.retention() }
    public func setRetention(_ seconds: Double?) throws { try sqlite.setRetention(seconds) }
}
