import Foundation
import IPCore

/// The cells of one stored inventory row as an engine hands them over, in
/// `InventoryRowCodec.columns` order. Text arrives as bytes valid for the call only, so a
/// million-row read makes no `String` per field; each engine checks its own cell types.
public protocol InventoryCellReader {
    /// The next text cell, nil for NULL.
    mutating func bytes() throws -> UnsafeBufferPointer<UInt8>?
    mutating func int() throws -> Int?
    mutating func bool() throws -> Bool?
    mutating func address() throws -> IPAddress?
    /// A CIDR prefix with host bits clear, as the store writes them.
    mutating func prefix() throws -> IPPrefix?
    /// An error naming the cell just read.
    func mismatch(_ problem: String) -> InventoryRowCodec.Mismatch
}

extension InventoryCellReader {
    /// A cell of a NOT NULL column.
    @inlinable
    public mutating func required<T>(_ read: (inout Self) throws -> T?) throws -> T {
        guard let value = try read(&self) else { throw mismatch("NULL in a NOT NULL column") }
        return value
    }
}

/// Takes the cells of stored inventory rows, in `InventoryRowCodec.columns` order, then
/// `endRow` once per row. Text bytes stay valid until that row's `endRow` returns, no longer.
public protocol InventoryCellWriter {
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>?) throws
    mutating func integer(_ value: Int?) throws
    mutating func flag(_ value: Bool) throws
    mutating func endRow() throws
}

extension InventoryRowCodec {
    /// Reads one row's cells (after the engine's `id`) straight into `inventory`'s columns,
    /// with the checks every engine shares: an address or a prefix, labels a JSON object of
    /// strings, VLAN and line in range. Inlinable, so each engine's reader gets its own
    /// specialized copy: unspecialized, the generic calls per cell cost more than the reading.
    @inlinable
    public static func decode<R: InventoryCellReader>(_ f: inout R, into inventory: inout Inventory) throws {
        var text = Inventory.TextFields()
        text.source = try f.required { try $0.bytes() }
        let address = try f.address(), prefix = try f.prefix()
        guard (address == nil) != (prefix == nil) else { throw f.mismatch("a row holds an address or a prefix, not both or neither") }
        let mapped = try f.required { try $0.bool() }
        text.name = try f.required { try $0.bytes() }
        let role = InventoryRole(stored: try f.required { try $0.bytes() })
        text.region = try f.bytes()
        text.zone = try f.bytes()
        text.rack = try f.bytes()
        text.mac = try f.bytes()
        text.network = try f.bytes()
        let vlan = try f.int()
        text.host = try f.bytes()
        let live = try f.required { try $0.bool() }
        guard let labels = storedLabels(try f.required { try $0.bytes() }) else { throw f.mismatch("not a JSON object of strings") }
        text.file = try f.bytes()
        let line = try f.int()
        if let bad = InventoryRecord.storedRangeProblem(vlan: vlan, line: line) {
            throw Mismatch(column: bad.field, problem: bad.problem)
        }
        text.path = try f.bytes()
        inventory.append(address: prefix?.network ?? address!, prefixLength: prefix?.length, mappedIPv4: mapped,
                         role: role, live: live, vlan: vlan, line: line,
                         labels: labels, text: text)
    }

    /// The labels column (see `InventoryRecord.storedLabels`); `{}`, most rows, makes no String.
    public static func storedLabels(_ bytes: UnsafeBufferPointer<UInt8>) -> [String: String]? {
        if bytes.count == 2 && bytes[0] == UInt8(ascii: "{") && bytes[1] == UInt8(ascii: "}") { return [:] }
        return InventoryRecord.storedLabels(String(decoding: bytes, as: UTF8.self))
    }

    /// The stored text of labels: JSON with sorted keys, so equal records store equal text on
    /// either engine.
    public static func labelsText(_ labels: [String: String]) throws -> String {
        if labels.isEmpty { return "{}" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(labels), as: UTF8.self)
    }
}

extension InventoryRole {
    /// A stored role: the store writes `description`, matched here by its bytes without
    /// making a String; anything else is read as `InventoryRole(text:)` reads it.
    public init(stored bytes: UnsafeBufferPointer<UInt8>) {
        // Compared as raw bytes (memcmp): a generic UTF8View comparison per role per row was
        // a visible share of reading a million stored rows.
        for (role, name) in Self.storedNames where name.utf8CodeUnitCount == bytes.count
            && (bytes.isEmpty || memcmp(name.utf8Start, bytes.baseAddress!, bytes.count) == 0) {
            self = role
            return
        }
        self = InventoryRole(text: String(decoding: bytes, as: UTF8.self)) ?? .other
    }
}

