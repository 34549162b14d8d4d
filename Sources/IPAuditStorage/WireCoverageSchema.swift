import GRDB

/// Coverage as spans: `wire_coverage` keeps every span a (domain, prefix) was watched, keyed by
/// its start, instead of one earliest-to-latest row (see `LinkCoverage.bridge` for when two
/// watches make one span). A store's earlier rows stay as one span each: what it knew.
enum WireCoverageSchema {
    static let migrations: [(String, @Sendable (Database) throws -> Void)] = [
        ("wire-coverage-spans-v1", { db in
            try db.execute(sql: """
                CREATE TABLE wire_coverage_span (
                    domain        TEXT NOT NULL,
                    prefix        TEXT NOT NULL,
                    first_watched REAL NOT NULL,
                    last_watched  REAL NOT NULL,
                    PRIMARY KEY (domain, prefix, first_watched)
                ) WITHOUT ROWID;
                INSERT INTO wire_coverage_span SELECT domain, prefix, first_watched, last_watched FROM wire_coverage;
                DROP TABLE wire_coverage;
                ALTER TABLE wire_coverage_span RENAME TO wire_coverage;
                """)
        }),
    ]
}
