import Foundation
import IPAuditStorage
import IPAuditTestSupport
import Testing

/// Several writers opening one store that does not exist yet: each decides which migrations to
/// run before it holds the write lock, so all but one meet the winner's work. Every open must
/// still succeed and leave one fully migrated store (CI once saw 2 of 8 `allocate` runs fail
/// with "UNIQUE constraint failed: grdb_migrations.identifier").
@Suite struct StoreCreationRaceTests {
    @Test func writersCreatingOneStoreTogetherAllSucceed() throws {
        let dir = try TemporaryDirectory.make(prefix: "ipaudit-race")
        defer { try? FileManager.default.removeItem(at: dir) }
        for round in 0..<12 {
            let path = dir.appendingPathComponent("s\(round).db").path
            let failures = Failures()
            DispatchQueue.concurrentPerform(iterations: 8) { _ in
                do { _ = try SQLiteStore(path: path) } catch { failures.add("\(error)") }
            }
            #expect(failures.all.isEmpty, "round \(round): \(failures.all)")
            // The migrated store opens read-only, which refuses a store with migrations pending.
            _ = try SQLiteStore(path: path, access: .readOnly)
        }
    }

    final class Failures: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [String] = []
        func add(_ message: String) { lock.withLock { list.append(message) } }
        var all: [String] { lock.withLock { list } }
    }
}
