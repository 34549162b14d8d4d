import IPAuditKit
import IPCore

/// An ARP frame whose Ethernet source differs from its sender hardware address.
struct MismatchKey: Hashable {
    var vlans: VLANStack
    var address: IPv4Address
    var linkSource: MACAddress
    var senderMAC: MACAddress
}

/// A source address that cannot have been forwarded by a router, seen in an IP header.
/// Aggregated per (domain, address) with the link sources it came from.
struct SourceRecord {
    var macs: [MACAddress] = []
    var firstSeen: Double
    var lastSeen: Double
    var frames = 0
    var examples: [Int] = []

    init(time: Double) {
        firstSeen = time
        lastSeen = time
    }

    mutating func record(mac: MACAddress?, time: Double, frame: Int) {
        if let mac, !macs.contains(mac), macs.count < 8 { macs.append(mac) }
        firstSeen = min(firstSeen, time)
        lastSeen = max(lastSeen, time)
        frames += 1
        if examples.count < MACClaim.exampleCapacity { examples.append(frame) }
    }
}

/// A MAC within one L2 domain (VLAN stack) of the capture.
struct DomainMAC: Hashable {
    var vlans: VLANStack
    var mac: MACAddress
}

/// An IP-header source seen from one MAC: judged at the end if that MAC turns out to be a host.
struct HostSourceKey: Hashable {
    var vlans: VLANStack
    var mac: MACAddress
    var address: IPAddress
}

/// Why a MAC is taken for a router, whose forwarded sources are not judged.
enum RouterSign: String, Sendable {
    case routerAdvertisement = "sends IPv6 Router Advertisements"
    case routerFlag = "sets the router flag in Neighbor Advertisements"
    case offLinkNextHop = "receives the segment's traffic for destinations outside the routable space"
}
