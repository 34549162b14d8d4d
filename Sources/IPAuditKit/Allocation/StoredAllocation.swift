import IPCore

/// One stored block: its path (`region/zone/rack/role`, names joined by `/`), the level it
/// belongs to, and the names that locate it. Region, zone and rack names are opaque and may
/// themselves contain `/` (DC/OS fault domains such as `aws/us-east-1`), so code that needs
/// the structure uses the name fields, not a split of the path.
public struct StoredAllocation: Sendable, Hashable {
    public var path: String
    /// `region`, `zone`, `rack`, `role` or `agent` (a per-agent overlay slice).
    public var kind: String
    public var prefix: IPPrefix
    public var region: String
    public var zone: String?
    public var rack: String?
    public var role: String?
    /// For `agent` blocks: the agent's name (its role is the overlay's name).
    public var agent: String?

    public init(path: String, kind: String, prefix: IPPrefix, region: String, zone: String? = nil,
                rack: String? = nil, role: String? = nil, agent: String? = nil) {
        self.path = path
        self.kind = kind
        self.prefix = prefix
        self.region = region
        self.zone = zone
        self.rack = rack
        self.role = role
        self.agent = agent
    }

    public var family: Int { prefix.family }
}
