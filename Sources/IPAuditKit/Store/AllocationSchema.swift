import GRDB

/// Tables for `allocate`: owned by the allocation feature.
enum AllocationSchema {
    static let migrations: [(String, @Sendable (Database) throws -> Void)] = []
}
