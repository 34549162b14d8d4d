/// One row of the special-purpose table: an IANA registry row (RFC 6890 flags), or one of
/// the further ranges an auditor flags (multicast, site-local, DC/OS defaults in public space).
public struct SpecialPurposeEntry: Hashable, Sendable {
    public enum Source: String, Hashable, Sendable {
        case ianaIPv4 = "iana-ipv4-special-registry"
        case ianaIPv6 = "iana-ipv6-special-registry"
        case addressSpace = "iana-address-space"
        case dcosDefault = "dcos-default"
    }

    /// Whether a cluster host (master, agent, task, VIP) may hold an address of this entry.
    public enum HostUse: String, Hashable, Sendable {
        /// Fine for internal cluster addresses (private, ULA, ordinary unicast).
        case usable
        /// Works, but an auditor should say so (shared CGNAT space, public space used internally, ...).
        case discouraged
        /// Cannot be a routable host address (loopback, link-local, multicast, documentation, ...).
        case unroutable
    }

    public let prefix: IPPrefix
    public let name: String
    public let rfc: String
    public let source: Source
    /// RFC 6890 flags; nil where the registry says N/A or the row is terminated or not a registry row.
    public let isSource: Bool?
    public let isDestination: Bool?
    public let isForwardable: Bool?
    public let isGloballyReachable: Bool?
    public let isReservedByProtocol: Bool?
    public let terminated: Bool
    public let hostUse: HostUse
    /// A short machine-friendly class name (`private-use`, `loopback`, `dcos-overlay`, ...).
    public let className: String

    public init(prefix: IPPrefix, name: String, rfc: String, source: Source,
                flags: (Bool?, Bool?, Bool?, Bool?, Bool?), terminated: Bool = false,
                hostUse: HostUse, className: String) {
        self.prefix = prefix
        self.name = name
        self.rfc = rfc
        self.source = source
        (isSource, isDestination, isForwardable, isGloballyReachable, isReservedByProtocol) = flags
        self.terminated = terminated
        self.hostUse = hostUse
        self.className = className
    }

    public static func == (a: Self, b: Self) -> Bool { a.prefix == b.prefix && a.name == b.name && a.source == b.source }
    public func hash(into h: inout Hasher) { h.combine(prefix); h.combine(name) }
}
