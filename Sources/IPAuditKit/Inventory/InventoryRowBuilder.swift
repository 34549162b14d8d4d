import IPCore

/// Builds inventory rows field by field: every reader (CSV, ipaudit's JSON and YAML, NetBox,
/// Mesos, Marathon, Kubernetes, DC/OS overlay) hands it what each field of a row says, and it
/// alone knows what a column means, which checks a row must pass, how an unnamed row is named,
/// and the texts of the errors, which name the file and the row's line or JSON path and field.
///
/// Text arrives either as a reference into the final arena (the CSV fast path: the file's
/// bytes become the arena) or as a `String`, stored in the arena's tail only once the row is
/// complete and the text is used (a failed row, or a device name a `name` overrides, costs none).
struct InventoryRowBuilder {
    private(set) var inventory = Inventory()
    /// Rows left out with `skipInvalid`, each with its error.
    var skipped: [InputError] = []
    let skipInvalid: Bool
    let file: String
    /// What the rows' source is named (the store replaces a source's rows on re-import).
    let source: String
    /// The field a row without address and prefix is said to lack (CSV: the column it has).
    var missingField = "address"
    /// Arena offset of the tail where this builder stores text: after the file's bytes for CSV.
    private let base: Int
    private var tail: [UInt8] = []
    private let fileID: UInt32
    private let sourceID: UInt32
    // Role and status spellings repeat on every row: each is interpreted once, cached by id.
    private var roles = TextInterner()
    private var roleByID: [Int16] = [Int16(InventoryRole.other.rawValue)]
    private var statuses = TextInterner()
    private var liveByID: [Bool] = [true]
    private var row = Pending()

    /// `textBase` is where text stored by the builder will start in the finished arena.
    init(file: String, source: String, skipInvalid: Bool, textBase: Int = 0) {
        self.file = file
        self.source = source
        self.skipInvalid = skipInvalid
        base = textBase
        fileID = inventory.text.intern(file)
        sourceID = inventory.text.intern(source)
    }

    /// Text of one row: a range of the final arena, or a string not stored yet.
    enum Text {
        case none
        case ref(Inventory.TextRef)
        case string(String)

        var isEmpty: Bool {
            switch self {
            case .none: true
            case .ref(let r): r.count == 0
            case .string(let s): s.isEmpty
            }
        }
    }

    private struct Pending {
        var line: Int?
        var path: String?
        var address: AddressField.Value?
        var prefix: IPPrefix?
        var role = InventoryRole.other
        var roleGiven = false
        /// A role no host may have (NetBox's free-form prefix roles), with the field it came in.
        var prefixRole: (text: String, field: String)?
        var live = true
        var vlan: Int32 = -1
        var name = Text.none, device = Text.none, dns = Text.none, mac = Text.none, host = Text.none
        var region: UInt32 = 0, zone: UInt32 = 0, rack: UInt32 = 0, network: UInt32 = 0
        // Optional, nil on most rows: a fresh row then costs no release of an empty value.
        var tags: String?
        var scopeType: String?, scopeName: String?
        var labels: [String: String]?
        /// The name as decided by a reader that builds whole records (no naming rule applies).
        var named = false
    }

    // MARK: rows

    mutating func reserveCapacity(_ rows: Int) { inventory.rows.reserveCapacity(rows) }

    /// Starts the row at `line` (tabular input) or at the JSON `path` (documents).
    mutating func begin(line: Int? = nil, path: String? = nil) {
        row = Pending()
        row.line = line
        row.path = path
    }

    /// Runs `read` for one row or item; with `skipInvalid`, its error is kept in `skipped`
    /// and the row left out instead of failing the file.
    mutating func attempt(_ read: (inout InventoryRowBuilder) throws -> Void) throws {
        do {
            try read(&self)
        } catch let error as InputError where skipInvalid {
            skipped.append(error)
        }
    }

    /// The error for `field` of the current row.
    func fail(_ field: String, _ message: String) -> InputError {
        if let path = row.path { return InputError(file: file, path: "\(path).\(field)", field: field, message) }
        return InputError(file: file, line: row.line, field: field, message)
    }

    /// The error for the current row as a whole (`field` is what it lacks).
    func failRow(field: String? = nil, _ message: String) -> InputError {
        InputError(file: file, line: row.line, path: row.path, field: field, message)
    }

    // MARK: fields

    mutating func address(_ bytes: UnsafeBufferPointer<UInt8>, field: String) throws {
        do { row.address = try AddressField.parse(bytes) } catch { throw fail(field, RedactedValue.explain(error)) }
    }

