import IPCore

/// Reads ipaudit's own JSON and YAML inventories: a list of records, or an object whose
/// `records` key holds that list. Each record uses the CSV column names; unknown keys
/// become labels. Errors name the JSON path (`$.records[3].address`); the row builder gives
/// each field its meaning.
enum DocumentInventoryReader {
    static func read(_ root: Any, into rows: inout InventoryRowBuilder, tally: inout ReadTally) throws {
        let file = rows.file
        let list: [Any], listPath: String
        if let a = DocumentValue.array(root) {
            list = a; listPath = "$"
        } else if let o = DocumentValue.object(root), let a = DocumentValue.array(o["records"] ?? o["inventory"] ?? o["hosts"]) {
            list = a
            listPath = o["records"] != nil ? "$.records" : o["inventory"] != nil ? "$.inventory" : "$.hosts"
        } else if let o = DocumentValue.object(root) {
            throw InputError(file: file, path: "$", InventoryFormat.unrecognized(o))
        } else {
            // A bare scalar is a line of text (`aws ... --output text`), not a document at all.
            let text = root is String ? "; this file is plain text, not JSON or YAML records" : ""
            throw InputError(file: file, path: "$", "expected a list of records, or an object with a 'records' list\(text)")
        }
        tally.count("records", list.count)
        rows.reserveCapacity(list.count)
        for (i, item) in list.enumerated() {
            try rows.attempt { try record(item, path: "\(listPath)[\(i)]", into: &$0) }
        }
    }

    /// The tree walk as plain records (the reference the streamed reader is tested against).
    static func read(_ root: Any, file: String, source: String, skipInvalid: Bool,
                     skipped: inout [InputError], tally: inout ReadTally) throws -> [InventoryRecord] {
        var rows = InventoryRowBuilder(file: file, source: source, skipInvalid: skipInvalid)
        try read(root, into: &rows, tally: &tally)
        skipped += rows.skipped
        return rows.take().records
    }

    /// One element of the list (`path` is its JSON path) as a row.
    static func record(_ item: Any, path: String, into rows: inout InventoryRowBuilder) throws {
        guard let object = DocumentValue.object(item) else {
            throw InputError(file: rows.file, path: path, "a record must be an object with an 'address' or 'prefix'")
        }
        try fields(object.keys.sorted().map { (key: $0, value: object[$0]!) }, path: path, into: &rows)
    }

    /// A row from named fields (a JSON/YAML object, a NetBox answer): the CSV column names,
    /// values as text (a NetBox tag list as its slugs); other values of unknown keys as labels.
    static func fields(_ fields: [(key: String, value: Any)], path: String, labels: [String: String] = [:],
                       into rows: inout InventoryRowBuilder) throws {
        rows.begin(path: path)
        for (key, value) in fields {
            let column = InventoryColumn(header: key)
            guard let text = DocumentValue.text(value) ?? (column == .tags ? tagsText(value) : nil) else {
                if case .label = column, let t = DocumentValue.labelText(value) { rows.label(key, t) }
                continue
            }
            if text.isEmpty { continue }
            try rows.set(column, text, field: key)
        }
        for (key, text) in labels { rows.label(key, text) }
        try rows.finish()
    }

    private static func tagsText(_ v: Any) -> String? {
        guard let list = DocumentValue.array(v) else { return nil }
        return list.compactMap { DocumentValue.text($0) ?? DocumentValue.text(DocumentValue.object($0)?["slug"]) }
            .joined(separator: ",")
    }
}
