import IPAuditKit
import IPCore
import PostgresNIO

/// `WireVerdictStoring` on PostgreSQL: the same supersede rule as SQLite, in the transaction
/// that writes the evaluation's observations.
extension PostgresStore: WireVerdictStoring {
    public func saveObservations(_ observations: [Observation], evaluation: WireEvaluation) throws {
        _ = try saveObservations(observations, evaluation: evaluation, flushID: nil, waitForServer: true)
    }

    /// The evaluation's verdicts and coverage, inside the caller's transaction (after `observations`,
    /// which close a probe's verdicts on the addresses they bind, are written).
    static func writeEvaluation(_ s: PostgresSession, _ evaluation: WireEvaluation, observations: [Observation]) throws {
        let rows = try WireVerdictRow.rows(evaluation).sorted { ($0.scope, $0.domain, $0.rule, $0.subject) < ($1.scope, $1.domain, $1.rule, $1.subject) }
        let scopes = evaluation.wholeScopes
        let closures = evaluation.closures(observations: observations)
        let now = evaluation.time
        do {
            if !scopes.isEmpty {
                try s.query("UPDATE wire_verdict SET closed_at = \(now) WHERE scope = ANY(\(scopes)::text[]) AND closed_at IS NULL")
            }
            for c in closures {
                try s.query("""
                    UPDATE wire_verdict SET closed_at = \(now) WHERE scope = \(c.scope) AND closed_at IS NULL
                    AND (address = ANY(\(c.addresses)::text[]) OR (address IS NULL AND subject = ANY(\(c.subjects)::text[])))
                    """)
            }
            if !rows.isEmpty {
                try s.query("""
                    INSERT INTO wire_verdict (scope, domain, rule, subject, severity, address, message, finding,
                                              first_raised, last_evaluated, closed_at)
                    SELECT s, d, r, j, v, NULLIF(a, ''), m, f, \(now), \(now), NULL
                    FROM unnest(\(rows.map(\.scope))::text[], \(rows.map(\.domain))::text[], \(rows.map(\.rule))::text[],
                                \(rows.map(\.subject))::text[], \(rows.map(\.severity))::text[], \(rows.map { $0.address ?? "" })::text[],
                                \(rows.map(\.message))::text[], \(rows.map(\.finding))::text[]) AS t(s, d, r, j, v, a, m, f)
                    ON CONFLICT (scope, domain, rule, subject) DO UPDATE SET
                        severity = excluded.severity, address = excluded.address, message = excluded.message,
                        finding = excluded.finding, last_evaluated = excluded.last_evaluated,
                        first_raised = CASE WHEN wire_verdict.closed_at = excluded.last_evaluated
                                            THEN wire_verdict.first_raised ELSE excluded.first_raised END,
                        closed_at = NULL
                    """)
            }
            let coverage = Dictionary(evaluation.coverage.map { ("\($0.domain)\u{0}\($0.prefix)", $0) }) { a, b in
                LinkCoverage(domain: a.domain, prefix: a.prefix, firstWatched: min(a.firstWatched, b.firstWatched),
                             lastWatched: max(a.lastWatched, b.lastWatched))
            }.values.sorted { ($0.domain, $0.prefix.description) < ($1.domain, $1.prefix.description) }
            // Each span joins the stored spans of its (domain, prefix) within the bridge (see SQLite's `upsertCoverage`).
            for c in coverage {
                let near = try s.query("""
                    DELETE FROM wire_coverage WHERE domain = \(c.domain) AND prefix = \(c.prefix.description)
                    AND last_watched >= \(c.firstWatched - LinkCoverage.bridge) AND first_watched <= \(c.lastWatched + LinkCoverage.bridge)
                    RETURNING first_watched, last_watched
                    """).map { row in
                    let (first, last) = try row.decode((Double, Double).self)
                    return (first: first, last: last)
                }
                let m = LinkCoverage.merged(c, with: near)
                try insertSpan(s, domain: m.domain, prefix: m.prefix.description, first: m.firstWatched, last: m.lastWatched)
            }
        }
    }

    /// One span; a span of the same start already there (another writer's) is widened.
    static func insertSpan(_ s: PostgresSession, domain: String, prefix: String, first: Double, last: Double) throws {
        try s.query("""
            INSERT INTO wire_coverage (domain, prefix, first_watched, last_watched)
            VALUES (\(domain), \(prefix), \(first), \(last))
            ON CONFLICT (domain, prefix, first_watched) DO UPDATE SET
                last_watched = greatest(wire_coverage.last_watched, excluded.last_watched)
            """)
    }

    /// Retention for coverage, as on SQLite (`trimCoverage`): spans ended before `before` go, a
    /// span across it starts at it.
    static func trimCoverage(_ s: PostgresSession, before: Double) throws {
        try s.query("DELETE FROM wire_coverage WHERE last_watched < \(before)")
        let across = try s.query("DELETE FROM wire_coverage WHERE first_watched < \(before) RETURNING domain, prefix, last_watched").map { row in
            try row.decode((String, String, Double).self)
        }
        for (domain, prefix, last) in across {
            try insertSpan(s, domain: domain, prefix: prefix, first: before, last: last)
        }
    }

    public func openVerdicts() throws -> [StoredVerdict] { try wireState().verdicts }

    public func linkCoverage() throws -> [LinkCoverage] { try wireState().coverage }

    public func wireState() throws -> WireState {
        let store = location.description
        return try transaction(idempotent: true, begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { s in
            try Self.readWire(s, store: store)
        }
    }

    /// The wire's state within the caller's snapshot (`auditState` reads it with the rest).
    static func readWire(_ s: PostgresSession, store: String) throws -> WireState {
        let verdicts = try s.query("""
            SELECT scope, finding, first_raised, last_evaluated FROM wire_verdict
            WHERE closed_at IS NULL ORDER BY scope, domain, rule, subject
            """).map { row in
            let (scope, finding, first, last) = try row.decode((String, String, Double, Double).self)
            return StoredVerdict(scope: scope, finding: try WireVerdictRow.decode(finding, store: store),
                                 firstRaised: first, lastEvaluated: last)
        }
        let coverage = try s.query("SELECT domain, prefix, first_watched, last_watched FROM wire_coverage ORDER BY domain, prefix, first_watched").map { row in
            let (domain, text, first, last) = try row.decode((String, String, Double, Double).self)
            guard let prefix = try? IPPrefix(text) else {
                throw InputError(file: store, path: "wire_coverage", "stored row is corrupt: prefix '\(text)'")
            }
            return LinkCoverage(domain: domain, prefix: prefix, firstWatched: first, lastWatched: last)
        }
        return WireState(verdicts: verdicts, coverage: coverage)
    }
}