extension InventoryRole {
    /// Each role with the name the store writes (`description`), as static bytes.
    static let storedNames: [(InventoryRole, StaticString)] = [
        (.other, "other"), (.master, "master"), (.agent, "agent"), (.publicAgent, "public-agent"),
        (.app, "app"), (.vip, "vip"), (.anycast, "anycast"), (.vrrp, "vrrp"),
    ]
}

extension Inventory {
    /// `records` for the store: one with neither an address nor a prefix (or both) is refused
    /// before anything is written, as the tables' CHECK constraint would.
    public init(storing records: [InventoryRecord]) throws {
        if let bad = records.first(where: { ($0.address == nil) == ($0.prefix == nil) }) {
            throw InputError(file: bad.file ?? bad.source, line: bad.line, path: bad.path, field: "address",
                             "record '\(bad.name)' holds an address or a prefix, not both or neither")
        }
        self.init(records)
    }

    /// Every row's cells, in `InventoryRowCodec.columns` order, under the source name
    /// `source`: the bulk write path of both engines, with no record or `String` made per row.
    public func encodeRows<W: InventoryCellWriter>(source: String, into w: inout W) throws {
        var source = source
        var scratch: [UInt8] = []
        scratch.reserveCapacity(64)
        // Interned ids to their bytes' (offset, count) in one flat copy, made once.
        var interned: [UInt8] = []
        var spans: [(Int, Int)] = []
        for s in text.strings {
            let start = interned.count
            interned.append(contentsOf: s.utf8)
            spans.append((start, interned.count - start))
        }
        try source.withUTF8 { source in
            try arena.withUnsafeBufferPointer { arena in
                try interned.withUnsafeBufferPointer { interned in
                    func ref(_ r: TextRef) -> UnsafeBufferPointer<UInt8>? {
                        r.count == 0 ? nil : UnsafeBufferPointer(rebasing: arena[Int(r.start)..<Int(r.start + r.count)])
                    }
                    func id(_ k: UInt32) -> UnsafeBufferPointer<UInt8>? {
                        if k == 0 { return nil }
                        let (start, count) = spans[Int(k)]
                        return UnsafeBufferPointer(rebasing: interned[start..<start + count])
                    }
                    for (i, row) in rows.enumerated() {
                        scratch.removeAll(keepingCapacity: true)
                        if row.prefixLength >= 0 {
                            IPPrefix(masking: row.address, length: Int(row.prefixLength)).append(to: &scratch)
                        } else {
                            row.address.append(to: &scratch)
                        }
                        var labels = self.labels.isEmpty ? "{}" : try InventoryRowCodec.labelsText(self.labels[i] ?? [:])
                        var role = row.role.description
                        // Every buffer handed over stays valid until `endRow` returns (see
                        // `InventoryCellWriter`), so a writer may keep pointers instead of copying.
                        try scratch.withUnsafeBufferPointer { place in
                            try labels.withUTF8 { labels in
                                try role.withUTF8 { role in
                                    try w.text(source)
                                    try w.text(row.prefixLength >= 0 ? nil : place)
                                    try w.text(row.prefixLength >= 0 ? place : nil)
                                    try w.flag(row.mappedIPv4)
                                    // A name is required: an empty one is stored as '' (not NULL).
                                    try w.text(ref(row.name) ?? UnsafeBufferPointer(rebasing: interned[0..<0]))
                                    try w.text(role)
                                    try w.text(id(row.region))
                                    try w.text(id(row.zone))
                                    try w.text(id(row.rack))
                                    try w.text(ref(row.mac))
                                    try w.text(id(row.network))
                                    try w.integer(row.vlan < 0 ? nil : Int(row.vlan))
                                    try w.text(ref(row.host))
                                    try w.flag(row.live)
                                    try w.text(labels)
                                    try w.text(id(row.file))
                                    try w.integer(row.line == 0 ? nil : Int(row.line))
                                    try w.text(ref(row.path))
                                    try w.endRow()
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
