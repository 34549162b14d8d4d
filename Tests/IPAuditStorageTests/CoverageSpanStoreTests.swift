import Foundation
import IPAuditKit
import IPAuditStorage
import IPCore
import Testing

/// Coverage as spans on SQLite (the same scenario runs on PostgreSQL): bridged, kept apart,
/// joined by a later span, trimmed by prune; a store written with one row per (domain, prefix)
/// keeps that row as one span.
@Suite struct CoverageSpanStoreTests {
    @Test func spansAreBridgedKeptApartJoinedAndPruned() throws {
        let (store, dir) = try TemporaryStore.sqlite()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try CoverageSpanScenario.run(store)
        #expect(result.written == CoverageSpanScenario.expected.written)
        #expect(result.joined == CoverageSpanScenario.expected.joined)
        #expect(result.pruned == CoverageSpanScenario.expected.pruned)
    }

    @Test func theMigrationKeepsEachEarlierRowAsOneSpan() throws {
        let (store, dir) = try TemporaryStore.sqlite()
        defer { try? FileManager.default.removeItem(at: dir) }
        // The table as the earlier schema made it, with one merged row.
        try store.write { db in
            try db.execute(sql: """
                DROP TABLE wire_coverage;
                CREATE TABLE wire_coverage (domain TEXT NOT NULL, prefix TEXT NOT NULL, first_watched REAL NOT NULL,
                                            last_watched REAL NOT NULL, PRIMARY KEY (domain, prefix)) WITHOUT ROWID;
                INSERT INTO wire_coverage VALUES ('h/eth0', '10.0.0.0/24', 10, 500);
                DELETE FROM grdb_migrations WHERE identifier = 'wire-coverage-spans-v1';
                PRAGMA user_version = 0;
                """)
        }
        let reopened = try SQLiteStore(path: dir.appendingPathComponent("s.db").path)
        #expect(try reopened.linkCoverage().map { [$0.firstWatched, $0.lastWatched] } == [[10, 500]])
        // Spans from now on: one far from the old row stays apart.
        try reopened.saveObservations([], evaluation: WireEvaluation(verdicts: [], coverage: [
            LinkCoverage(domain: "h/eth0", prefix: try IPPrefix("10.0.0.0/24"), firstWatched: 100_000, lastWatched: 100_060),
        ], time: 100_060))
        #expect(try reopened.linkCoverage().map { [$0.firstWatched, $0.lastWatched] } == [[10, 500], [100_000, 100_060]])
    }
}
