import GRDB
import IPAuditKit

extension SQLiteStore {
    /// Called inside `saveObservations`' transaction, before the merge: reads what the store
    /// knew of each (domain, address) the batch names and records the events the batch raises.
    static func recordWireEvents(_ db: Database, batch: [Observation]) throws {
        guard !batch.isEmpty else { return }
        let lookup = try db.cachedStatement(sql: "SELECT mac, last_seen FROM observation WHERE domain = ? AND address = ?")
        var known: [Observation] = []
        var asked = Set<[String]>()
        for o in batch where asked.insert([o.domain, o.address.description]).inserted {
            let rows = try Row.fetchCursor(lookup, arguments: [o.domain, o.address.description])
            while let row = try rows.next() {
                // A row this build did not write (not a MAC) has no station to compare with.
                guard let mac = MACAddress(row[0] as String) else { continue }
                known.append(Observation(address: o.address, mac: mac, domain: o.domain, firstSeen: row[1],
                                         lastSeen: row[1], frames: 0))
            }
        }
        let insert = try db.cachedStatement(sql: """
            INSERT INTO wire_event (time, kind, domain, address, mac, previous_mac) VALUES (?, ?, ?, ?, ?, ?)
            """)
        for event in WireEventDetector.events(known: known, batch: batch) {
            try insert.execute(arguments: [event.time, event.kind.rawValue, event.domain, event.address, event.mac,
                                           event.previousMAC])
        }
    }
}
