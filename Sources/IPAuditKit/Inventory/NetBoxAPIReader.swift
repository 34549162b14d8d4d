import Foundation
import IPCore

/// Reads NetBox REST answers: `/api/ipam/ip-addresses/` and `/api/ipam/prefixes/` (paginated
/// `{"count", "next", "results": [...]}`, a bare list, or one object from `/…/{id}/`), and
/// `available-prefixes` lists, from NetBox 2.0 to 4.x.
///
/// Identity: an address belongs to the device or virtual machine it is assigned to —
/// `assigned_object.device` / `assigned_object.virtual_machine` (2.9+), `interface.device` /
/// `interface.virtual_machine` (≤ 2.8); an FHRP group's address (3.0+) is the group's, shared.
/// An unassigned address is an entity of its own (named
/// by its DNS name or address for display). The VRF is the routing domain (null = global).
/// Choices are `{"value": "active", "label": "Active"}` since 2.6 and
/// `{"value": 1, "label": "Active"}` up to 2.5: a numeric value is read by its label. The role
/// comes from NetBox's role or, for plain hosts, the tags (`master`, `agent`, `public`). A
/// prefix's scope (4.2+: region, site, location) or site (before 4.2) places it in the
/// region → zone → rack tree; `custom_fields.zone`/`rack` win when present.
enum NetBoxAPIReader {
    static func read(_ root: Any, into rows: inout InventoryRowBuilder, tally: inout ReadTally) throws {
        let file = rows.file
        let items: [Any], listPath: String
        if let o = DocumentValue.object(root), let r = DocumentValue.array(o["results"]) {
            items = r; listPath = "$.results"
            if let next = DocumentValue.text(o["next"]), !next.isEmpty {
                let count = DocumentValue.text(o["count"]).map { " of \($0)" } ?? ""
                tally.notes.append("one page (\(r.count)\(count) results): the next page (\(next)) is not in this file")
            }
        } else if let a = DocumentValue.array(root) {
            items = a; listPath = "$"
        } else if let o = DocumentValue.object(root), o["address"] != nil || o["prefix"] != nil {
            items = [o]; listPath = "$"
        } else {
            throw InputError(file: file, path: "$", "expected NetBox API JSON: an object with 'results', a list, or one object with 'address' or 'prefix'")
        }
        if let first = items.first.flatMap(DocumentValue.object), let kind = NetBoxOtherLists.kind(first) {
            throw InputError(file: file, path: listPath == "$" ? "$[0]" : "\(listPath)[0]", NetBoxOtherLists.refusal(kind))
        }
        tally.count("results", items.count)
        for (i, item) in items.enumerated() {
            let path = listPath == "$" && DocumentValue.object(root) != nil ? "$" : "\(listPath)[\(i)]"
            try rows.attempt { rows in
                guard let o = DocumentValue.object(item) else { throw InputError(file: file, path: path, "expected an object") }
                try record(o, path: path, into: &rows)
            }
        }
    }

    static func record(_ o: [String: Any], path: String, into rows: inout InventoryRowBuilder) throws {
        var fields: [(key: String, value: Any)] = []
        func add(_ key: String, _ value: Any?) { if let value, !(value is NSNull) { fields.append((key, value)) } }
        if let address = o["address"] { add("address", address) }
        if let prefix = o["prefix"] { add("prefix", prefix) }
        add("vrf", DocumentValue.lookup(o, "vrf.name"))
        // Prefixes from available-prefixes have no status: they are free space.
        add("status", choice(o["status"]) ?? (o["id"] == nil ? "available" : nil))
        let role = choice(o["role"]) ?? DocumentValue.lookup(o, "role.slug") ?? DocumentValue.lookup(o, "role.name")
        // An address assigned to an FHRP group (3.0+) is the group's virtual address: shared.
        let fhrp = DocumentValue.text(o["assigned_object_type"]) == "ipam.fhrpgroup"
        add("role", role ?? (fhrp ? "vrrp" : nil))
        add("device", DocumentValue.lookup(o, "assigned_object.device.name")
            ?? DocumentValue.lookup(o, "assigned_object.virtual_machine.name")
            ?? (fhrp ? "FHRP group \(DocumentValue.text(DocumentValue.lookup(o, "assigned_object.group_id")) ?? DocumentValue.text(DocumentValue.lookup(o, "assigned_object.id")) ?? "?")" : nil)
            ?? DocumentValue.lookup(o, "interface.device.name")
            ?? DocumentValue.lookup(o, "interface.virtual_machine.name"))
        add("dns_name", o["dns_name"])
        add("tags", o["tags"])
        add("site", DocumentValue.lookup(o, "site.name"))
        add("scope_type", o["scope_type"])
        add("scope_name", DocumentValue.lookup(o, "scope.name"))
        add("vlan", DocumentValue.lookup(o, "vlan.vid"))
        add("tenant", DocumentValue.lookup(o, "tenant.name"))
        add("description", o["description"])
        add("netbox_id", o["id"])
        add("is_pool", o["is_pool"])
        for key in ["region", "zone", "rack", "mac"] { add(key, DocumentValue.lookup(o, "custom_fields.\(key)")) }
        // The object an address is assigned to: two addresses of one device are one entity.
        var labels: [String: String] = [:]
        for (kind, key) in [("device", "assigned_object.device.id"), ("vm", "assigned_object.virtual_machine.id"),
                            ("device", "interface.device.id"), ("vm", "interface.virtual_machine.id")] {
            if let id = DocumentValue.text(DocumentValue.lookup(o, key)) { labels[InventoryLabel.entityID] = "\(kind):\(id)"; break }
        }
        try DocumentInventoryReader.fields(fields, path: path, labels: labels, into: &rows)
    }

    /// A NetBox choice field: its value (`"active"`, `"vip"`), or its label when the value is
    /// NetBox ≤ 2.5's number (`{"value": 40, "label": "VIP"}`); plain text as it is.
    static func choice(_ v: Any?) -> String? {
        if let o = DocumentValue.object(v) {
            if let value = o["value"] as? String { return value }
            return DocumentValue.text(o["label"]) ?? DocumentValue.text(o["value"])
        }
        return v is String ? v as? String : nil
    }
}
