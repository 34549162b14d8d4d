/// What a column of a tabular inventory means. Header names are matched case-insensitively
/// and cover ipaudit's own names, NetBox's CSV import fields and NetBox's UI export headers.
///
/// Identity columns (`device`): ipaudit's `name`, NetBox's `device`/`virtual_machine` (CSV
/// import) and `Parent` (UI export). NetBox's UI `Assigned` column is a check mark (✔) for
/// "assigned to some interface", never a name, so it stays a label.
enum InventoryColumn: Equatable {
    case address, prefix, name, role, region, zone, rack, mac, network, vlan, host
    case status, tags, device, dnsName, scopeType, scopeName
    /// NetBox's VRF: a routing domain of its own (kept as `network` plus a `vrf` label).
    case vrf
    /// Not a known field: kept as a label under its header text.
    case label(String)

    init(header: String) {
        let key = header.trimmingSpaces.lowercased().replacingOccurrences(of: " ", with: "_")
        switch key {
        case "address", "ip", "ip_address", "ipaddress", "addr": self = .address
        case "prefix", "cidr", "subnet", "network_prefix": self = .prefix
        case "name", "hostname", "entity": self = .name
        case "role": self = .role
        case "region": self = .region
        // NetBox prefixes before 4.2 carry a site, not a scope: the site is the zone.
        case "zone", "az", "availability_zone", "fault_zone", "site": self = .zone
        case "rack", "rack_id": self = .rack
        case "mac", "mac_address", "macaddress": self = .mac
        case "network", "routing_domain": self = .network
        case "vrf": self = .vrf
        case "vlan", "vlan_id", "vid": self = .vlan
        case "host", "agent", "agent_address", "node": self = .host
        case "status": self = .status
        case "tags": self = .tags
        case "device", "virtual_machine", "parent": self = .device
        case "dns_name": self = .dnsName
        case "scope_type": self = .scopeType
        case "scope_name", "scope": self = .scopeName
        default: self = .label(header.trimmingSpaces)
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while let c = s.first, c == " " || c == "\t" || c == "\u{FEFF}" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" || c == "\r" { s.removeLast() }
        return String(s)
    }
}

/// How NetBox and ipaudit spell liveness: reserved, deprecated and available rows describe
/// space, not an entity holding an address right now.
enum InventoryStatus {
    static func isLive(_ status: String) -> Bool {
        switch status.lowercased() {
        case "reserved", "deprecated", "available", "retired", "decommissioning", "planned", "offline": false
        default: true
        }
    }

    /// A routing domain as written: NetBox's UI export writes "Global" for the global table,
    /// the import CSV and the API leave it empty; both are the underlay (nil).
    static func network(_ text: String) -> String? {
        text.isEmpty || text.lowercased() == "global" ? nil : text
    }

    /// A VLAN id: a number, or NetBox's UI export form `name (vid)`.
    static func vlan(_ text: String) -> Int? {
        var digits = Substring(text.trimmingSpaces)
        if digits.hasSuffix(")"), let open = digits.lastIndex(of: "(") {
            digits = digits[digits.index(after: open)..<digits.index(before: digits.endIndex)]
        }
        guard let v = Int(digits), (0...4095).contains(v) else { return nil }
        return v
    }

    /// Role from NetBox tags (`dcos,agent,public`) when the row has no role of its own.
    static func role(fromTags tags: String) -> InventoryRole? {
        let set = Set(tags.lowercased().split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init))
        if set.contains("master") { return .master }
        if set.contains("public-agent") || (set.contains("agent") && set.contains("public")) { return .publicAgent }
        if set.contains("agent") { return .agent }
        if set.contains("vip") { return .vip }
        return nil
    }

    /// Region/zone/rack from a NetBox scope (`dcim.region`, `dcim.site`, `dcim.location`, `dcim.rack`).
    static func apply(scopeType: String, scopeName: String, region: inout String?, zone: inout String?, rack: inout String?) {
        guard !scopeName.isEmpty else { return }
        switch scopeType.lowercased() {
        case "dcim.region", "region": region = region ?? scopeName
        case "dcim.site", "dcim.sitegroup", "site", "zone": zone = zone ?? scopeName
        case "dcim.location", "dcim.rack", "location", "rack": rack = rack ?? scopeName
        default: break
        }
    }
}
