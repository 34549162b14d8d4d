import Foundation
import IPAuditKit
import IPAuditTestSupport
import IPCore
import Testing
@testable import IPAuditPostgres

/// Coverage as spans on PostgreSQL, held to the same scenario as SQLite.
@Suite(.requires(.postgres)) struct CoverageSpanPostgresTests {
    @Test func spansAreBridgedKeptApartJoinedAndPruned() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let result = try CoverageSpanScenario.run(try PostgresStore(url: db.url))
        #expect(result.written == CoverageSpanScenario.expected.written)
        #expect(result.joined == CoverageSpanScenario.expected.joined)
        #expect(result.pruned == CoverageSpanScenario.expected.pruned)
    }
}
