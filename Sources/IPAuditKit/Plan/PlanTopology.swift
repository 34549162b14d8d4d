import IPCore

/// A region of the plan: an opaque name (e.g. DC/OS fault domain `aws/us-east-1`) and its zones.
public struct PlanRegion: Sendable, Hashable {
    public var name: String
    /// Blocks the plan pins for this region (either family); empty: the allocator chooses.
    public var prefixes: [IPPrefix]
    public var zones: [PlanZone]

    public init(name: String, prefixes: [IPPrefix] = [], zones: [PlanZone] = []) {
        self.name = name
        self.prefixes = prefixes
        self.zones = zones
    }
}

/// A zone: its own role subnets (masters, VIPs...), its racks, and agents not placed in a rack.
public struct PlanZone: Sendable, Hashable {
    public var name: String
    public var prefixes: [IPPrefix]
    public var roles: [PlanRole]
    public var racks: [PlanRack]
    /// Agent names that get one overlay slice each (see `OverlayPlan`).
    public var agents: [String]
    /// The zone's `dhcp_servers` and `routers` (see `Plan.namedLinkServices`).
    public var linkServices = LinkServiceNames()

    public init(name: String, prefixes: [IPPrefix] = [], roles: [PlanRole] = [], racks: [PlanRack] = [], agents: [String] = []) {
        self.name = name
        self.prefixes = prefixes
        self.roles = roles
        self.racks = racks
        self.agents = agents
    }
}

/// A rack inside a zone: role subnets (agents, public agents...) and its agents' overlay slices.
public struct PlanRack: Sendable, Hashable {
    public var name: String
    public var prefixes: [IPPrefix]
    public var roles: [PlanRole]
    public var agents: [String]

    public init(name: String, prefixes: [IPPrefix] = [], roles: [PlanRole] = [], agents: [String] = []) {
        self.name = name
        self.prefixes = prefixes
        self.roles = roles
        self.agents = agents
    }
}

/// A role subnet (masters, agents, public-agents, vips, or any name) of a zone or rack:
/// sized per family, or pinned to given prefixes.
public struct PlanRole: Sendable, Hashable {
    public var name: String
    public var size: BlockSize
    public var prefixes: [IPPrefix]

    public init(name: String, size: BlockSize, prefixes: [IPPrefix] = []) {
        self.name = name
        self.size = size
        self.prefixes = prefixes
    }
}

/// DC/OS-style per-agent overlay slices: an overlay pool (dcos-overlay uses 9.0.0.0/8; here
/// the user chooses) carved into one block per agent (a /24 by default).
public struct OverlayPlan: Sendable, Hashable {
    public var name: String
    public var pools: [IPPrefix]
    public var agentSize: BlockSize

    public init(name: String = "overlay", pools: [IPPrefix], agentSize: BlockSize = BlockSize(ipv4: 24, ipv6: 80)) {
        self.name = name
        self.pools = pools
        self.agentSize = agentSize
    }
}

/// Default block lengths per level; the allocator fills any nil from its defaults.
public struct LevelSizes: Sendable, Hashable {
    public var region: BlockSize
    public var zone: BlockSize
    public var rack: BlockSize

    public init(region: BlockSize = BlockSize(), zone: BlockSize = BlockSize(), rack: BlockSize = BlockSize()) {
        self.region = region
        self.zone = zone
        self.rack = rack
    }
}
