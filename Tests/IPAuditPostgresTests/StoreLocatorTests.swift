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

    @Test(.requires(.postgres)) func postgresURLOpensPostgresStore() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let store = try StoreLocator.open(db.url)
        #expect(store is PostgresStore)
        #expect(try store.observations().isEmpty)
    }

    @Test("The store as a report shows it: no password, from the URL or a query; paths as given")
    func displayNameHidesThePassword() {
        #expect(StoreLocator.displayName("postgres://auditor:Hunter2-secret@db.example:6432/plans")
                == "postgres://auditor@db.example:6432/plans")
        #expect(StoreLocator.displayName("postgresql://auditor:Hunter2-secret@db.example/plans?sslmode=require")
                == "postgres://auditor@db.example:5432/plans")
        // One that does not parse as a store URL still loses its password.
        #expect(!StoreLocator.displayName("postgres://auditor:Hunter2-secret@db.example:notaport/plans").contains("Hunter2"))
        #expect(StoreLocator.displayName("/var/lib/ipaudit/a b.db") == "/var/lib/ipaudit/a b.db")
    }
}
