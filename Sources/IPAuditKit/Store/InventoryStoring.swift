import IPCore

/// Where imported inventories are kept: the SQLite file, or PostgreSQL in fleet mode.
public protocol InventoryStoring: Sendable {
    /// Replaces every row of each named source with its records, all in one transaction:
    /// readers see the old rows or the new, never a mix, and a failure leaves the old rows.
    func replaceInventory(_ sources: [(source: String, records: [InventoryRecord])]) throws
    /// The same from `Inventory`'s columns (the bulk path of `import`: no record per row).
    func replaceInventory(sources: [(source: String, inventory: Inventory)]) throws
    /// Every stored record, in import order.
    func loadInventory() throws -> [InventoryRecord]
    /// Source names with their row counts.
    func inventorySources() throws -> [(source: String, count: Int)]
}

extension InventoryStoring {
    public func replaceInventory(sources: [(source: String, inventory: Inventory)]) throws {
        try replaceInventory(sources.map { (source: $0.source, records: $0.inventory.records) })
    }

    public func replaceInventory(source: String, with records: [InventoryRecord]) throws {
        try replaceInventory([(source: source, records: records)])
    }
}
