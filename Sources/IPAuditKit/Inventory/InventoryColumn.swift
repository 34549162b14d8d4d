/// What a column of a tabular inventory means. Header names are matched case-insensitively
/// and cover ipaudit's own names, NetBox's CSV import fields and NetBox's UI export headers.
enum InventoryColumn: Equatable {
    case address, prefix, name, role, region, zone, rack, mac, network, vlan, host
    case status, tags, device, dnsName, scopeType, scopeName
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
        case "zone", "az", "availability_zone", "fault_zone": self = .zone
        case "rack", "rack_id": self = .rack
        case "mac", "mac_address", "macaddress": self = .mac
        case "network", "vrf", "routing_domain": self = .network
        case "vlan", "vlan_id", "vid": self = .vlan
        case "host", "agent", "agent_address", "node": self = .host
        case "status": self = .status
        case "tags": self = .tags
        case "device", "virtual_machine", "assigned": self = .device
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
