import Foundation
import IPAuditKit
import Testing
@testable import IPAuditPostgres

/// Read-only commands never write to PostgreSQL: on a database without this build's schema
/// they refuse (exit 2, naming the store) instead of creating or migrating it.
@Suite(.requires(.postgres)) struct PostgresReadOnlyTests {
    static let readers = [["show", "10.0.0.5"], ["history", "10.0.0.5"], ["audit"]]

    static func hasSchema(_ url: String) throws -> Bool {
        let session = try PostgresSession.connect(PostgresLocation(url: url))
        defer { session.close() }
        return try session.query("SELECT to_regclass('schema_migrations') IS NOT NULL").first?.decode(Bool.self) ?? false
    }

    @Test func readersRefuseAnEmptyDatabaseAndLeaveItEmpty() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        for reader in Self.readers {
            let run = try FleetCLITests.run(reader + ["--store", db.url])
            #expect(run.status == 2, "\(reader): \(run.stdout) \(run.stderr)")
            #expect(run.stderr.contains("no ipaudit store") && run.stderr.contains(StoreLocator.displayName(db.url)), "\(reader): \(run.stderr)")
        }
        #expect(try !Self.hasSchema(db.url))
    }

    @Test func readersRefuseASchemaBehindAndDoNotMigrateIt() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        _ = try PostgresStore(url: db.url)  // the whole schema
        let last = try #require(PostgresSchema.migrations.last?.version)
        let session = try PostgresSession.connect(PostgresLocation(url: db.url))
        defer { session.close() }
        _ = try session.query("DELETE FROM schema_migrations WHERE version = \(last)")
        for reader in Self.readers {
            let run = try FleetCLITests.run(reader + ["--store", db.url])
            #expect(run.status == 2, "\(reader): \(run.stderr)")
            #expect(run.stderr.contains("older ipaudit"), "\(reader): \(run.stderr)")
        }
        #expect(try session.query("SELECT count(*) FROM schema_migrations WHERE version = \(last)").first?.decode(Int64.self) == 0)
    }
}
