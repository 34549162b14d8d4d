import IPAuditKit
import IPCore
import GRDB

extension SQLiteStore: ObservationStoring {
    /// Upserts every observation in ONE transaction, so a crash leaves the old state or the new.
    public func saveObservations(_ observations: [Observation]) throws {
        try write { db in try Self.upsertObservations(db, observations) }
    }

    /// The merge, inside the caller's transaction (the wire's verdicts are written in the same one).
    /// The events the batch raises are recorded first, against what the store knew before it.
    static func upsertObservations(_ db: Database, _ observations: [Observation]) throws {
        try recordWireEvents(db, batch: Observation.mergingRepeats(observations))
        let statement = try db.cachedStatement(sql: """
            INSERT INTO observation (domain, address, mac, first_seen, last_seen, frames)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (domain, address, mac) DO UPDATE SET
                first_seen = min(first_seen, excluded.first_seen),
                last_seen  = max(last_seen, excluded.last_seen),
                frames     = frames + excluded.frames
            """)
        for o in observations {
            try statement.execute(arguments: [o.domain, o.address.description, o.mac.description, o.firstSeen, o.lastSeen, o.frames])
        }
    }

    /// Every observation, ordered by address, domain, MAC.
    public func observations() throws -> [Observation] {
        try read { db in try readObservations(db) }
    }

    /// Through a cursor by column index: no GRDB row array, no lookups by column name.
    func readObservations(_ db: Database) throws -> [Observation] {
        var out: [Observation] = []
        let rows = try Row.fetchCursor(db, sql: """
            SELECT domain, address, mac, first_seen, last_seen, frames
            FROM observation ORDER BY address, domain, mac
            """)
        while let row = try rows.next() { out.append(try observation(row)) }
        return out
    }

    /// The one parser of a stored observation row (domain, address, mac, first_seen, last_seen,
    /// frames): the scanner writes canonical text, anything else was written by someone else.
    func observation(_ row: Row) throws -> Observation {
        let addressText: String = row[1], macText: String = row[2]
        guard let address = try? IPAddress(addressText), let mac = MACAddress(macText) else {
            throw InputError(file: path, path: "observation", "stored row is corrupt: address '\(addressText)', MAC '\(macText)'")
        }
        return Observation(address: address, mac: mac, domain: row[0], firstSeen: row[3], lastSeen: row[4], frames: row[5])
    }
}
