import IPCore

extension CSVInventoryReader {
    /// Turns one record's field spans into an inventory row. Role and status values repeat
    /// on every row, so each distinct spelling is interpreted once and cached by id.
    struct RowDecoder {
        let columns: [InventoryColumn]
        let headers: [String]
        let file: String
        /// Offset of the arena tail where unescaped fields go (the file's size).
        let base: Int
        var roles = TextInterner()
        var roleByID: [Int16] = [Int16(InventoryRole.other.rawValue)]
        var statuses = TextInterner()
        var liveByID: [Bool] = [true]
        /// Set when the file holds bytes that are not UTF-8: each field is checked then.
        var checkUTF8 = false

        init(columns: [InventoryColumn], headers: [String], file: String, base: Int) {
            self.columns = columns
            self.headers = headers
            self.file = file
            self.base = base
        }

        /// NetBox's UI export writes `Global` for the global table: the underlay.
        static func isGlobal(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
            guard field.count == 6 else { return false }
            return zip(field, "global".utf8).allSatisfy { $0 | 0x20 == $1 }
        }

        mutating func decode(_ spans: [Span], bytes b: UnsafeBufferPointer<UInt8>, line: Int,
                             source: UInt32, file fileID: UInt32,
                             into inventory: inout Inventory, extra: inout [UInt8]) throws {
            var address: AddressField.Value?
            var prefix: IPPrefix?
            var role = InventoryRole.other, roleGiven = false, prefixRoleText: String?
            var live = true
            var vlan: Int32 = -1
            var name = Inventory.TextRef.none, device = Inventory.TextRef.none, dns = Inventory.TextRef.none
            var mac = Inventory.TextRef.none, host = Inventory.TextRef.none
            var region: UInt32 = 0, zone: UInt32 = 0, rack: UInt32 = 0, network: UInt32 = 0
            var tags: String?, scopeType = "", scopeName = ""
            var labels: [String: String] = [:]

            func fail(_ k: Int, _ message: String) -> InputError {
                InputError(file: file, line: line, field: headers[k], message)
            }
            func ref(_ s: Span) -> Inventory.TextRef {
                if !s.escaped { return Inventory.TextRef(start: UInt32(s.start), count: UInt32(s.end - s.start)) }
                let start = base + extra.count
                var k = s.start
                while k < s.end {
                    extra.append(b[k])
                    k += b[k] == UInt8(ascii: "\"") ? 2 : 1
                }
                return Inventory.TextRef(start: UInt32(start), count: UInt32(base + extra.count - start))
            }
            func text(_ s: Span) -> String {
                let raw = String(decoding: UnsafeBufferPointer(rebasing: b[s.start..<s.end]), as: UTF8.self)
                return s.escaped ? raw.replacingOccurrences(of: "\"\"", with: "\"") : raw
            }

            for k in 0..<columns.count {
                let s = spans[k]
                if s.start == s.end { continue }
                let field = UnsafeBufferPointer(rebasing: b[s.start..<s.end])
                if checkUTF8, let bad = UTF8Check.firstInvalid(field) { throw fail(k, UTF8Check.message(byte: field[bad])) }
                switch columns[k] {
                case .address:
                    do { address = try AddressField.parse(field) } catch { throw fail(k, error.description) }
                case .prefix:
                    do { prefix = try IPPrefix(text(s)) } catch { throw fail(k, error.description) }
                case .role:
                    let id = Int(roles.intern(field))
                    if id == roleByID.count {
                        let parsed = InventoryRole(text: text(s))
                        roleByID.append(parsed.map { Int16($0.rawValue) } ?? -1)
                    }
                    let raw = roleByID[id]
                    if raw >= 0 { role = InventoryRole(rawValue: UInt8(raw))!; roleGiven = true }
                    else { prefixRoleText = text(s) }
                case .status:
                    let id = Int(statuses.intern(field))
                    if id == liveByID.count { liveByID.append(InventoryStatus.isLive(text(s))) }
                    live = liveByID[id]
                case .name: name = ref(s)
                case .device: device = ref(s)
                case .dnsName: dns = ref(s)
                case .mac: mac = ref(s)
                case .host: host = ref(s)
                case .region: region = inventory.text.intern(field)
                case .zone: zone = inventory.text.intern(field)
                case .rack: rack = inventory.text.intern(field)
                case .network, .vrf:
                    // No String on this hot path (most task rows name their overlay).
                    if Self.isGlobal(field) { continue }
                    network = inventory.text.intern(field)
                    if columns[k] == .vrf { labels[InventoryLabel.vrf] = text(s) }
                case .vlan:
                    guard let v = InventoryStatus.vlan(text(s)) else {
                        throw fail(k, "VLAN must be a number from 0 to 4095 (or 'name (vid)'), found \"\(text(s))\"")
                    }
                    vlan = Int32(v)
                case .tags: tags = text(s)
                case .scopeType: scopeType = text(s)
                case .scopeName: scopeName = text(s)
                case .label(let key): labels[key] = text(s)
                }
            }

            let rowAddress: IPAddress, length: Int16
            if let a = address {
                if prefix != nil {
                    throw InputError(file: file, line: line, field: "prefix", "a row holds either an address or a prefix, not both")
                }
                rowAddress = a.address; length = -1
            } else if let p = prefix {
                rowAddress = p.network; length = Int16(p.length)
            } else {
                throw InputError(file: file, line: line, field: columns.contains(.address) ? "address" : "prefix",
                                 "missing: every row needs an address (or a prefix for a subnet)")
            }
            if let t = prefixRoleText {
                // Subnets carry NetBox's free-form prefix roles (zone-underlay, overlay, ...).
                guard length >= 0 else {
                    let k = columns.firstIndex(of: .role)!
                    throw fail(k, "unknown role \"\(t)\" (expected master, agent, public-agent, app, vip, anycast, vrrp or other)")
                }
                labels["role"] = t
            }
            if !roleGiven, let tags, let r = InventoryStatus.role(fromTags: tags) { role = r }
            if let tags { labels["tags"] = tags }
            if !scopeName.isEmpty {
                var r = inventory.optional(region), z = inventory.optional(zone), k = inventory.optional(rack)
                InventoryStatus.apply(scopeType: scopeType, scopeName: scopeName, region: &r, zone: &z, rack: &k)
                region = inventory.text.intern(r); zone = inventory.text.intern(z); rack = inventory.text.intern(k)
            }
            if name.count == 0 { name = device }
            if name.count == 0 && length < 0 { labels[InventoryLabel.unassigned] = "true" }
            if name.count == 0 { name = dns }
            if name.count == 0 {
                // Unnamed rows are named by their address; the text goes to the arena's tail.
                let s = length < 0 ? rowAddress.description : "\(rowAddress)/\(length)"
                name = Inventory.TextRef(start: UInt32(base + extra.count), count: UInt32(s.utf8.count))
                extra.append(contentsOf: s.utf8)
            }
            if !labels.isEmpty { inventory.labels[inventory.rows.count] = labels }
            inventory.rows.append(Inventory.Row(
                address: rowAddress, prefixLength: length, role: role, live: live,
                mappedIPv4: address?.mappedIPv4 ?? false, vlan: vlan, name: name, mac: mac, host: host, path: .none,
                region: region, zone: zone, rack: rack, network: network, source: source, file: fileID,
                line: UInt32(line)))
        }
    }
}
