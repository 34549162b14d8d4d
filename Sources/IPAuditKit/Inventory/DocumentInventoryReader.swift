import IPCore

/// Reads ipaudit's own JSON and YAML inventories: a list of records, or an object whose
/// `records` key holds that list. Each record uses the CSV column names; unknown keys
/// become labels. Errors name the JSON path (`$.records[3].address`).
enum DocumentInventoryReader {
    static func read(_ root: Any, file: String, source: String, skipInvalid: Bool,
                     skipped: inout [InputError], tally: inout ReadTally) throws -> [InventoryRecord] {
        let list: [Any], listPath: String
        if let a = DocumentValue.array(root) {
            list = a; listPath = "$"
        } else if let o = DocumentValue.object(root), let a = DocumentValue.array(o["records"] ?? o["inventory"] ?? o["hosts"]) {
            list = a
            listPath = o["records"] != nil ? "$.records" : o["inventory"] != nil ? "$.inventory" : "$.hosts"
        } else if let o = DocumentValue.object(root) {
            throw InputError(file: file, path: "$", InventoryFormat.unrecognized(o))
        } else {
            throw InputError(file: file, path: "$", "expected a list of records, or an object with a 'records' list")
        }
        tally.count("records", list.count)
        var out: [InventoryRecord] = []
        out.reserveCapacity(list.count)
        for (i, item) in list.enumerated() {
            do {
                out.append(try record(item, file: file, path: "\(listPath)[\(i)]", source: source))
            } catch let error as InputError where skipInvalid {
                skipped.append(error)
            }
        }
        return out
    }

    /// One element of the list (`path` is its JSON path) as a record.
    static func record(_ item: Any, file: String, path: String, source: String) throws -> InventoryRecord {
        guard let object = DocumentValue.object(item) else {
            throw InputError(file: file, path: path, "a record must be an object with an 'address' or 'prefix'")
        }
        let fields = object.keys.sorted().map { (key: $0, value: object[$0]!) }
        return try FieldRecordBuilder.build(fields, file: file, path: path, source: source)
    }
}

/// Builds a record from named fields (a JSON/YAML object), with the same column meanings
/// and checks as the CSV reader.
enum FieldRecordBuilder {
    static func build(_ fields: [(key: String, value: Any)], file: String, path: String,
                      source: String) throws -> InventoryRecord {
        var r = InventoryRecord(name: "", source: source, file: file, path: path)
        var device: String?, dns: String?, tags: String?, scopeType = "", scopeName = ""
        var prefixRoleText: String?
        var roleGiven = false
        func fail(_ key: String, _ message: String) -> InputError {
            InputError(file: file, path: "\(path).\(key)", field: key, message)
        }
        for (key, value) in fields {
            let column = InventoryColumn(header: key)
            guard let text = DocumentValue.text(value) ?? (column == .tags ? tagsText(value) : nil) else {
                if case .label = column, let t = DocumentValue.labelText(value) { r.labels[key] = t }
                continue
            }
            if text.isEmpty { continue }
            switch column {
            case .address:
                do {
                    let v = try AddressField.parse(text)
                    r.address = v.address; r.mappedIPv4 = v.mappedIPv4
                } catch { throw fail(key, error.description) }
            case .prefix:
                do { r.prefix = try IPPrefix(text) } catch { throw fail(key, error.description) }
            case .role:
                if let role = InventoryRole(text: text) { r.role = role; roleGiven = true } else { prefixRoleText = text }
            case .status: r.live = InventoryStatus.isLive(text)
            case .name: r.name = text
            case .device: device = text
            case .dnsName: dns = text
            case .mac: r.mac = text
            case .host: r.host = text
            case .region: r.region = text
            case .zone: r.zone = text
            case .rack: r.rack = text
            case .network, .vrf:
                r.network = InventoryStatus.network(text)
                if column == .vrf, let vrf = r.network { r.labels[InventoryLabel.vrf] = vrf }
            case .vlan:
                guard let v = InventoryStatus.vlan(text) else {
                    throw fail(key, "VLAN must be a number from 0 to 4095 (or 'name (vid)'), found \"\(text)\"")
                }
                r.vlan = v
            case .tags: tags = text
            case .scopeType: scopeType = text
            case .scopeName: scopeName = text
            case .label(let k): r.labels[k] = text
            }
        }
        if r.address != nil && r.prefix != nil {
            throw fail("prefix", "a record holds either an address or a prefix, not both")
        }
        if r.address == nil && r.prefix == nil {
            throw InputError(file: file, path: path, field: "address", "missing: every record needs an address (or a prefix for a subnet)")
        }
        if let t = prefixRoleText {
            guard r.prefix != nil else {
                throw fail("role", "unknown role \"\(t)\" (expected master, agent, public-agent, app, vip, anycast, vrrp or other)")
            }
            r.labels["role"] = t
        }
        if !roleGiven, let tags, let role = InventoryStatus.role(fromTags: tags) { r.role = role }
        if let tags { r.labels["tags"] = tags }
        InventoryStatus.apply(scopeType: scopeType, scopeName: scopeName, region: &r.region, zone: &r.zone, rack: &r.rack)
        if r.name.isEmpty, let device { r.name = device }
        if r.name.isEmpty && r.address != nil { r.labels[InventoryLabel.unassigned] = "true" }
        if r.name.isEmpty { r.name = dns ?? r.address?.description ?? r.prefix!.description }
        return r
    }

    private static func tagsText(_ v: Any) -> String? {
        guard let list = DocumentValue.array(v) else { return nil }
        return list.compactMap { DocumentValue.text($0) ?? DocumentValue.text(DocumentValue.object($0)?["slug"]) }
            .joined(separator: ",")
    }
}