    mutating func address(_ text: String, field: String) throws {
        do { row.address = try AddressField.parse(text) } catch { throw fail(field, RedactedValue.explain(error)) }
    }

    mutating func prefix(_ text: String, field: String) throws {
        do { row.prefix = try IPPrefix(text) } catch { throw fail(field, RedactedValue.explain(error)) }
    }

    /// A role spelling; `text` makes its String only the first time a spelling is seen.
    mutating func role(_ bytes: UnsafeBufferPointer<UInt8>, field: String, text: () -> String) {
        let id = Int(roles.intern(bytes))
        if id == roleByID.count { roleByID.append(InventoryRole(text: text()).map { Int16($0.rawValue) } ?? -1) }
        let raw = roleByID[id]
        if raw >= 0 { row.role = InventoryRole(rawValue: UInt8(raw))!; row.roleGiven = true }
        else { row.prefixRole = (text(), field) }
    }

    mutating func status(_ bytes: UnsafeBufferPointer<UInt8>, text: () -> String) {
        let id = Int(statuses.intern(bytes))
        if id == liveByID.count { liveByID.append(InventoryStatus.isLive(text())) }
        row.live = liveByID[id]
    }

    mutating func vlan(_ text: String, field: String) throws {
        guard let v = InventoryStatus.vlan(text) else {
            throw fail(field, "VLAN must be a number from 0 to 4095 (or 'name (vid)'), found \"\(text)\"")
        }
        row.vlan = Int32(v)
    }

    mutating func name(_ t: Text) { row.name = t }
    mutating func device(_ t: Text) { row.device = t }
    mutating func dnsName(_ t: Text) { row.dns = t }
    mutating func mac(_ t: Text) { row.mac = t }
    mutating func host(_ t: Text) { row.host = t }
    mutating func region(_ bytes: UnsafeBufferPointer<UInt8>) { row.region = inventory.text.intern(bytes) }
    mutating func zone(_ bytes: UnsafeBufferPointer<UInt8>) { row.zone = inventory.text.intern(bytes) }
    mutating func rack(_ bytes: UnsafeBufferPointer<UInt8>) { row.rack = inventory.text.intern(bytes) }

    /// A routing domain; NetBox's `Global` (any case) and nothing are the underlay. A VRF is a
    /// routing domain of its own, also kept as the `vrf` label.
    mutating func network(_ bytes: UnsafeBufferPointer<UInt8>, vrf: Bool, text: () -> String) {
        if bytes.isEmpty || Self.isGlobal(bytes) { return }
        row.network = inventory.text.intern(bytes)
        if vrf { label(InventoryLabel.vrf, text()) }
    }

    mutating func tags(_ text: String) { row.tags = text }
    mutating func scopeType(_ text: String) { row.scopeType = text }
    mutating func scopeName(_ text: String) { row.scopeName = text }
    mutating func label(_ key: String, _ text: String) {
        if row.labels == nil { row.labels = [key: text] } else { row.labels![key] = text }
    }

    /// A field given by name with its text (documents and API answers): the column's meaning.
    mutating func set(_ column: InventoryColumn, _ text: String, field: String) throws {
        var utf8 = text
        try utf8.withUTF8 { bytes in
            switch column {
            case .address: try address(bytes, field: field)
            case .prefix: try prefix(text, field: field)
            case .role: role(bytes, field: field) { text }
            case .status: status(bytes) { text }
            case .name: row.name = .string(text)
            case .device: row.device = .string(text)
            case .dnsName: row.dns = .string(text)
            case .mac: row.mac = .string(text)
            case .host: row.host = .string(text)
            case .region: region(bytes)
            case .zone: zone(bytes)
            case .rack: rack(bytes)
            case .network, .vrf: network(bytes, vrf: column == .vrf) { text }
            case .vlan: try vlan(text, field: field)
            case .tags: row.tags = text
            case .scopeType: row.scopeType = text
            case .scopeName: row.scopeName = text
            case .label(let key): label(key, text)
            }
        }
    }

    /// A row a reader has decided whole (the cluster APIs' records): its values as they are,
    /// through the same checks and into the same columns.
    mutating func add(_ r: InventoryRecord) throws {
        begin(line: r.line, path: r.path)
        row.address = r.address.map { AddressField.Value(address: $0, mappedIPv4: r.mappedIPv4) }
        row.prefix = r.prefix
        row.role = r.role
        row.roleGiven = true
        row.live = r.live
        row.vlan = Int32(r.vlan ?? -1)
        row.name = .string(r.name)
        row.named = true
        row.mac = r.mac.map(Text.string) ?? .none
        row.host = r.host.map(Text.string) ?? .none
        row.region = inventory.text.intern(r.region)
        row.zone = inventory.text.intern(r.zone)
        row.rack = inventory.text.intern(r.rack)
        row.network = inventory.text.intern(r.network)
        row.labels = r.labels.isEmpty ? nil : r.labels
        try finish(source: inventory.text.intern(r.source), file: r.file.map { inventory.text.intern($0) } ?? 0)
    }

