/// NetBox's prefix bulk-import columns (`PrefixImportForm`). Pools and the region, zone and
/// rack levels are containers; role subnets and agent overlay slices are active. Regions
/// map to `dcim.region`, zones to `dcim.site`, racks to `dcim.location`; NetBox resolves
/// `scope_name`, `role` and `vrf` by name, so those objects must exist before the import.
enum AllocationNetBoxRenderer {
    static let header = "prefix,vrf,tenant,status,role,scope_type,scope_name,is_pool,mark_utilized,description,tags"

    static func render(_ outcome: AllocationOutcome) -> String {
        var out = header + "\n"
        for u in PoolUsage.compute(outcome) {
            out += row(u.pool.description, vrf: "", status: "container", role: "", scope: ("", ""),
                       description: "ipaudit \(u.role) pool")
        }
        for line in AllocationTree(outcome.allocations).lines {
            let a = line.allocation
            let scope: (String, String)
            switch a.kind {
            case "region": scope = ("dcim.region", a.region)
            case "zone": scope = ("dcim.site", a.zone ?? "")
            default:
                if let rack = a.rack { scope = ("dcim.location", rack) } else { scope = ("dcim.site", a.zone ?? "") }
            }
            let leaf = a.kind == "role" || a.kind == "agent"
            out += row(a.prefix.description, vrf: a.kind == "agent" ? (a.role ?? "") : "",
                       status: leaf ? "active" : "container", role: a.kind == "role" ? (a.role ?? "") : "",
                       scope: scope, description: "ipaudit \(a.kind) \(a.path)")
        }
        return out
    }

    static func row(_ prefix: String, vrf: String, status: String, role: String, scope: (String, String), description: String) -> String {
        [prefix, vrf, "", status, role, scope.0, scope.1, "false", "false", description, "ipaudit"]
            .map(CSVField.escape).joined(separator: ",") + "\n"
    }
}
