import Foundation
import IPCore

/// Reads CSV inventories (ipaudit's own columns, NetBox CSV import files and NetBox UI
/// exports) straight from the file's bytes into `Inventory`'s columns.
///
/// Hand-written for speed: no `String` per field, no dictionary per row. Unquoted fields point
/// into the file's bytes (which become the inventory's text arena); the rare field with
/// doubled quotes is unescaped into the arena's tail. RFC 4180 quoting, CRLF or LF, a UTF-8
/// BOM, blank lines and `#` comment lines are accepted. Line numbers count physical lines,
/// so a quoted field spanning lines still reports where the record starts.
enum CSVInventoryReader {
    struct Span {
        var start: Int
        var end: Int
        var escaped: Bool
    }

    static func read(_ data: [UInt8], file: String, source: String, skipInvalid: Bool,
                     skipped: inout [InputError]) throws -> Inventory {
        // Text the builder stores (unescaped quotes, names of unnamed rows) follows the file's bytes.
        var rows = InventoryRowBuilder(file: file, source: source, skipInvalid: skipInvalid, textBase: data.count)
        try data.withUnsafeBufferPointer { b in
            // One row per line at most: reserve once instead of growing a million-row array.
            var lines = 0
            var p = UnsafeRawPointer(b.baseAddress)
            var left = b.count
            while left > 0, let hit = memchr(p!, 0x0A, left) {
                lines += 1
                let skip = UnsafeRawPointer(hit) - p! + 1
                p = UnsafeRawPointer(hit) + 1
                left -= skip
            }
            rows.reserveCapacity(lines + 1)
            var reader = Cursor(bytes: b)
            var spans: [Span] = []
            guard let headerLine = try reader.next(into: &spans, file: file) else {
                throw InputError(file: file, line: 1, "empty CSV: no header line")
            }
            // Bytes that are not UTF-8 would decode to U+FFFD and merge names: a file holding any
            // has each field checked, so the error names its line and column.
            let checkUTF8 = UTF8Check.firstInvalid(b) != nil
            if checkUTF8, let bad = spans.first(where: { UTF8Check.firstInvalid(UnsafeBufferPointer(rebasing: b[$0.start..<$0.end])) != nil }) {
                let field = UnsafeBufferPointer(rebasing: b[bad.start..<bad.end])
                throw InputError(file: file, line: headerLine, field: "header",
                                 UTF8Check.message(byte: field[UTF8Check.firstInvalid(field)!]))
            }
            let headers = spans.map { reader.text($0) }
            let columns = headers.map(InventoryColumn.init(header:))
            try checkUniqueHeaders(headers, file: file, line: headerLine)
            guard columns.contains(.address) || columns.contains(.prefix) else {
                let lower = Set(headers.map { $0.lowercased() })
                let what = lower.isSuperset(of: ["start_address", "end_address"])
                    ? "; this is a NetBox IP-range export, not IP addresses or prefixes" : ""
                throw InputError(file: file, line: headerLine, field: "address",
                                 "the header has neither an 'address' nor a 'prefix' column (found: \(headers.joined(separator: ", ")))\(what)")
            }
            if !columns.contains(.address) { rows.missingField = "prefix" }
            var decoder = RowDecoder(columns: columns, headers: headers)
            decoder.checkUTF8 = checkUTF8
            while let line = try reader.next(into: &spans, file: file) {
                try rows.attempt { rows in
                    guard spans.count == columns.count else {
                        throw InputError(file: file, line: line,
                                         "expected \(columns.count) fields as in the header, found \(spans.count)")
                    }
                    try decoder.decode(spans, bytes: b, line: line, into: &rows)
                }
            }
        }
        skipped += rows.skipped
        return rows.take(arena: data)
    }