    // MARK: finishing

    /// Checks the row and appends it: an address or a prefix (never both), a free-form role
    /// only on a subnet, the role from tags, the place from a NetBox scope, and a name (the
    /// device, else the DNS name, else the address itself: an unassigned address).
    mutating func finish() throws {
        try finish(source: sourceID, file: fileID)
    }

    private mutating func finish(source: UInt32, file fileID: UInt32) throws {
        let address: IPAddress, length: Int16
        switch (row.address, row.prefix) {
        case (let a?, nil): address = a.address; length = -1
        case (nil, let p?): address = p.network; length = Int16(p.length)
        case (_?, _?): throw fail("prefix", "a record holds either an address or a prefix, not both")
        case (nil, nil): throw failRow(field: missingField, "missing: every record needs an address (or a prefix for a subnet)")
        }
        if let (text, field) = row.prefixRole {
            // Subnets carry NetBox's free-form prefix roles (zone-underlay, overlay, ...).
            guard length >= 0 else {
                throw fail(field, "unknown role \"\(text)\" (expected master, agent, public-agent, app, vip, anycast, vrrp or other)")
            }
            label("role", text)
        }
        if let tags = row.tags {
            if !row.roleGiven, let r = InventoryStatus.role(fromTags: tags) { row.role = r }
            label("tags", tags)
        }
        if let scopeName = row.scopeName, !scopeName.isEmpty {
            var r = inventory.optional(row.region), z = inventory.optional(row.zone), k = inventory.optional(row.rack)
            InventoryStatus.apply(scopeType: row.scopeType ?? "", scopeName: scopeName, region: &r, zone: &z, rack: &k)
            row.region = inventory.text.intern(r); row.zone = inventory.text.intern(z); row.rack = inventory.text.intern(k)
        }
        var name = row.name
        if !row.named {
            if name.isEmpty { name = row.device }
            if name.isEmpty && length < 0 { label(InventoryLabel.unassigned, "true") }
            if name.isEmpty { name = row.dns }
            if name.isEmpty { name = .string(length < 0 ? address.description : "\(address)/\(length)") }
        }
        if let labels = row.labels { inventory.labels[inventory.rows.count] = labels }
        inventory.rows.append(Inventory.Row(
            address: address, prefixLength: length, role: row.role, live: row.live,
            mappedIPv4: row.address?.mappedIPv4 ?? false, vlan: row.vlan, name: store(name), mac: store(row.mac),
            host: store(row.host), path: store(row.path.map(Text.string) ?? .none), region: row.region, zone: row.zone,
            rack: row.rack, network: row.network, source: source, file: fileID, line: UInt32(row.line ?? 0)))
    }

    private mutating func store(_ t: Text) -> Inventory.TextRef {
        switch t {
        case .none: return .none
        case .ref(let r): return r
        case .string(var s):
            if s.isEmpty { return .none }
            let start = base + tail.count
            s.withUTF8 { tail.append(contentsOf: $0) }
            return Inventory.TextRef(start: UInt32(start), count: UInt32(tail.count + base - start))
        }
    }

    /// Stores bytes in the tail (a CSV field with doubled quotes, unescaped).
    mutating func storeUnescaped(_ bytes: UnsafeBufferPointer<UInt8>) -> Inventory.TextRef {
        let start = base + tail.count
        var k = 0
        while k < bytes.count {
            tail.append(bytes[k])
            k += bytes[k] == UInt8(ascii: "\"") ? 2 : 1
        }
        return Inventory.TextRef(start: UInt32(start), count: UInt32(base + tail.count - start))
    }

    /// The rows built; `arena` is what comes before the tail (CSV: the file's bytes).
    mutating func take(arena: [UInt8] = []) -> Inventory {
        precondition(arena.count == base, "the arena must end where the builder's text starts")
        var out = inventory
        inventory = Inventory()
        if arena.isEmpty { out.arena = tail } else { out.arena = arena; out.arena.append(contentsOf: tail) }
        tail = []
        return out
    }

    /// NetBox's UI export writes `Global` for the global table: the underlay.
    static func isGlobal(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        guard field.count == 6 else { return false }
        return zip(field, "global".utf8).allSatisfy { $0 | 0x20 == $1 }
    }
}
