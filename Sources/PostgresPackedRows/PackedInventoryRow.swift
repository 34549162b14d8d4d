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
                try InventoryRowCodec.decode(&f, into: &inventory)
            }
        } catch {
            throw InputError(file: location, path: "inventory_record[id=\(id.map(String.init) ?? "?")]", "stored row is corrupt: \(error)")
        }
    }
}

/// The packed reader is one of the engines' cell readers (see `InventoryRowCodec.decode`).
extension PackedRow: InventoryCellReader {}
