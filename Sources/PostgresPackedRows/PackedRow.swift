import IPAuditKit
import IPCore

/// One row whose columns the query packed into a single `text[]` cell
/// (`SELECT ARRAY[a::text, b, …]`), read field by field straight from its binary bytes.
///
/// Why: postgres-nio builds a `PostgresCell` (a buffer slice and the column's name) for
/// every column of every row, about 100 ns each, and its generic `decode` adds a type
/// dispatch on top. Fleet audits read millions of rows of up to 19 columns; one cell per
/// row, parsed here in one pass over the bytes, keeps loading under the audit's budget.
/// Non-text columns travel as their text form (`true`/`false`, decimal integers, and
/// shortest round-trip floats) and are parsed back strictly.
public struct PackedRow {
    /// PostgreSQL's type id of `text`, the element type of the packed array.
    static let textOID: UInt32 = 25

    /// A cell that is not what the query promised: the same error as the SQLite reader's.
    public typealias Mismatch = InventoryRowCodec.Mismatch

    /// The columns one query packs, in the order the reader takes them.
    public struct Layout: Sendable {
        /// SQL expressions, each text or cast to text (`id::text`).
        public let expressions: [String]
        /// Column names for error messages.
        public let columns: [String]

        public init(_ expressions: [String]) {
            self.expressions = expressions
            columns = expressions.map { $0.hasSuffix("::text") ? String($0.dropLast(6)) : $0 }
        }

        /// The select list: one array per row.
        public var sql: String { "ARRAY[" + expressions.joined(separator: ", ") + "]" }
    }

    /// Reads a one-dimensional `text[]` in PostgreSQL's binary form, with one element per column
    /// of `layout`, and hands its fields to `body`, in order (the fuzz target enters here too).
    public static func read<T>(_ raw: UnsafeRawBufferPointer, _ layout: Layout, _ body: (inout PackedRow) throws -> T) throws -> T {
        var fields = try PackedRow(raw, columns: layout.columns)
        return try body(&fields)
    }

    private let raw: UnsafeRawBufferPointer
    private let columns: [String]
    private var offset = 0
    private var index = -1

    private init(_ raw: UnsafeRawBufferPointer, columns: [String]) throws {
        self.raw = raw
        self.columns = columns
        // Header: dimensions, has-null flag, element type; then length and lower bound per dimension.
        guard raw.count >= 20, int32() == 1 else { throw Mismatch(column: "packed row", problem: "not a one-dimensional array") }
        _ = int32()
        guard UInt32(bitPattern: int32()) == Self.textOID else {
            throw Mismatch(column: "packed row", problem: "elements are not text")
        }
        let count = Int(int32())
        _ = int32()
        guard count == columns.count else {
            throw Mismatch(column: "packed row", problem: "\(count) fields where \(columns.count) were expected")
        }
    }

    /// The next field's bytes, nil for SQL NULL; valid only inside `read`'s body.
    public mutating func bytes() throws -> UnsafeBufferPointer<UInt8>? {
        index += 1
        guard index < columns.count, offset + 4 <= raw.count else { throw mismatch("the array ends early") }
        let length = Int(int32())
        if length < 0 { return nil }
        guard offset + length <= raw.count else { throw mismatch("field runs past the end of the array") }
        defer { offset += length }
        return UnsafeBufferPointer(start: raw.baseAddress!.advanced(by: offset).assumingMemoryBound(to: UInt8.self), count: length)
    }

    /// A big-endian int32 at the offset (the callers checked the bounds), without the
    /// `memmove` a copy into a local would call for each of a row's 19 lengths.
    private mutating func int32() -> Int32 {
        let value = raw.loadUnaligned(fromByteOffset: offset, as: Int32.self)
        offset += 4
        return Int32(bigEndian: value)
    }

    /// An error naming the field just read.
    public func mismatch(_ problem: String) -> Mismatch {
        Mismatch(column: index < columns.count ? columns[index] : "#\(index)", problem: problem)
    }

    public mutating func text() throws -> String? {
        try bytes().map { String(decoding: $0, as: UTF8.self) }
    }

    /// A decimal integer as PostgreSQL's `::text` writes it (an optional `-`, then digits),
    /// read from the bytes without making a String: three per inventory row.
    public mutating func int() throws -> Int? {
        guard let bytes = try bytes() else { return nil }
        let negative = bytes.first == UInt8(ascii: "-")
        let digits = UnsafeBufferPointer(rebasing: bytes[(negative ? 1 : 0)...])
        guard !digits.isEmpty else { throw mismatch("not an integer") }
        var magnitude: UInt = 0
        for byte in digits {
            let digit = byte &- UInt8(ascii: "0")
            guard digit < 10 else { throw mismatch("not an integer") }
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt(digit))
            guard !o1, !o2 else { throw mismatch("not an integer") }
            magnitude = sum
        }
        if negative {
            guard magnitude <= UInt(Int.max) + 1 else { throw mismatch("not an integer") }
            return magnitude == UInt(Int.max) + 1 ? Int.min : -Int(magnitude)
        }
        guard magnitude <= UInt(Int.max) else { throw mismatch("not an integer") }
        return Int(magnitude)
    }

    public mutating func double() throws -> Double? {
        guard let bytes = try bytes() else { return nil }
        guard let value = Double(String(decoding: bytes, as: UTF8.self)) else { throw mismatch("not a number") }
        return value
    }

    public mutating func bool() throws -> Bool? {
        guard let bytes = try bytes() else { return nil }
        // Byte by byte: a generic sequence comparison per flag was a visible share of the read.
        let t = UInt8(ascii: "t"), f = UInt8(ascii: "f"), e = UInt8(ascii: "e")
        if bytes.count == 4, bytes[0] == t, bytes[1] == UInt8(ascii: "r"), bytes[2] == UInt8(ascii: "u"), bytes[3] == e { return true }
        if bytes.count == 5, bytes[0] == f, bytes[1] == UInt8(ascii: "a"), bytes[2] == UInt8(ascii: "l"), bytes[3] == UInt8(ascii: "s"),
           bytes[4] == e { return false }
        throw mismatch("not a boolean")
    }

    public mutating func address() throws -> IPAddress? {
        guard let bytes = try bytes() else { return nil }
        do throws(IPParseError) { return try IPAddress(utf8: bytes) } catch { throw mismatch("not an IP address: \(error)") }
    }

    /// A CIDR prefix with host bits clear, as the store writes them.
    public mutating func prefix() throws -> IPPrefix? {
        guard let bytes = try bytes() else { return nil }
        do throws(IPParseError) { return try IPPrefix(utf8: bytes, bareAddress: false) } catch { throw mismatch("not a CIDR prefix: \(error)") }
    }

    /// A field of a NOT NULL column.
    public mutating func required<T>(_ read: (inout PackedRow) throws -> T?) throws -> T {
        guard let value = try read(&self) else { throw mismatch("NULL in a NOT NULL column") }
        return value
    }
}
