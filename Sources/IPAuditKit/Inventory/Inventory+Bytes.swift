import IPCore

extension Inventory {
    /// The text fields of one row as UTF-8 bytes (nil or empty: none).
    public struct TextFields {
        public var name: UnsafeBufferPointer<UInt8>?
        public var mac: UnsafeBufferPointer<UInt8>?
        public var host: UnsafeBufferPointer<UInt8>?
        public var path: UnsafeBufferPointer<UInt8>?
        public var region: UnsafeBufferPointer<UInt8>?
        public var zone: UnsafeBufferPointer<UInt8>?
        public var rack: UnsafeBufferPointer<UInt8>?
        public var network: UnsafeBufferPointer<UInt8>?
        public var source: UnsafeBufferPointer<UInt8>?
        public var file: UnsafeBufferPointer<UInt8>?

        public init() {}
    }

    /// Appends one row whose text arrives as bytes, copied straight into the arena or
    /// interned: for readers that parse a buffer (PostgreSQL's packed rows) and would
    /// otherwise make a `String` per field only to copy it again. `prefixLength` nil is a
    /// host address. The caller checks ranges: `vlan` 0...4095, `line` ≥ 1.
    public mutating func append(address: IPAddress, prefixLength: Int?, mappedIPv4: Bool, role: InventoryRole, live: Bool,
                                vlan: Int?, line: Int?, labels: [String: String], text t: TextFields) {
        let row = Row(address: address, prefixLength: Int16(prefixLength ?? -1), role: role, live: live,
                      mappedIPv4: mappedIPv4, vlan: Int32(vlan ?? -1), name: store(bytes: t.name), mac: store(bytes: t.mac),
                      host: store(bytes: t.host), path: store(bytes: t.path), region: intern(t.region), zone: intern(t.zone),
                      rack: intern(t.rack), network: intern(t.network), source: intern(t.source), file: intern(t.file),
                      line: UInt32(line ?? 0))
        if !labels.isEmpty { self.labels[rows.count] = labels }
        rows.append(row)
    }

    private mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>?) -> UInt32 {
        guard let bytes else { return 0 }
        return text.intern(bytes)
    }
}
