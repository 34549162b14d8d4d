import Foundation
import IPCore

/// Reads NetBox REST answers: `/api/ipam/ip-addresses/` and `/api/ipam/prefixes/` (paginated
/// `{"count", "results": [...]}`, or a bare list), and `available-prefixes` lists.
///
/// The VRF is the routing domain; the entity name comes from the assigned device or virtual
/// machine, else the DNS name; the role from NetBox's role or, for plain hosts, the tags
/// (`master`, `agent`, `public`). A prefix's scope (region, site, location) places it in the
/// region → zone → rack tree; `custom_fields.zone`/`rack` win when present.
enum NetBoxAPIReader {
    static func read(_ root: Any, file: String, source: String, skipInvalid: Bool,
                     skipped: inout [InputError]) throws -> [InventoryRecord] {
        let items: [Any], listPath: String
        if let o = DocumentValue.object(root), let r = DocumentValue.array(o["results"]) { items = r; listPath = "$.results" }
        else if let a = DocumentValue.array(root) { items = a; listPath = "$" }
        else { throw InputError(file: file, path: "$", "expected NetBox API JSON: an object with 'results', or a list") }
        var out: [InventoryRecord] = []
        for (i, item) in items.enumerated() {
            let path = "\(listPath)[\(i)]"
            do {
                guard let o = DocumentValue.object(item) else { throw InputError(file: file, path: path, "expected an object") }
                out.append(try record(o, path: path, file: file, source: source))
            } catch let error as InputError where skipInvalid {
                skipped.append(error)
            }
        }
        return out
    }

    static func record(_ o: [String: Any], path: String, file: String, source: String) throws -> InventoryRecord {
        var fields: [(key: String, value: Any)] = []
        func add(_ key: String, _ value: Any?) { if let value, !(value is NSNull) { fields.append((key, value)) } }
        if let address = o["address"] { add("address", address) }
        if let prefix = o["prefix"] { add("prefix", prefix) }
        add("network", DocumentValue.lookup(o, "vrf.name"))
        // Prefixes from available-prefixes have no status: they are free space.
        add("status", DocumentValue.lookup(o, "status.value") ?? (o["id"] == nil ? "available" : nil))
        add("role", DocumentValue.lookup(o, "role.value") ?? DocumentValue.lookup(o, "role.slug") ?? DocumentValue.lookup(o, "role.name"))
        add("device", DocumentValue.lookup(o, "assigned_object.device.name")
            ?? DocumentValue.lookup(o, "assigned_object.virtual_machine.name"))
        add("dns_name", o["dns_name"])
        add("tags", o["tags"])
        add("scope_type", o["scope_type"])
        add("scope_name", DocumentValue.lookup(o, "scope.name"))
        add("vlan", DocumentValue.lookup(o, "vlan.vid"))
        add("tenant", DocumentValue.lookup(o, "tenant.name"))
        add("description", o["description"])
        add("netbox_id", o["id"])
        add("is_pool", o["is_pool"])
        for key in ["region", "zone", "rack", "mac"] { add(key, DocumentValue.lookup(o, "custom_fields.\(key)")) }
        var r = try FieldRecordBuilder.build(fields, file: file, path: path, source: source)
        if let address = r.address, r.name == address.description, let d = DocumentValue.text(o["description"]), !d.isEmpty {
            r.labels["description"] = d
        }
        return r
    }
}
