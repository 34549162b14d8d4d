/// What an inventory entity is. The role decides which rules apply: masters count for
/// quorum, nodes must sit in their zone's block, and shared roles (vip, anycast, vrrp)
/// may hold one address on many entities.
public enum InventoryRole: UInt8, CaseIterable, Sendable, Codable, CustomStringConvertible {
    case other, master, agent, publicAgent, app, vip, anycast, vrrp

    public var description: String {
        switch self {
        case .other: "other"
        case .master: "master"
        case .agent: "agent"
        case .publicAgent: "public-agent"
        case .app: "app"
        case .vip: "vip"
        case .anycast: "anycast"
        case .vrrp: "vrrp"
        }
    }

    /// Roles whose address is meant to be shared: never a duplicate.
    public var isShared: Bool { self == .vip || self == .anycast || self == .vrrp }

    /// Cluster nodes: underlay hosts that belong to exactly one zone.
    public var isNode: Bool { self == .master || self == .agent || self == .publicAgent }

    /// Accepts the documented names plus the spellings Mesos, DC/OS and NetBox use
    /// (`slave`, `public_agent`, NetBox's FHRP roles). Nil for anything else.
    public init?(text: String) {
        switch text.lowercased() {
        case "", "other", "host", "node", "loopback", "secondary": self = .other
        case "master", "masters": self = .master
        case "agent", "slave", "private-agent", "private_agent", "agents": self = .agent
        case "public-agent", "public_agent", "publicagent", "public-slave", "public_slave": self = .publicAgent
        case "app", "task", "container", "service": self = .app
        case "vip": self = .vip
        case "anycast": self = .anycast
        case "vrrp", "hsrp", "glbp", "carp": self = .vrrp
        default: return nil
        }
    }
}
