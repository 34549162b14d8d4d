import GRDB

/// Tables for `scan --store`: owned by the capture feature.
enum ObservationSchema {
    static let migrations: [(String, @Sendable (Database) throws -> Void)] = []
}
