import IPCore

extension CSVInventoryReader {
    /// Hands one record's field spans to the row builder, column by column, without a String
    /// per field: unquoted text is a reference into the file's bytes (the arena), and role,
    /// status and place columns are interned from the bytes.
    struct RowDecoder {
        let columns: [InventoryColumn]
        let headers: [String]
        /// Set when the file holds bytes that are not UTF-8: each field is checked then.
        var checkUTF8 = false

        init(columns: [InventoryColumn], headers: [String]) {
            self.columns = columns
            self.headers = headers
        }

        func decode(_ spans: [Span], bytes b: UnsafeBufferPointer<UInt8>, line: Int, into rows: inout InventoryRowBuilder) throws {
            rows.begin(line: line)
            func text(_ s: Span) -> String {
                let raw = String(decoding: UnsafeBufferPointer(rebasing: b[s.start..<s.end]), as: UTF8.self)
                return s.escaped ? raw.replacingOccurrences(of: "\"\"", with: "\"") : raw
            }
            for k in 0..<columns.count {
                let s = spans[k]
                if s.start == s.end { continue }
                let field = UnsafeBufferPointer(rebasing: b[s.start..<s.end])
                if checkUTF8, let bad = UTF8Check.firstInvalid(field) { throw rows.fail(headers[k], UTF8Check.message(byte: field[bad])) }
                func ref() -> InventoryRowBuilder.Text {
                    if !s.escaped { return .ref(Inventory.TextRef(start: UInt32(s.start), count: UInt32(s.end - s.start))) }
                    return .ref(rows.storeUnescaped(field))
                }
                switch columns[k] {
                case .address: try rows.address(field, field: headers[k])
                case .prefix: try rows.prefix(text(s), field: headers[k])
                case .role: rows.role(field, field: headers[k]) { text(s) }
                case .status: rows.status(field) { text(s) }
                case .name: rows.name(ref())
                case .device: rows.device(ref())
                case .dnsName: rows.dnsName(ref())
                case .mac: rows.mac(ref())
                case .host: rows.host(ref())
                case .region: rows.region(field)
                case .zone: rows.zone(field)
                case .rack: rows.rack(field)
                case .network, .vrf: rows.network(field, vrf: columns[k] == .vrf) { text(s) }
                case .vlan: try rows.vlan(text(s), field: headers[k])
                case .tags: rows.tags(text(s))
                case .scopeType: rows.scopeType(text(s))
                case .scopeName: rows.scopeName(text(s))
                case .label(let key): rows.label(key, text(s))
                }
            }
            try rows.finish()
        }
    }
}
