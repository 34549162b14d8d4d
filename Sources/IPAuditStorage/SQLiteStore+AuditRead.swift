import IPAuditKit
import IPCore
import GRDB

extension SQLiteStore {
    /// The inventory and the observations from one read transaction, so an audit sees one
    /// moment of the file even while a scan is writing to it.
    public func inventoryAndObservations() throws -> (inventory: Inventory, observations: [Observation]) {
        try read { db in (try readInventory(db), try readObservations(db)) }
    }

    /// Everything `audit --store` reads, in one read transaction: inventory, allocations,
    /// observations, and the wire's open verdicts and coverage.
    public func auditState() throws -> StoredAuditState {
        try read { db in
            var state = StoredAuditState(inventory: try readInventory(db), allocations: try SQLiteAllocationStore.readState(db, store: path),
                                         observations: try readObservations(db))
            state.wire = try Self.readWire(db, store: path)
            return state
        }
    }
}
