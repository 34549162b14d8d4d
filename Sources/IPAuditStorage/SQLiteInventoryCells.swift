import GRDB
import GRDBSQLite
import IPAuditKit
import IPCore

/// One row of a raw `sqlite3_stmt` read cell by cell for `InventoryRowCodec.decode`: text
/// straight from SQLite's buffer, no `DatabaseValue` or `String` per cell. Each cell must be
/// what its column holds in SQLite's own storage classes ('abc' in an INTEGER column, 1.5, a
/// blob, 2 in a flag column are errors naming the column, never converted).
struct SQLiteInventoryCells: InventoryCellReader {
    let statement: OpaquePointer
    /// The statement column of the next cell (column 0 is the row's id).
    private var column: Int32 = 0
    /// The row's values laid out one stride apart from column 0's (see `ResultRowLayout`), or
    /// nil: each asked of SQLite.
    private let layout: ResultRowLayout?
    private let first: UnsafeRawPointer?

    /// The store keeps its text in UTF-8 (SQLite's default, and every ipaudit store's), so text
    /// cells can be read as their bytes in place.
    private let utf8: Bool

    init(_ statement: OpaquePointer, layout: ResultRowLayout? = nil, utf8: Bool = false) {
        self.statement = statement
        self.layout = layout
        self.utf8 = utf8
        first = layout == nil ? nil : UnsafeRawPointer(sqlite3_column_value(statement, 0))
    }

    /// The current cell's value. One `sqlite3_column_value` per cell, then `sqlite3_value_*`
    /// on it: three `sqlite3_column_*` calls per cell otherwise, each finding the column again.
    /// The value is unprotected; SQLite allows `sqlite3_value_*` on it only where no other
    /// thread can use the connection: the multi-thread mode (`SQLiteStore.multiThreaded`), or
    /// the connection's mutex held around the whole read, as `readInventory` does otherwise.
    /// It is read on this thread, before the next step.
    private var value: OpaquePointer?

    /// Moves to the next cell: its type, or nil for NULL.
    private mutating func next() -> Int32? {
        column += 1
        if let layout, let first {
            value = OpaquePointer(first + Int(column) * layout.stride)
        } else {
            value = sqlite3_column_value(statement, column)
        }
        let type = sqlite3_value_type(value)
        return type == SQLITE_NULL ? nil : type
    }

    private func unexpected(_ type: Int32, expected: String) -> InventoryRowCodec.Mismatch {
        let held = switch type {
        case SQLITE_INTEGER: "the integer \(sqlite3_value_int64(value))"
        case SQLITE_FLOAT: "the real number \(sqlite3_value_double(value))"
        case SQLITE_BLOB: "a blob"
        default: "text"
        }
        return mismatch("holds \(held), expected \(expected)")
    }

    mutating func bytes() throws -> UnsafeBufferPointer<UInt8>? {
        guard let type = next() else { return nil }
        guard type == SQLITE_TEXT else { throw unexpected(type, expected: "text") }
        if utf8 {
            // The text's bytes where they lie (the page): `sqlite3_value_text` would first copy
            // each one into a buffer of its own to add the NUL terminator nobody here needs.
            // Blob first, then its length (SQLite's order: the length then needs no conversion).
            let start = sqlite3_value_blob(value)
            let count = Int(sqlite3_value_bytes(value))
            // An empty text has no pointer; it stays '' rather than NULL.
            return UnsafeBufferPointer(start: start?.assumingMemoryBound(to: UInt8.self) ?? Self.empty.utf8Start, count: count)
        }
        // Text first, then its length (SQLite's order); an empty text has a valid pointer too,
        // so it stays '' rather than NULL.
        let start = sqlite3_value_text(value)
        return UnsafeBufferPointer(start: start, count: Int(sqlite3_value_bytes(value)))
    }

    private static let empty: StaticString = ""

    mutating func int() throws -> Int? {
        guard let type = next() else { return nil }
        guard type == SQLITE_INTEGER else { throw unexpected(type, expected: "an integer") }
        return Int(sqlite3_value_int64(value))
    }

    mutating func bool() throws -> Bool? {
        guard let type = next() else { return nil }
        guard type == SQLITE_INTEGER else { throw unexpected(type, expected: "0 or 1") }
        switch sqlite3_value_int64(value) {
        case 0: return false
        case 1: return true
        case let n: throw mismatch("\(n) is not 0 or 1")
        }
    }

