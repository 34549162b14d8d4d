import IPAuditKit
import IPCore

/// One row of the bindings table: an observation (domain, address, MAC, first/last seen,
/// frames) and the evidence it was bound by.
public struct BindingRow: Sendable, Equatable {
    public var observation: Observation
    public var methods: BindingMethods

    static func rows(of entries: [BindingKey: BindingEntry], domainBase: String) -> [BindingRow] {
        var out: [BindingRow] = []
        for (key, entry) in entries { out += rows(key, entry, domain: domainBase + key.vlans.description) }
        return out
    }

    /// The claims of one entry, in order of first sight.
    static func rows(_ key: BindingKey, _ entry: BindingEntry, domain: String) -> [BindingRow] {
        entry.claims.sorted { $0.firstSeen < $1.firstSeen }.map { c in
            BindingRow(observation: Observation(address: key.address, mac: c.mac, domain: domain, firstSeen: c.firstSeen,
                                                lastSeen: c.lastSeen, frames: c.frames),
                       methods: c.methods)
        }
    }

    /// Table order: by domain, then address as numbers (IPv4 first), then first sight.
    static func precedes(_ x: BindingRow, _ y: BindingRow) -> Bool {
        let a = x.observation, b = y.observation
        if a.domain != b.domain { return a.domain < b.domain }
        if a.address != b.address { return a.address < b.address }
        return a.firstSeen < b.firstSeen
    }
}

/// The bindings of a scan, read row by row in table order without copying the table into
/// rows: what is held is the analyzers' own tables (shared, not copied) and one sorted array of
/// keys (24 bytes per address), so a million bindings cost 24 MB, not a million row objects.
public struct BindingsTable: Sendable {
    struct Part: Sendable {
        var domainBase: String
        var entries: [BindingKey: BindingEntry]
        /// Rows of entries aged out of a full table, in table order.
        var evicted: [BindingRow]
    }

    var parts: [Part]

    public var isEmpty: Bool { parts.allSatisfy { $0.entries.isEmpty && $0.evicted.isEmpty } }

    /// Every row in table order.
    public func forEachRow(_ body: (BindingRow) throws -> Void) rethrows {
        for part in parts.sorted(by: { $0.domainBase < $1.domainBase }) {
            let keys = part.entries.keys.sorted { a, b in
                let va = a.vlans, vb = b.vlans
                if va != vb { return part.domainBase + va.description < part.domainBase + vb.description }
                return a.address < b.address
            }
            // Live rows and aged-out rows, merged.
            var pending = part.evicted[...]
            for key in keys {
                for row in BindingRow.rows(key, part.entries[key]!, domain: part.domainBase + key.vlans.description) {
                    while let next = pending.first, BindingRow.precedes(next, row) { try body(next); pending.removeFirst() }
                    try body(row)
                }
            }
            for row in pending { try body(row) }
        }
    }

    /// All rows at once (tests, small captures).
    public var rows: [BindingRow] {
        var out: [BindingRow] = []
        forEachRow { out.append($0) }
        return out
    }
}
