import IPAuditKit
import IPCore

/// The segment's gateway, from what hosts and servers say about it, so the MACs answering for
/// it are taken for routers (their forwarded sources are never a host's leak):
///
/// - the router a DHCPACK names (option 3) on the client's segment: the server's word, true
///   even when a single client ARPed for it;
/// - the address most hosts ask for by ARP, by a clear margin: at least `gatewayRequesters`
///   askers and half again as many as the next address. A busy server asked for by as many
///   hosts is no router, and a tie names nobody (the other signs still apply);
/// - a Router Advertisement's source is a router by itself (`RouterSign`).
enum GatewayDetection {
    /// ARP askers kept per address: enough to see the margin between the gateway and a busy
    /// server on a large segment, bounded (32 MACs × `maxSideRecords` addresses).
    static let askerCap = 32

    /// The MACs claiming a gateway address, per domain.
    static func owners(_ wire: WireState) -> Set<DomainMAC> {
        var out = Set<DomainMAC>()
        for key in addresses(wire) {
            for c in wire.entries[key]?.claims ?? [] { out.insert(DomainMAC(vlans: key.vlans, mac: c.mac)) }
        }
        return out
    }

    /// The gateway addresses: DHCP's routers, and per domain the clear favourite of ARP askers.
    static func addresses(_ wire: WireState) -> Set<BindingKey> {
        var out = Set(wire.dhcpRouters.keys)
        var top: [VLANStack: (best: Int, second: Int, address: BindingKey?)] = [:]
        for (key, askers) in wire.arpRequesters {
            var t = top[key.vlans] ?? (0, 0, nil)
            if askers.count > t.best { t = (askers.count, t.best, key) } else if askers.count > t.second { t.second = askers.count }
            top[key.vlans] = t
        }
        for t in top.values {
            guard let address = t.address, isClearFavourite(t.best, over: t.second, minimum: wire.policy.gatewayRequesters) else { continue }
            out.insert(address)
        }
        return out
    }

    /// `best` askers beat `second` by a clear margin: at least half again as many.
    static func isClearFavourite(_ best: Int, over second: Int, minimum: Int) -> Bool {
        best >= minimum && best * 2 >= second * 3 && best > second
    }
}
