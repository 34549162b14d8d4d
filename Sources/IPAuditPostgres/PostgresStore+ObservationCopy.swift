import IPAuditKit
import PostgresNIO

/// Observations written through `COPY … FROM STDIN` instead of array parameters.
///
/// `COPY` cannot merge, so the rows go into a temporary staging table first (private to the
/// session, emptied at every commit or rollback) and merge from there in one statement, in
/// key order so concurrent scanners lock shared rows in one order. It rides on the same
/// event-loop executor as the inventory's `COPY` (see `PostgresSession.copyFrom`).
enum ObservationCopy {
    static let columns = ["domain", "address", "mac", "first_seen", "last_seen", "frames"]

    /// Created once per session (a retry on a new connection creates it again). Collation "C"
    /// as in `observation`, so the merge's order is the table's.
    static let stagingTable = """
        CREATE TEMPORARY TABLE IF NOT EXISTS observation_incoming (
            domain     TEXT COLLATE "C" NOT NULL,
            address    TEXT COLLATE "C" NOT NULL,
            mac        TEXT COLLATE "C" NOT NULL,
            first_seen DOUBLE PRECISION NOT NULL,
            last_seen  DOUBLE PRECISION NOT NULL,
            frames     BIGINT NOT NULL
        ) ON COMMIT DELETE ROWS
        """

    static let mergeStaged = """
        INSERT INTO observation (domain, address, mac, first_seen, last_seen, frames)
        SELECT domain, address, mac, first_seen, last_seen, frames FROM observation_incoming
        ORDER BY domain, address, mac
        ON CONFLICT (domain, address, mac) DO UPDATE SET
            first_seen = least(observation.first_seen, excluded.first_seen),
            last_seen  = greatest(observation.last_seen, excluded.last_seen),
            frames     = observation.frames + excluded.frames
        """

    /// `rows` hold each (domain, address, MAC) once (`Observation.mergingRepeats`).
    static func merge(_ rows: [Observation], _ s: PostgresSession) throws {
        try s.execute(stagingTable)
        // Empty at every transaction's start (ON COMMIT DELETE ROWS, a rollback); this guards a
        // second merge in one transaction against merging the first one's rows again.
        try s.execute("DELETE FROM observation_incoming")
        try s.copyFrom(table: "observation_incoming", columns: columns, chunks: chunks(rows))
        try s.execute(mergeStaged)
    }

    static func chunks(_ rows: [Observation]) -> [ByteBuffer] {
        var copy = PostgresCopyRows()
        for o in rows {
            copy.string(o.domain)
            copy.string(o.address.description)
            copy.string(o.mac.description)
            copy.double(o.firstSeen)
            copy.double(o.lastSeen)
            copy.integer(o.frames)
            copy.endRow()
        }
        return copy.finish()
    }
}
