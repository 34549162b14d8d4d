import IPAuditKit
import IPCore

/// What `ipaudit probe` was asked to do, in typed values: the command reads its options into
/// this once, and `ProbeRun` does the rest.
public struct ProbeRequest: Sendable {
    public var interface: String
    /// Addresses and CIDRs from the command line, probed whole (where on the link).
    public var targets: [IPPrefix] = []
    /// Inventory files and URLs: their addresses are probed, silent ones reported.
    public var inventory: [String] = []
    /// An address plan: its pools are probed (the part on the link).
    public var planPath: String?
    public var allowPath: String?
    /// Tag the probes with this 802.1Q VLAN ID; only answers from that VLAN count.
    public var vlan: Int?
    public var settings = ProbeSettings()
    /// Refuse to probe more addresses than this.
    public var maxTargets = 65_536
    /// The ARP sender address (nil: 0.0.0.0, RFC 5227).
    public var arpSender: IPv4Address?
    /// Who the probe runs as once the interface is open (nil: `PrivilegeDrop.defaultUser`).
    public var user: String?
    /// The L2 domain's name; nil: `<host>/<iface>`.
    public var domainName: String?
    /// `--dhcp`: solicit every DHCP and DHCPv6 server on the link (DISCOVER, SOLICIT; never REQUEST).
    public var dhcp = false
    /// `--routers`: solicit every router on the link (Router Solicitation).
    public var routers = false
    /// `--dhcp-server`, `--router`: who may answer (others are rogue); empty: more than one is a warning.
    public var namedServices = LinkServiceNames()

    /// Whether the run asks the link's servers or routers to show themselves.
    public var solicits: Bool { dhcp || routers }

    public init(interface: String) { self.interface = interface }
}
