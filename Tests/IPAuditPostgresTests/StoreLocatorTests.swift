import Foundation
import IPAuditKit
import IPAuditStorage
import Testing
@testable import IPAuditPostgres

@Suite struct StoreLocatorTests {
    @Test func plainPathOpensSQLite() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-locator-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.db").path
        let store = try StoreLocator.open(path)
        #expect(store is LocalStore)
        #expect(FileManager.default.fileExists(atPath: path))
    }

    @Test func postgresURLOpensPostgresStore() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let store = try StoreLocator.open(db.url)
        #expect(store is PostgresStore)
        #expect(try store.observations().isEmpty)
    }
}
