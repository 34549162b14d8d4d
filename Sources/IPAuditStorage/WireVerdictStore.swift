import IPAuditKit
import IPCore
import GRDB

extension SQLiteStore: WireVerdictStoring {
    /// Observations, verdicts and coverage of one evaluation in ONE transaction.
    public func saveObservations(_ observations: [Observation], evaluation: WireEvaluation) throws {
        try write { db in
            try Self.upsertObservations(db, observations)
            try Self.supersedeVerdicts(db, evaluation, observations: observations)
            try Self.upsertCoverage(db, evaluation.coverage)
        }
    }

    /// Every open verdict the evaluation judged (its whole scopes, and its closures: a probe's
    /// targets, a probe's addresses a scan saw) is closed, then each verdict raised again is
    /// reopened keeping its first-raised time (it was open until this moment), and a new one
    /// starts now.
    static func supersedeVerdicts(_ db: Database, _ evaluation: WireEvaluation, observations: [Observation]) throws {
        let now = evaluation.time
        let close = try db.cachedStatement(sql: "UPDATE wire_verdict SET closed_at = ? WHERE scope = ? AND closed_at IS NULL")
        for scope in evaluation.wholeScopes { try close.execute(arguments: [now, scope]) }
        let closeAddress = try db.cachedStatement(sql: "UPDATE wire_verdict SET closed_at = ? WHERE scope = ? AND address = ? AND closed_at IS NULL")
        let closeSubject = try db.cachedStatement(sql: "UPDATE wire_verdict SET closed_at = ? WHERE scope = ? AND address IS NULL AND subject = ? AND closed_at IS NULL")
        for c in evaluation.closures(observations: observations) {
            for a in c.addresses { try closeAddress.execute(arguments: [now, c.scope, a]) }
            for m in c.subjects { try closeSubject.execute(arguments: [now, c.scope, m]) }
        }
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO wire_verdict (scope, domain, rule, subject, severity, address, message, finding,
                                      first_raised, last_evaluated, closed_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
            ON CONFLICT (scope, domain, rule, subject) DO UPDATE SET
                severity = excluded.severity, address = excluded.address, message = excluded.message,
                finding = excluded.finding, last_evaluated = excluded.last_evaluated,
                first_raised = CASE WHEN closed_at = excluded.last_evaluated THEN first_raised ELSE excluded.first_raised END,
                closed_at = NULL
            """)
        for r in try WireVerdictRow.rows(evaluation) {
            try upsert.execute(arguments: [r.scope, r.domain, r.rule, r.subject, r.severity, r.address, r.message, r.finding, now, now])
        }
    }

    /// Each span joins the stored spans of its (domain, prefix) within `LinkCoverage.bridge` of
    /// it into one (they are deleted and the union stored); farther ones stay apart.
    static func upsertCoverage(_ db: Database, _ coverage: [LinkCoverage]) throws {
        let near = try db.cachedStatement(sql: """
            DELETE FROM wire_coverage WHERE domain = ? AND prefix = ? AND last_watched >= ? AND first_watched <= ?
            RETURNING first_watched, last_watched
            """)
        for c in coverage {
            let spans = try Row.fetchAll(near, arguments: [c.domain, c.prefix.description, c.firstWatched - LinkCoverage.bridge,
                                                           c.lastWatched + LinkCoverage.bridge])
            let m = LinkCoverage.merged(c, with: spans.map { (first: $0[0], last: $0[1]) })
            try insertSpan(db, domain: m.domain, prefix: m.prefix.description, first: m.firstWatched, last: m.lastWatched)
        }
    }

    /// One span; a span of the same start already there is widened.
    static func insertSpan(_ db: Database, domain: String, prefix: String, first: Double, last: Double) throws {
        try db.cachedStatement(sql: """
            INSERT INTO wire_coverage (domain, prefix, first_watched, last_watched) VALUES (?, ?, ?, ?)
            ON CONFLICT (domain, prefix, first_watched) DO UPDATE SET last_watched = max(last_watched, excluded.last_watched)
            """).execute(arguments: [domain, prefix, first, last])
    }

    /// Retention for coverage: spans that ended before `before` go, a span across it starts at it,
    /// so watched time the pruned observations can no longer speak for is not counted.
    static func trimCoverage(_ db: Database, before: Double) throws {
        try db.execute(sql: "DELETE FROM wire_coverage WHERE last_watched < ?", arguments: [before])
        let across = try Row.fetchAll(db, sql: """
            DELETE FROM wire_coverage WHERE first_watched < ? RETURNING domain, prefix, last_watched
            """, arguments: [before])
        for row in across {
            try insertSpan(db, domain: row[0], prefix: row[1], first: before, last: row[2])
        }
    }

    public func openVerdicts() throws -> [StoredVerdict] { try read { db in try Self.readVerdicts(db, store: path) } }

    public func linkCoverage() throws -> [LinkCoverage] { try read { db in try Self.readCoverage(db, store: path) } }

    public func wireState() throws -> WireState { try read { db in try Self.readWire(db, store: path) } }

    /// The wire's state within the caller's transaction (`auditState` reads it with the rest).
    static func readWire(_ db: Database, store: String) throws -> WireState {
        WireState(verdicts: try readVerdicts(db, store: store), coverage: try readCoverage(db, store: store))
    }

    static func readVerdicts(_ db: Database, store: String) throws -> [StoredVerdict] {
        let rows = try Row.fetchCursor(db, sql: """
            SELECT scope, finding, first_raised, last_evaluated FROM wire_verdict
            WHERE closed_at IS NULL ORDER BY scope, domain, rule, subject
            """)
        var out: [StoredVerdict] = []
        while let row = try rows.next() {
            out.append(StoredVerdict(scope: row[0], finding: try WireVerdictRow.decode(row[1], store: store),
                                     firstRaised: row[2], lastEvaluated: row[3]))
        }
        return out
    }

    static func readCoverage(_ db: Database, store: String) throws -> [LinkCoverage] {
        let rows = try Row.fetchCursor(db, sql: "SELECT domain, prefix, first_watched, last_watched FROM wire_coverage ORDER BY domain, prefix, first_watched")
        var out: [LinkCoverage] = []
        while let row = try rows.next() {
            let text: String = row[1]
            guard let prefix = try? IPPrefix(text) else {
                throw InputError(file: store, path: "wire_coverage", "stored row is corrupt: prefix '\(text)'")
            }
            out.append(LinkCoverage(domain: row[0], prefix: prefix, firstWatched: row[2], lastWatched: row[3]))
        }
        return out
    }
}
