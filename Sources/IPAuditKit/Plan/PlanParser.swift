import IPCore
import Yams

/// Turns plan YAML into a `Plan`, key by key, so errors can say exactly where they are.
struct PlanParser {
    let r: PlanYAMLReader

    init(file: String) { r = PlanYAMLReader(file: file) }

    func parse(_ text: String) throws -> Plan {
        guard let root = try YAMLDocument.compose(text, file: r.file) else { throw r.fail(nil, "", nil, "empty plan file") }
        let m = try r.mapping(root, "", allowed: ["cluster", "pools", "reserved", "routable", "ula", "sizes", "overlay", "regions",
                                                          "dhcp_servers", "routers"])
        let pools = try m["pools"].map { try r.prefixes($0, "", "pools") } ?? []
        let overlay = try m["overlay"].map { try parseOverlay($0) }
        var plan = Plan(
            cluster: try m["cluster"].map { try r.string($0, "", "cluster") },
            pools: pools,
            reserved: try m["reserved"].map { try r.prefixes($0, "", "reserved") } ?? [],
            routable: try m["routable"].map { try r.prefixes($0, "", "routable") },
            ula: try m["ula"].map { try r.bool($0, "", "ula") } ?? true,
            sizes: try m["sizes"].map { try parseSizes($0) } ?? LevelSizes(),
            overlay: overlay)
        plan.linkServices = try parseLinkServices(m, "")
        if let list = m["regions"] {
            guard let seq = list.sequence else { throw r.fail(list, "", "regions", "expected a list of regions") }
            plan.regions = try seq.enumerated().map { try parseRegion($1, "regions[\($0)]") }
            try checkUnique(plan.regions.map(\.name), list, "regions", "region")
        }
        return plan
    }

    func parseSizes(_ node: Node) throws -> LevelSizes {
        let m = try r.mapping(node, "sizes", allowed: ["region", "zone", "rack"])
        var s = LevelSizes()
        if let n = m["region"] { s.region = try r.blockSize(n, "sizes", "region").0 }
        if let n = m["zone"] { s.zone = try r.blockSize(n, "sizes", "zone").0 }
        if let n = m["rack"] { s.rack = try r.blockSize(n, "sizes", "rack").0 }
        return s
    }

    func parseOverlay(_ node: Node) throws -> OverlayPlan {
        let m = try r.mapping(node, "overlay", allowed: ["name", "pools", "agent"])
        guard let poolNode = m["pools"] else { throw r.fail(node, "overlay", "pools", "missing key") }
        var o = OverlayPlan(pools: try r.prefixes(poolNode, "overlay", "pools"))
        if let n = m["name"] { o.name = try r.string(n, "overlay", "name") }
        if let n = m["agent"] { o.agentSize = try r.blockSize(n, "overlay", "agent").0 }
        return o
    }

    func parseRegion(_ node: Node, _ path: String) throws -> PlanRegion {
        let m = try r.mapping(node, path, allowed: ["name", "prefix", "zones"])
        guard let nameNode = m["name"] else { throw r.fail(node, path, "name", "missing key") }
        var region = PlanRegion(name: try r.string(nameNode, path, "name"))
        region.prefixes = try m["prefix"].map { try r.prefixes($0, path, "prefix") } ?? []
        if let list = m["zones"] {
            guard let seq = list.sequence else { throw r.fail(list, path, "zones", "expected a list of zones") }
            region.zones = try seq.enumerated().map { try parseZone($1, "\(path).zones[\($0)]") }
            try checkUnique(region.zones.map(\.name), list, path, "zone")
        }
        return region
    }

    func parseZone(_ node: Node, _ path: String) throws -> PlanZone {
        let m = try r.mapping(node, path, allowed: ["name", "prefix", "roles", "racks", "agents", "dhcp_servers", "routers"])
        guard let nameNode = m["name"] else { throw r.fail(node, path, "name", "missing key") }
        var zone = PlanZone(name: try r.string(nameNode, path, "name"))
        zone.prefixes = try m["prefix"].map { try r.prefixes($0, path, "prefix") } ?? []
        zone.roles = try m["roles"].map { try parseRoles($0, path) } ?? []
        zone.agents = try m["agents"].map { try r.names($0, path, "agents", stem: "agent") } ?? []
        zone.linkServices = try parseLinkServices(m, path)
        if let list = m["racks"] {
            if list.scalar != nil {
                zone.racks = try r.names(list, path, "racks", stem: "rack").map { PlanRack(name: $0) }
            } else {
                guard let seq = list.sequence else { throw r.fail(list, path, "racks", "expected a list of racks or a count") }
                zone.racks = try seq.enumerated().map { try parseRack($1, "\(path).racks[\($0)]") }
            }
            try checkUnique(zone.racks.map(\.name), list, path, "rack")
        }
        return zone
    }

    func parseRack(_ node: Node, _ path: String) throws -> PlanRack {
        let m = try r.mapping(node, path, allowed: ["name", "prefix", "roles", "agents"])
        guard let nameNode = m["name"] else { throw r.fail(node, path, "name", "missing key") }
        var rack = PlanRack(name: try r.string(nameNode, path, "name"))
        rack.prefixes = try m["prefix"].map { try r.prefixes($0, path, "prefix") } ?? []
        rack.roles = try m["roles"].map { try parseRoles($0, path) } ?? []
        rack.agents = try m["agents"].map { try r.names($0, path, "agents", stem: "agent") } ?? []
        return rack
    }

    /// `roles: {masters: {ipv4: 28, ipv6: 64}, vips: {hosts: 100}, agents: 24}`, in file order.
    func parseRoles(_ node: Node, _ path: String) throws -> [PlanRole] {
        guard let m = node.mapping else { throw r.fail(node, path, "roles", "expected a mapping of role name to size") }
        let rolesPath = r.join(path, "roles")
        return try m.map { key, value in
            guard let name = key.scalar?.string, !name.isEmpty else { throw r.fail(key, rolesPath, nil, "role names must be strings") }
            guard !name.contains("/") else { throw r.fail(key, rolesPath, name, "role names cannot contain '/'") }
            let (size, pins) = try r.blockSize(value, rolesPath, name, allowPin: true)
            return PlanRole(name: name, size: size, prefixes: pins)
        }
    }

    func checkUnique(_ names: [String], _ node: Node, _ path: String, _ what: String) throws {
        var seen = Set<String>()
        for n in names where !seen.insert(n).inserted {
            throw r.fail(node, path, nil, "duplicate \(what) name '\(n)'")
        }
    }
}