    /// `address,name,address` is ambiguous (which address is the row's?): refused, never "last wins".
    static func checkUniqueHeaders(_ headers: [String], file: String, line: Int) throws {
        var seen: [String: Int] = [:]
        for (i, header) in headers.enumerated() {
            let key = header.trimmingSpaces.lowercased().replacingOccurrences(of: " ", with: "_")
            guard !key.isEmpty else { continue }
            if let first = seen[key] {
                throw InputError(file: file, line: line, field: header.trimmingSpaces,
                                 "column '\(header.trimmingSpaces)' appears twice in the header (columns \(first + 1) and \(i + 1))")
            }
            seen[key] = i
        }
        // Two spellings of one identity column (`address` and `ip`) are as ambiguous.
        for column in [InventoryColumn.address, .prefix, .name] {
            let at = headers.indices.filter { InventoryColumn(header: headers[$0]) == column }
            if at.count > 1 {
                throw InputError(file: file, line: line, field: headers[at[1]].trimmingSpaces,
                                 "columns '\(headers[at[0]].trimmingSpaces)' and '\(headers[at[1]].trimmingSpaces)' both mean \(column) (columns \(at[0] + 1) and \(at[1] + 1))")
            }
        }
    }

    /// Splits the buffer into records of field spans.
    struct Cursor {
        let bytes: UnsafeBufferPointer<UInt8>
        var pos = 0
        var line = 1
        /// Where the record `next` returned last begins (after skipped blank and comment lines).
        var recordStart = 0

        init(bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { pos = 3 }
        }

        func text(_ s: Span) -> String {
            let raw = String(decoding: UnsafeBufferPointer(rebasing: bytes[s.start..<s.end]), as: UTF8.self)
            return s.escaped ? raw.replacingOccurrences(of: "\"\"", with: "\"") : raw
        }

        /// The next record's fields; returns its first line number, or nil at the end.
        mutating func next(into spans: inout [Span], file: String) throws -> Int? {
            spans.removeAll(keepingCapacity: true)
            let n = bytes.count
            // Skip blank and comment lines.
            while pos < n {
                let c = bytes[pos]
                if c == 0x0A { line += 1; pos += 1; continue }
                if c == 0x0D { pos += 1; continue }
                if c == UInt8(ascii: "#") {
                    while pos < n && bytes[pos] != 0x0A { pos += 1 }
                    continue
                }
                break
            }
            if pos >= n { return nil }
            recordStart = pos
            let first = line
            while true {
                if pos < n && bytes[pos] == UInt8(ascii: "\"") {
                    pos += 1
                    let start = pos
                    var escaped = false
                    while true {
                        guard pos < n else { throw InputError(file: file, line: first, "unterminated quoted field") }
                        let c = bytes[pos]
                        if c == UInt8(ascii: "\"") {
                            if pos + 1 < n && bytes[pos + 1] == UInt8(ascii: "\"") { escaped = true; pos += 2; continue }
                            break
                        }
                        if c == 0x0A { line += 1 }
                        pos += 1
                    }
                    spans.append(Span(start: start, end: pos, escaped: escaped))
                    pos += 1
                    if pos < n && bytes[pos] != UInt8(ascii: ",") && bytes[pos] != 0x0A && bytes[pos] != 0x0D {
                        throw InputError(file: file, line: line, "unexpected text after a closing quote")
                    }
                } else {
                    var start = pos
                    while pos < n {
                        let c = bytes[pos]
                        if c == UInt8(ascii: ",") || c == 0x0A || c == 0x0D { break }
                        pos += 1
                    }
                    var end = pos
                    while start < end && (bytes[start] == 0x20 || bytes[start] == 0x09) { start += 1 }
                    while end > start && (bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09) { end -= 1 }
                    spans.append(Span(start: start, end: end, escaped: false))
                }
                if pos >= n { return first }
                let c = bytes[pos]
                pos += 1
                if c == UInt8(ascii: ",") { continue }
                if c == 0x0D && pos < n && bytes[pos] == 0x0A { pos += 1 }
                line += 1
                return first
            }
        }
    }
}
