import GRDB

/// Tables for `import` / `audit`: owned by the inventory feature.
enum InventorySchema {
    static let migrations: [(String, @Sendable (Database) throws -> Void)] = []
}
