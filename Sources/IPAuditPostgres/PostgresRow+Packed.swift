import PostgresNIO
import PostgresPackedRows

extension PostgresRow {
    /// The bytes of the row's one packed `text[]` cell (see `PackedRow`).
    func withPackedBytes<T>(_ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        var cells = makeIterator()
        guard let cell = cells.next(), cell.dataType == .textArray, cell.format == .binary, let bytes = cell.bytes else {
            throw PackedRow.Mismatch(column: "packed row", problem: "expected one non-null text[] cell")
        }
        return try bytes.withUnsafeReadableBytes(body)
    }
}

extension PackedRow {
    /// Reads `row`'s packed cell field by field (see `read(_:_:_:)` over bytes).
    static func read<T>(_ row: PostgresRow, _ layout: Layout, _ body: (inout PackedRow) throws -> T) throws -> T {
        try row.withPackedBytes { try read($0, layout, body) }
    }
}
