import GRDB

extension SQLiteStore: ObservationStoring {
    /// Upserts every observation in ONE transaction, so a crash leaves the old state or the new.
    public func saveObservations(_ observations: [Observation]) throws {
        try write { db in
            let statement = try db.cachedStatement(sql: """
                INSERT INTO observation (domain, address, mac, first_seen, last_seen, frames)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (domain, address, mac) DO UPDATE SET
                    first_seen = min(first_seen, excluded.first_seen),
                    last_seen  = max(last_seen, excluded.last_seen),
                    frames     = frames + excluded.frames
                """)
            for o in observations {
                try statement.execute(arguments: [o.domain, o.address, o.mac, o.firstSeen, o.lastSeen, o.frames])
            }
        }
    }

    /// Every observation, ordered by address, domain, MAC.
    public func observations() throws -> [Observation] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT domain, address, mac, first_seen, last_seen, frames
                FROM observation ORDER BY address, domain, mac
                """).map { row in
                Observation(address: row["address"], mac: row["mac"], domain: row["domain"],
                            firstSeen: row["first_seen"], lastSeen: row["last_seen"], frames: row["frames"])
            }
        }
    }
}
