import IPCore
import IPAuditKit
import PostgresNIO

extension PostgresStore {
    /// Called inside `saveObservations`' transaction, before the merge: reads what the store knew
    /// of each (domain, address) the batch names, then records the events the batch raises
    /// (`WireEventDetector`, shared with SQLite). Returns the batch's stations already stored
    /// (domain, address, MAC as stored text), so the merge can COPY the others.
    @discardableResult
    static func recordWireEvents(_ s: PostgresSession, batch: [Observation]) throws -> Set<[String]> {
        guard !batch.isEmpty else { return [] }
        var seen = Set<[String]>(), domains: [String] = [], addresses: [String] = []
        for o in batch where seen.insert([o.domain, o.address.description]).inserted {
            domains.append(o.domain)
            addresses.append(o.address.description)
        }
        let rows = try s.query("""
            SELECT o.domain, o.address, o.mac, o.last_seen FROM observation o
            JOIN unnest(\(domains)::text[], \(addresses)::text[]) AS k(domain, address)
              ON o.domain = k.domain AND o.address = k.address
            """)
        var known: [Observation] = []
        var stored = Set<[String]>()
        for row in rows {
            let (domain, addressText, macText, last) = try row.decode((String, String, String, Double).self)
            stored.insert([domain, addressText, macText])
            // A row this build did not write has no station to compare with.
            guard let address = try? IPAddress(addressText), let mac = MACAddress(macText) else { continue }
            known.append(Observation(address: address, mac: mac, domain: domain, firstSeen: last, lastSeen: last, frames: 0))
        }
        let events = WireEventDetector.events(known: known, batch: batch)
        guard !events.isEmpty else { return stored }
        var copy = PostgresCopyRows()
        for e in events {
            copy.double(e.time)
            copy.string(e.kind.rawValue)
            copy.string(e.domain)
            copy.string(e.address)
            copy.string(e.mac)
            copy.string(e.previousMAC.flatMap { $0.isEmpty ? nil : $0 })   // "" stored as NULL, as before
            copy.endRow()
        }
        try s.copyFrom(table: "wire_event", columns: ["time", "kind", "domain", "address", "mac", "previous_mac"], chunks: copy.finish())
        return stored
    }
}
