import IPAuditKit
import IPCore

/// One `inventory_record` row as the PostgreSQL audit read receives it, packed into a single
/// `text[]` cell, decoded straight into `Inventory`'s columns. Kept apart from the driver so
/// the decoder is fuzzed on its own (Fuzz/FuzzPackedRow) over arbitrary bytes.
public enum PackedInventoryRow {
    /// The columns `append(_:to:location:)` reads, in its order: the shared column list, with
    /// integers and booleans cast to text for the packed array.
    public static let layout = PackedRow.Layout(["id::text"] + InventoryRowCodec.columns.map { column in
        switch column.kind {
        case .text, .optionalText: column.name
        case .integer, .flag: column.name + "::text"
        }
    })

    /// One packed inventory row from the array's binary bytes, bounds-checked before every
    /// read (the fuzz target feeds it arbitrary bytes).
    public static func append(packed raw: UnsafeRawBufferPointer, to inventory: inout Inventory, location: String) throws {
        var id: Int?
        do {
            try PackedRow.read(raw, layout) { f in
                id = try f.required { try $0.int() }
                var text = Inventory.TextFields()
                text.source = try f.required { try $0.bytes() }
                let address = try f.address(), prefix = try f.prefix()
                guard (address == nil) != (prefix == nil) else { throw f.mismatch("a row holds an address or a prefix, not both or neither") }
                let mapped = try f.required { try $0.bool() }
                text.name = try f.required { try $0.bytes() }
                let role = try f.required { try $0.text() }
                text.region = try f.bytes()
                text.zone = try f.bytes()
                text.rack = try f.bytes()
                text.mac = try f.bytes()
                text.network = try f.bytes()
                let vlan = try f.int()
                text.host = try f.bytes()
                let live = try f.required { try $0.bool() }
                let labels = Self.labels(try f.required { try $0.bytes() })
                guard let labels else { throw f.mismatch("not a JSON object of strings") }
                text.file = try f.bytes()
                let line = try f.int()
                if let bad = InventoryRecord.storedRangeProblem(vlan: vlan, line: line) {
                    throw PackedRow.Mismatch(column: bad.field, problem: bad.problem)
                }
                text.path = try f.bytes()
                inventory.append(address: prefix?.network ?? address!, prefixLength: prefix?.length, mappedIPv4: mapped,
                                 role: InventoryRole(text: role) ?? .other, live: live, vlan: vlan, line: line,
                                 labels: labels, text: text)
            }
        } catch {
            throw InputError(file: location, path: "inventory_record[id=\(id.map(String.init) ?? "?")]", "stored row is corrupt: \(error)")
        }
    }

    /// The labels column (see `InventoryRecord.storedLabels`); `{}`, most rows, makes no String.
    static func labels(_ bytes: UnsafeBufferPointer<UInt8>) -> [String: String]? {
        if bytes.count == 2 && bytes[0] == UInt8(ascii: "{") && bytes[1] == UInt8(ascii: "}") { return [:] }
        return InventoryRecord.storedLabels(String(decoding: bytes, as: UTF8.self))
    }
}
