import IPAuditKit
import IPCore

/// `probe --dhcp` and `--routers`: the answers to this host's DISCOVER and SOLICIT and every
/// Router Advertisement go through the analyzer's rogue-server and rogue-router rules, and
/// every server and router heard is listed in the report, as dhcp_probe lists them.
extension ProbeCollector {
    /// An OFFER or NAK for this host's MAC, a DHCPv6 ADVERTISE or REPLY delivered to it, or any
    /// RA. ACKs are left out: this host never REQUESTs, so an ACK is another client's lease.
    func isServiceAnswer(_ decoded: DecodedFrame) -> Bool {
        switch decoded.event {
        case .dhcpServerAnswer(let answer): answer.client == ownMAC
        case .dhcpv6Reply(let reply): decoded.linkDestination == ownMAC || reply.duidMAC == ownMAC
        case .routerAdvertisement: true
        default: false
        }
    }

    /// What the report's stats list: each DHCP server (as it names itself, with what it offered)
    /// and each router (its MAC, sources and prefixes), in the order first heard.
    public var servicesHeard: [String: JSONValue] {
        let services = analyzerServices
        let servers = services.dhcpServers.sorted { $0.value.firstSeen < $1.value.firstSeen }.map { key, r in
            JSONValue.string("\(key.server): \(DHCPServerRules.handedOut(r))")
        }
        let routers = services.routers.sorted { $0.value.firstSeen < $1.value.firstSeen }.map { key, r in
            JSONValue.string("\(key.mac): \(RouterAdvertisementRules.says(r))")
        }
        return ["dhcp_servers": .array(servers), "routers": .array(routers), "service_answers": .int(serviceAnswers)]
    }
}
