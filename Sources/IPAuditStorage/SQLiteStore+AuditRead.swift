import IPAuditKit
import IPCore
import GRDB

extension SQLiteStore {
    /// The inventory and the observations from one read transaction, so an audit sees one
    /// moment of the file even while a scan is writing to it.
    public func inventoryAndObservations() throws -> (inventory: Inventory, observations: [Observation]) {
        try read { db in (try readInventory(db), try readObservations(db)) }
    }
}