    mutating func address() throws -> IPAddress? {
        guard let bytes = try bytes() else { return nil }
        do throws(IPParseError) { return try IPAddress(utf8: bytes) } catch { throw mismatch("not an IP address: \(error)") }
    }

    mutating func prefix() throws -> IPPrefix? {
        guard let bytes = try bytes() else { return nil }
        do throws(IPParseError) { return try IPPrefix(utf8: bytes, bareAddress: false) } catch { throw mismatch("not a CIDR prefix: \(error)") }
    }

    func mismatch(_ problem: String) -> InventoryRowCodec.Mismatch {
        let index = Int(column) - 1
        let name = InventoryRowCodec.columns.indices.contains(index) ? InventoryRowCodec.columns[index].name : "#\(column)"
        return InventoryRowCodec.Mismatch(column: name, problem: problem)
    }
}

/// Where a statement's result row keeps its values: SQLite hands out `sqlite3_value` pointers
/// into the row's registers, consecutive cells of one size, so column i's value is column 0's
/// plus i strides. Reading a million 19-column rows, `sqlite3_column_value` (a range check and
/// the connection's error state per call) was 7% of `audit --store`; with the layout a row takes
/// one call, for column 0. Never assumed: `verified` checks every column of the statement's
/// first row against SQLite's own answer, and each row's column 0 is asked again (so a row
/// elsewhere would still be found); any difference, and the reader asks SQLite per cell.
struct ResultRowLayout {
    let stride: Int

    static func verified(_ statement: OpaquePointer) -> ResultRowLayout? {
        let count = sqlite3_column_count(statement)
        guard count >= 2, let base = sqlite3_column_value(statement, 0).map(UnsafeRawPointer.init),
              let second = sqlite3_column_value(statement, 1).map(UnsafeRawPointer.init) else { return nil }
        let stride = second - base
        guard stride > 0 else { return nil }
        for i in 2..<count where sqlite3_column_value(statement, i).map(UnsafeRawPointer.init) != base + Int(i) * stride {
            return nil
        }
        return ResultRowLayout(stride: stride)
    }
}

/// Binds the cells `Inventory.encodeRows` hands over to a prepared INSERT and runs it once
/// per row: one statement for the whole import, reset and re-bound. Texts are bound without
/// a copy (SQLITE_STATIC): the writer protocol keeps them valid until `endRow` has stepped.
struct SQLiteInventoryInsert: InventoryCellWriter {
    let statement: OpaquePointer
    private var index: Int32 = 0
    private(set) var rows = 0

    init(_ statement: OpaquePointer) { self.statement = statement }

    /// SQLITE_STATIC: SQLite reads the caller's bytes when it steps.
    private static let unmanaged = unsafeBitCast(0, to: sqlite3_destructor_type.self)
    private static let empty: StaticString = ""

    private mutating func check(_ code: Int32) throws {
        guard code == SQLITE_OK else { throw failure(code) }
    }

    /// GRDB's error for SQLite's code, so the store words it as any other (busy, disk full, ...).
    private func failure(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(sqlite3_db_handle(statement))))
    }

    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>?) throws {
        index += 1
        guard let bytes else { return try check(sqlite3_bind_null(statement, index)) }
        // A zero-length buffer may have no address, which SQLite would bind as NULL.
        let start = bytes.isEmpty ? Self.empty.utf8Start : bytes.baseAddress!
        try check(start.withMemoryRebound(to: CChar.self, capacity: max(bytes.count, 1)) {
            sqlite3_bind_text(statement, index, $0, Int32(bytes.count), Self.unmanaged)
        })
    }

    mutating func integer(_ value: Int?) throws {
        index += 1
        try check(value.map { sqlite3_bind_int64(statement, index, Int64($0)) } ?? sqlite3_bind_null(statement, index))
    }

    mutating func flag(_ value: Bool) throws {
        index += 1
        try check(sqlite3_bind_int64(statement, index, value ? 1 : 0))
    }

    mutating func endRow() throws {
        // Every row binds every parameter, so none still points at an earlier row's bytes when
        // the statement steps (the caller clears the bindings once, after the last row:
        // `sqlite3_clear_bindings` per row was a visible share of a million-row import).
        guard index == sqlite3_bind_parameter_count(statement) else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "inventory row with \(index) cells for \(sqlite3_bind_parameter_count(statement)) columns")
        }
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE else {
            throw failure(code)
        }
        sqlite3_reset(statement)
        index = 0
        rows += 1
    }
}
