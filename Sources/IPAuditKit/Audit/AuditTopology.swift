import IPCore

/// A block of address space with its place in the cluster: a plan's pool, region, zone,
/// rack or role subnet, a stored allocation, or an overlay slice.
public struct TopologyBlock: Sendable, Hashable {
    public var prefix: IPPrefix
    /// Where it comes from, for messages: the allocation path or `plan:region/zone/...`.
    public var name: String
    /// `pool`, `overlay-pool`, `region`, `zone`, `rack`, `role`, `agent`, `prefix`.
    public var kind: String
    public var region: String?
    public var zone: String?
    public var rack: String?
    /// Role subnet name (`masters`, `agents`, ...) for `role` blocks.
    public var role: String?
    /// Routing domain: nil is the underlay, else the overlay's name.
    public var network: String?

    public init(prefix: IPPrefix, name: String, kind: String, region: String? = nil, zone: String? = nil,
                rack: String? = nil, role: String? = nil, network: String? = nil) {
        self.prefix = prefix
        self.name = name
        self.kind = kind
        self.region = region
        self.zone = zone
        self.rack = rack
        self.role = role
        self.network = network
    }
}

/// What the audit knows about the intended address space: the routable space, the blocks of
/// the region → zone → rack tree, and the pools whose utilization is watched. Filled from a
/// plan file (`--plan`) and from the store's allocations.
public struct AuditTopology: Sendable {
    public var routable: [IPPrefix] = []
    public var blocks: [TopologyBlock] = []
    public var pools: [TopologyBlock] = []

    public init(routable: [IPPrefix] = [], blocks: [TopologyBlock] = [], pools: [TopologyBlock] = []) {
        self.routable = routable
        self.blocks = blocks
        self.pools = pools
    }

    public var isEmpty: Bool { routable.isEmpty && blocks.isEmpty && pools.isEmpty }

    /// The plan's routable space, pools, overlay pools and pinned region/zone/rack/role prefixes.
    public mutating func add(plan: Plan) {
        routable += plan.routable
        for p in plan.pools { pools.append(TopologyBlock(prefix: p, name: "plan:pool", kind: "pool")) }
        if let overlay = plan.overlay {
            for p in overlay.pools {
                pools.append(TopologyBlock(prefix: p, name: "plan:overlay/\(overlay.name)", kind: "overlay-pool", network: overlay.name))
            }
        }
        for region in plan.regions {
            let rpath = "plan:\(region.name)"
            for p in region.prefixes { blocks.append(TopologyBlock(prefix: p, name: rpath, kind: "region", region: region.name)) }
            for zone in region.zones {
                let zpath = "\(rpath)/\(zone.name)"
                for p in zone.prefixes {
                    blocks.append(TopologyBlock(prefix: p, name: zpath, kind: "zone", region: region.name, zone: zone.name))
                }
                for role in zone.roles {
                    for p in role.prefixes {
                        blocks.append(TopologyBlock(prefix: p, name: "\(zpath)/\(role.name)", kind: "role", region: region.name,
                                                    zone: zone.name, role: role.name))
                    }
                }
                for rack in zone.racks {
                    let kpath = "\(zpath)/\(rack.name)"
                    for p in rack.prefixes {
                        blocks.append(TopologyBlock(prefix: p, name: kpath, kind: "rack", region: region.name, zone: zone.name, rack: rack.name))
                    }
                    for role in rack.roles {
                        for p in role.prefixes {
                            blocks.append(TopologyBlock(prefix: p, name: "\(kpath)/\(role.name)", kind: "role", region: region.name,
                                                        zone: zone.name, rack: rack.name, role: role.name))
                        }
                    }
                }
            }
        }
    }

    /// The store's allocations (what `ipaudit allocate` handed out). Agent overlay slices sit in
    /// the overlay's routing domain (their role is the overlay's name).
    public mutating func add(allocations: [StoredAllocation]) {
        for a in allocations {
            blocks.append(TopologyBlock(prefix: a.prefix, name: a.path, kind: a.kind, region: a.region, zone: a.zone,
                                        rack: a.rack, role: a.kind == "agent" ? nil : a.role,
                                        network: a.kind == "agent" ? a.role : nil))
        }
    }
}
