import Foundation

/// Small CSV files (allow-lists, format sniffing) as records of strings, split by the same
/// tokenizer as the inventory reader, so every CSV ipaudit reads follows one set of rules.
enum CSVRecords {
    struct Record {
        var line: Int
        var fields: [String]
        /// The record's text as written (comment and blank lines before it excluded).
        var raw: String
    }

    /// Up to `limit` records (blank and `#` comment lines skipped).
    static func parse(_ bytes: [UInt8], file: String, limit: Int = .max) throws -> [Record] {
        try bytes.withUnsafeBufferPointer { b in
            var cursor = CSVInventoryReader.Cursor(bytes: b)
            var spans: [CSVInventoryReader.Span] = []
            var out: [Record] = []
            while out.count < limit, let line = try cursor.next(into: &spans, file: file) {
                let raw = String(decoding: UnsafeBufferPointer(rebasing: b[cursor.recordStart..<cursor.pos]), as: UTF8.self)
                out.append(Record(line: line, fields: spans.map { cursor.text($0) },
                                  raw: raw.trimmingCharacters(in: .whitespacesAndNewlines)))
            }
            return out
        }
    }
}
