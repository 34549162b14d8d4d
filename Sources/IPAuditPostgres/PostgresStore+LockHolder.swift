import Foundation
import PostgresNIO

/// Who holds the allocation lock, for the error of an allocator that waited in vain.
extension PostgresStore {
    /// Takes the allocation lock; when `lock_timeout` ends the wait, the error says that another
    /// session holds it, which one (its application name, e.g. "ipaudit allocate pid 4242 on
    /// web-3", and client address) and since when, instead of a bare "lock timeout".
    static func takeAllocationLock(_ s: PostgresSession) throws {
        do {
            try s.execute("SELECT pg_advisory_xact_lock(\(lockSpace), \(allocationLock))")
        } catch let failure as PostgresFailure where failure.sqlState == "55P03" || failure.sqlState == "57014" {
            // lock_timeout, or statement_timeout (the same length) that fired first.
            try? s.execute("ROLLBACK")
            let holder = (try? lockHolder(s)) ?? nil
            throw PostgresFailure(kind: .timedOut, message: "another session holds the allocation lock"
                                  + (holder.map { ": \($0)" } ?? "") + " (waited \(PostgresSession.format(s.statementTimeout)) s)",
                                  sqlState: failure.sqlState)
        }
    }

    /// "ipaudit allocate pid 4242 on web-3 (server pid 812, from 10.0.0.7) since
    /// 2026-12-07T05:12:03Z, idle in transaction", or nil if nobody holds it now.
    static func lockHolder(_ s: PostgresSession) throws -> String? {
        let rows = try s.query(PostgresQuery(unsafeSQL: """
            SELECT a.pid, coalesce(a.application_name, ''), coalesce(host(a.client_addr), 'local socket'),
                   coalesce(to_char(a.xact_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), '?'),
                   coalesce(a.state, '?')
              FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
             WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
               AND l.classid = \(UInt32(bitPattern: lockSpace)) AND l.objid = \(allocationLock)
            """))
        guard let row = rows.first else { return nil }
        let (pid, name, client, since, state) = try row.decode((Int32, String, String, String, String).self)
        let who = name.isEmpty ? "a session without application name" : PostgresFailure.escapingControls(name)
        return "\(who) (server pid \(pid), from \(client)) since \(since), \(state)"
    }
}
