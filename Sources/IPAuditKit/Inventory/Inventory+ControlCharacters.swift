/// Names and keys group entities: the duplicate rule groups by them, the store keeps them,
/// and SQLite's C text API stops at a NUL, so "web\u{0}1" and "web\u{0}2" would merge into
/// one entity once stored and a real duplicate would vanish. Control characters in names,
/// MACs, hosts, zones and label keys, and NUL anywhere (label values included: a NetBox
/// description may span lines, but never holds a NUL), are refused with the row's place
/// instead of being stored cut or altered.
extension Inventory {
    /// Throws for the first offending row; with `skipInvalid`, drops every offending row
    /// and reports each in `skipped` instead.
    public mutating func refuseControlCharacters(skipInvalid: Bool, skipped: inout [InputError]) throws {
        var bad: [Int: InputError] = [:]
        let badText = badInternedText()
        for i in rows.indices {
            if let error = controlCharacterError(row: i, badText: badText) {
                if !skipInvalid { throw error }
                bad[i] = error
            }
        }
        guard !bad.isEmpty else { return }
        skipped += bad.keys.sorted().map { bad[$0]! }
        self = Inventory(records.enumerated().filter { bad[$0.offset] == nil }.map(\.element))
    }

    public func checkNoControlCharacters() throws {
        let badText = badInternedText()
        for i in rows.indices { if let error = controlCharacterError(row: i, badText: badText) { throw error } }
    }

    /// Interned texts (zones, regions, racks, networks) are few: checked once, not per row.
    private func badInternedText() -> Set<UInt32> {
        Set(text.strings.indices.dropFirst().filter { text.strings[$0].utf8.contains { $0 < 0x20 || $0 == 0x7F } }.map(UInt32.init))
    }

    private func controlCharacterError(row i: Int, badText: Set<UInt32>) -> InputError? {
        func control(_ bytes: some Sequence<UInt8>) -> UInt8? { bytes.first { $0 < 0x20 || $0 == 0x7F } }
        func nul(_ bytes: some Sequence<UInt8>) -> UInt8? { bytes.first { $0 == 0 } }
        let row = rows[i]
        func refuse(_ field: String, _ byte: UInt8) -> InputError {
            let hex = String(byte, radix: 16, uppercase: true)
            return InputError(file: optional(row.file) ?? text.string(row.source), line: row.line == 0 ? nil : Int(row.line),
                              path: optional(row.path), field: field,
                              "control character U+\(hex.count < 2 ? "000" : "00")\(hex); names and keys must be printable text")
        }
        for (field, ref) in [("name", row.name), ("mac", row.mac), ("host", row.host)] where ref.count > 0 {
            if let b = control(arena[Int(ref.start)..<Int(ref.start + ref.count)]) { return refuse(field, b) }
        }
        if !badText.isEmpty {
            for (field, id) in [("region", row.region), ("zone", row.zone), ("rack", row.rack), ("network", row.network)]
            where badText.contains(id) {
                return refuse(field, control(text.string(id).utf8)!)
            }
        }
        for (key, value) in (labels[i] ?? [:]).sorted(by: { $0.key < $1.key }) {
            let printable = String(decoding: key.utf8.filter { $0 >= 0x20 && $0 != 0x7F }, as: UTF8.self)
            if let b = control(key.utf8) ?? nul(value.utf8) { return refuse("label \(printable)", b) }
        }
        return nil
    }
}
