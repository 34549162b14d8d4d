import IPCore
import Yams

/// The DHCP servers and routers a link may hear from, as `scan --dhcp-server`/`--router`
/// and a plan's `dhcp_servers`/`routers` name them. Empty: nobody named, so more than one
/// answering on a link is a question (a warning), not an error.
public struct LinkServiceNames: Sendable, Hashable {
    /// DHCP servers by address (a DHCPv4 server identifier or either family's source) or MAC.
    public var dhcpAddresses: Set<IPAddress> = []
    public var dhcpMACs: Set<MACAddress> = []
    /// MACs that may send Router Advertisements.
    public var routers: Set<MACAddress> = []

    public init() {}

    public var namesDHCPServers: Bool { !dhcpAddresses.isEmpty || !dhcpMACs.isEmpty }

    /// Adds one `--dhcp-server` / `dhcp_servers` entry: an address or a MAC; nil when it is neither.
    public mutating func addDHCPServer(_ text: String) -> Bool {
        if let address = try? IPAddress(text) { dhcpAddresses.insert(address); return true }
        if let mac = MACAddress(text), !mac.isMulticast, !mac.isZero { dhcpMACs.insert(mac); return true }
        return false
    }

    public mutating func formUnion(_ other: LinkServiceNames) {
        dhcpAddresses.formUnion(other.dhcpAddresses)
        dhcpMACs.formUnion(other.dhcpMACs)
        routers.formUnion(other.routers)
    }
}

extension PlanParser {
    /// `dhcp_servers: [ADDRESS|MAC, ...]` and `routers: [MAC, ...]` of the plan or of one
    /// zone, where `m` holds them.
    func parseLinkServices(_ m: [String: Node], _ path: String) throws -> LinkServiceNames {
        var names = LinkServiceNames()
        if let node = m["dhcp_servers"] {
            for item in try list(node) {
                let text = try r.string(item, path, "dhcp_servers")
                guard names.addDHCPServer(text) else {
                    throw r.fail(item, path, "dhcp_servers", "'\(text)' is neither an IP address nor a unicast MAC address")
                }
            }
        }
        if let node = m["routers"] {
            for item in try list(node) {
                let text = try r.string(item, path, "routers")
                guard let mac = MACAddress(text), !mac.isMulticast, !mac.isZero else {
                    throw r.fail(item, path, "routers", "'\(text)' is not a unicast MAC address (aa:bb:cc:dd:ee:ff)")
                }
                names.routers.insert(mac)
            }
        }
        return names
    }

    private func list(_ node: Node) throws -> [Node] {
        if let seq = node.sequence { return Array(seq) }
        return [node]
    }
}
