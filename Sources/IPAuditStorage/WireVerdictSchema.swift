import GRDB

/// Tables for the wire's verdicts and the space a watch covered (owned by the capture feature).
///
/// `wire_verdict`: one row per (scope, domain, rule, subject) the verdict engine raised; open
/// while `closed_at` is NULL. `wire_coverage`: one row per (domain, prefix) a live capture or a
/// probe watched (a replay: `--link-prefix`), with the capture-time span it was watched.
enum WireVerdictSchema {
    static let migrations: [(String, @Sendable (Database) throws -> Void)] = [
        ("wire-verdict-v1", { db in
            try db.execute(sql: """
                CREATE TABLE wire_verdict (
                    scope          TEXT NOT NULL,
                    domain         TEXT NOT NULL,
                    rule           TEXT NOT NULL,
                    subject        TEXT NOT NULL,
                    severity       TEXT NOT NULL,
                    address        TEXT,
                    message        TEXT NOT NULL,
                    finding        TEXT NOT NULL,
                    first_raised   REAL NOT NULL,
                    last_evaluated REAL NOT NULL,
                    closed_at      REAL,
                    PRIMARY KEY (scope, domain, rule, subject)
                ) WITHOUT ROWID
                """)
            try db.execute(sql: """
                CREATE TABLE wire_coverage (
                    domain        TEXT NOT NULL,
                    prefix        TEXT NOT NULL,
                    first_watched REAL NOT NULL,
                    last_watched  REAL NOT NULL,
                    PRIMARY KEY (domain, prefix)
                ) WITHOUT ROWID
                """)
        }),
    ]
}
