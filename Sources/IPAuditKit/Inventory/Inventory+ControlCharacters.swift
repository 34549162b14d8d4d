/// Names and labels are keys: the duplicate rule groups by them, the store keeps them, and
/// SQLite's C text API stops at a NUL, so "web\u{0}1" and "web\u{0}2" would merge into one
/// entity once stored and a real duplicate would vanish. Control characters are refused
/// with the row's place instead of being stored cut or altered.
extension Inventory {
    public func checkNoControlCharacters() throws {
        func bad(_ bytes: some Sequence<UInt8>) -> UInt8? { bytes.first { $0 < 0x20 || $0 == 0x7F } }
        func refuse(_ i: Int, _ field: String, _ byte: UInt8) -> InputError {
            let row = rows[i]
            let hex = String(byte, radix: 16, uppercase: true)
            return InputError(file: optional(row.file) ?? text.string(row.source), line: row.line == 0 ? nil : Int(row.line),
                              path: optional(row.path), field: field,
                              "control character U+\(hex.count < 2 ? "000" : "00")\(hex); names and labels must be printable text")
        }
        let refs: [(String, KeyPath<Row, TextRef>)] = [("name", \.name), ("mac", \.mac), ("host", \.host)]
        let interned: [(String, KeyPath<Row, UInt32>)] = [("region", \.region), ("zone", \.zone), ("rack", \.rack), ("network", \.network)]
        let badIDs = Set(text.strings.indices.filter { bad($0 == 0 ? [] : Array(text.strings[$0].utf8)) != nil }.map(UInt32.init))
        for i in rows.indices {
            let row = rows[i]
            for (field, key) in refs {
                let ref = row[keyPath: key]
                guard ref.count > 0 else { continue }
                if let b = bad(arena[Int(ref.start)..<Int(ref.start + ref.count)]) { throw refuse(i, field, b) }
            }
            if !badIDs.isEmpty {
                for (field, key) in interned where badIDs.contains(row[keyPath: key]) {
                    throw refuse(i, field, bad(text.string(row[keyPath: key]).utf8)!)
                }
            }
        }
        for (i, labels) in labels.sorted(by: { $0.key < $1.key }) {
            for (key, value) in labels.sorted(by: { $0.key < $1.key }) {
                if let b = bad(key.utf8) ?? bad(value.utf8) { throw refuse(i, "label \(String(decoding: key.utf8.filter { $0 >= 0x20 && $0 != 0x7F }, as: UTF8.self))", b) }
            }
        }
    }
}
