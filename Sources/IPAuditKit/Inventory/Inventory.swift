import IPCore

/// All inventory rows of one audit, stored by column so a million records stay cheap.
///
/// Per-entity text (names, MACs, host addresses) lives as byte ranges in one arena — for CSV
/// the arena *is* the file's bytes, so nothing is copied; low-cardinality text (region, zone,
/// rack, network, source, file) is interned to integers. Rules read the integer columns and
/// materialize strings only for the rows that end up in a finding.
public struct Inventory: Sendable {
    /// A byte range in `arena`.
    struct TextRef: Sendable {
        var start: UInt32
        var count: UInt32
        static let none = TextRef(start: 0, count: 0)
    }

    struct Row: Sendable {
        var address: IPAddress
        /// -1 for a host address, else the prefix length of a subnet row.
        var prefixLength: Int16
        var role: InventoryRole
        var live: Bool
        var mappedIPv4: Bool
        var vlan: Int32
        var name: TextRef
        var mac: TextRef
        var host: TextRef
        var path: TextRef
        var region: UInt32
        var zone: UInt32
        var rack: UInt32
        var network: UInt32
        var source: UInt32
        var file: UInt32
        var line: UInt32
    }

    var arena: [UInt8] = []
    var rows: [Row] = []
    var text = TextInterner()
    /// Labels are rare and free-form: kept aside, by row index.
    var labels: [Int: [String: String]] = [:]

    public init() {}

    /// Rows from records already decided whole (a store's rows, a cluster API reader's): each
    /// goes through `InventoryRowBuilder`'s checks; one holding neither an address nor a
    /// prefix, or both, is left out.
    public init(_ records: [InventoryRecord]) {
        var rows = InventoryRowBuilder(file: "", source: "", skipInvalid: true)
        rows.reserveCapacity(records.count)
        for r in records { try? rows.add(r) }
        self = rows.take()
    }

    public var count: Int { rows.count }
    public var isEmpty: Bool { rows.isEmpty }

    // MARK: text access

    func string(_ ref: TextRef) -> String {
        if ref.count == 0 { return "" }
        return arena.withUnsafeBufferPointer {
            String(decoding: UnsafeBufferPointer(rebasing: $0[Int(ref.start)..<Int(ref.start + ref.count)]), as: UTF8.self)
        }
    }

    func optional(_ id: UInt32) -> String? { id == 0 ? nil : text.string(id) }
    func optional(_ ref: TextRef) -> String? { ref.count == 0 ? nil : string(ref) }

    mutating func store(_ s: String?) -> TextRef {
        guard var s else { return .none }
        return s.withUTF8 { store(bytes: $0) }
    }

    mutating func store(bytes: UnsafeBufferPointer<UInt8>?) -> TextRef {
        guard let bytes, !bytes.isEmpty else { return .none }
        let start = UInt32(arena.count)
        arena.append(contentsOf: bytes)
        return TextRef(start: start, count: UInt32(bytes.count))
    }

    // MARK: rows

    public mutating func append(_ r: InventoryRecord) {
        append(contentsOf: [r])
    }

    public mutating func append(contentsOf records: [InventoryRecord]) {
        append(contentsOf: Inventory(records))
    }

    /// Adds another inventory's rows without materializing them: its arena is appended and
    /// its interned ids are mapped onto this inventory's.
    public mutating func append(contentsOf other: Inventory) {
        let shift = UInt32(arena.count)
        arena.append(contentsOf: other.arena)
        var remap = [UInt32](repeating: 0, count: other.text.strings.count)
        for (id, s) in other.text.strings.enumerated() where id > 0 { remap[id] = text.intern(s) }
        let base = rows.count
        rows.reserveCapacity(rows.count + other.rows.count)
        for var row in other.rows {
            for ref in [\Row.name, \Row.mac, \Row.host, \Row.path] where row[keyPath: ref].count > 0 {
                row[keyPath: ref].start += shift
            }
            for id in [\Row.region, \Row.zone, \Row.rack, \Row.network, \Row.source, \Row.file] {
                row[keyPath: id] = remap[Int(row[keyPath: id])]
            }
            rows.append(row)
        }
        for (k, v) in other.labels { labels[base + k] = v }
    }

    /// Row `i` as plain values.
    public func record(at i: Int) -> InventoryRecord {
        let row = rows[i]
        let isPrefix = row.prefixLength >= 0
        return InventoryRecord(
            address: isPrefix ? nil : row.address,
            prefix: isPrefix ? IPPrefix(masking: row.address, length: Int(row.prefixLength)) : nil,
            mappedIPv4: row.mappedIPv4, name: string(row.name), role: row.role,
            region: optional(row.region), zone: optional(row.zone), rack: optional(row.rack),
            mac: optional(row.mac), network: optional(row.network), vlan: row.vlan < 0 ? nil : Int(row.vlan),
            host: optional(row.host), live: row.live, labels: labels[i] ?? [:], source: text.string(row.source),
            file: optional(row.file), line: row.line == 0 ? nil : Int(row.line), path: optional(row.path))
    }

    public var records: [InventoryRecord] { (0..<rows.count).map(record(at:)) }

    // Accessors the rules use without materializing a whole record.
    func name(_ i: Int) -> String { string(rows[i].name) }
    func zone(_ i: Int) -> String? { optional(rows[i].zone) }
    func location(_ i: Int) -> String {
        let row = rows[i]
        var out = row.file == 0 ? text.string(row.source) : text.string(row.file)
        if row.line != 0 { out += ":\(row.line)" }
        if row.path.count != 0 { out += " at " + string(row.path) }
        return out
    }
}
