/// Small CSV files (allow-lists, format sniffing) as records of strings, split by the same
/// tokenizer as the inventory reader, so every CSV ipaudit reads follows one set of rules.
enum CSVRecords {
    struct Record {
        var line: Int
        var fields: [String]
    }

    /// Up to `limit` records (blank and `#` comment lines skipped).
    static func parse(_ bytes: [UInt8], file: String, limit: Int = .max) throws -> [Record] {
        try bytes.withUnsafeBufferPointer { b in
            var cursor = CSVInventoryReader.Cursor(bytes: b)
            var spans: [CSVInventoryReader.Span] = []
            var out: [Record] = []
            while out.count < limit, let line = try cursor.next(into: &spans, file: file) {
                out.append(Record(line: line, fields: spans.map { cursor.text($0) }))
            }
            return out
        }
    }
}
