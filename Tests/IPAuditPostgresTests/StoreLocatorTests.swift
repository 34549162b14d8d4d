import Foundation
import IPAuditKit
import Testing
@testable import IPAuditPostgres

@Suite struct StoreLocatorTests {
    @Test func plainPathOpensSQLite() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-locator-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try StoreLocator.open(dir.appendingPathComponent("s.db").path)
        #expect(store is SQLiteStore)
    }
}
