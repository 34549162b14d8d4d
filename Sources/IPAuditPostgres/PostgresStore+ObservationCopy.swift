import IPAuditKit
import PostgresNIO

/// How a flush's observations reach the table: stations the store has not seen go through
/// `COPY … FROM STDIN` straight into `observation`; stations it holds merge through one
/// `INSERT … SELECT FROM unnest(arrays) ON CONFLICT` per 20,000 (earliest first-seen, latest
/// last-seen, frames added).
///
/// Why split: `COPY` cannot merge, and copying everything into a staging table to merge from
/// there measured slower than the array upsert with 100 scanners pushing at once (the extra
/// temporary table and round trips per flush). New stations are known exactly: the wire-event
/// read already fetches every stored station of the batch's addresses, and each of the batch's
/// domains is held by an advisory lock for the transaction, so no other ipaudit can add one of
/// them in between (were one to, the flush fails on the primary key and nothing is written).
enum ObservationCopy {
    static let batch = 20_000
    static let columns = ["domain", "address", "mac", "first_seen", "last_seen", "frames"]

    /// `rows` hold each (domain, address, MAC) once, sorted (`Observation.mergingRepeats`), so
    /// concurrent writers lock shared rows in one order.
    static func write(_ rows: [Observation], _ s: PostgresSession) throws {
        guard !rows.isEmpty else { return }
        try lockDomains(rows, s)
        let stored = try PostgresStore.recordWireEvents(s, batch: rows)
        var fresh = PostgresCopyRows(), updates: [Observation] = []
        for o in rows {
            let (address, mac) = (o.address.description, o.mac.description)
            if stored.contains([o.domain, address, mac]) { updates.append(o); continue }
            fresh.string(o.domain)
            fresh.string(address)
            fresh.string(mac)
            fresh.double(o.firstSeen)
            fresh.double(o.lastSeen)
            fresh.integer(o.frames)
            fresh.endRow()
        }
        var start = 0
        while start < updates.count {
            try s.query(upsert(updates[start..<min(start + batch, updates.count)]))
            start += batch
        }
        let chunks = fresh.finish()
        if !chunks.isEmpty { try s.copyFrom(table: "observation", columns: columns, chunks: chunks) }
    }

    /// One transaction-scoped advisory lock per domain, taken in sorted order (no deadlock between
    /// two flushes naming the same domains).
    static func lockDomains(_ rows: [Observation], _ s: PostgresSession) throws {
        let domains = Set(rows.map(\.domain)).sorted().map { "observation:" + $0 }
        try s.query("""
            SELECT pg_advisory_xact_lock(hashtextextended(k, 0))
            FROM (SELECT k FROM unnest(\(domains)::text[]) AS t(k) ORDER BY k COLLATE "C") AS sorted
            """)
    }

    static func upsert(_ chunk: ArraySlice<Observation>) -> PostgresQuery {
        """
        INSERT INTO observation (domain, address, mac, first_seen, last_seen, frames)
        SELECT * FROM unnest(\(chunk.map(\.domain))::text[], \(chunk.map(\.address.description))::text[],
                             \(chunk.map(\.mac.description))::text[], \(chunk.map(\.firstSeen))::float8[],
                             \(chunk.map(\.lastSeen))::float8[], \(chunk.map { Int64($0.frames) })::int8[])
        ON CONFLICT (domain, address, mac) DO UPDATE SET
            first_seen = least(observation.first_seen, excluded.first_seen),
            last_seen  = greatest(observation.last_seen, excluded.last_seen),
            frames     = observation.frames + excluded.frames
        """
    }
}
