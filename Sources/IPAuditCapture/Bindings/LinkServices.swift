import IPAuditKit
import IPCore

/// Who answers clients as a DHCP or DHCPv6 server and who sends Router Advertisements, per L2
/// domain: what the rogue-server and rogue-router rules judge (`DHCPServerRules`,
/// `RouterAdvertisementRules`). Bounded: each table keeps at most `limit` records, and a
/// record keeps a few examples of what it handed out, never one entry per client.
struct LinkServices: Sendable {
    private(set) var dhcpServers: [DHCPServerKey: DHCPServerRecord] = [:]
    private(set) var routers: [DomainMAC: RouterRecord] = [:]
    private(set) var impersonations: [ImpersonationKey: ImpersonationRecord] = [:]
    /// The first MAC seen sending RAs from each link-local source, per domain.
    private var advertisedFrom: [BindingKey: MACAddress] = [:]

    /// A DHCPv4 OFFER, ACK or NAK seen on the link (`linkSource`: the server's or relay's MAC).
    mutating func note(_ answer: DHCPServerAnswer, linkSource: MACAddress?, vlans: VLANStack, time: Double, frame: Int, limit: Int) {
        let key = DHCPServerKey(vlans: vlans, server: .v4(answer.server))
        guard dhcpServers[key] != nil || dhcpServers.count < limit else { return }
        dhcpServers[key, default: DHCPServerRecord(time: time)].record(
            mac: linkSource, source: .v4(answer.source), relay: answer.relayAgent,
            offered: answer.offered.bits == 0 ? nil : .v4(answer.offered), kind: answer.kind.name,
            routers: answer.routers.map(IPAddress.v4), dns: answer.dnsServers.map(IPAddress.v4), time: time, frame: frame)
    }

    /// A DHCPv6 ADVERTISE or REPLY seen on the link.
    mutating func note(_ answer: DHCPv6Reply, linkSource: MACAddress?, vlans: VLANStack, time: Double, frame: Int, limit: Int) {
        let server: DHCPServerID = answer.serverDUID.map { .duid($0) } ?? .v6(answer.source)
        let key = DHCPServerKey(vlans: vlans, server: server)
        guard dhcpServers[key] != nil || dhcpServers.count < limit else { return }
        dhcpServers[key, default: DHCPServerRecord(time: time)].record(
            mac: linkSource, source: .v6(answer.source), relay: nil,
            offered: (answer.leased + answer.offered).first.map(IPAddress.v6),
            kind: answer.messageType == DHCPv6Decoder.advertise ? "ADVERTISE" : "REPLY",
            routers: [], dns: answer.dnsServers.map(IPAddress.v6), time: time, frame: frame)
    }

    /// A Router Advertisement from `source` sent by `mac`. `holders`: the MACs the binding table
    /// already has for that source address. An RA from a link-local address another MAC holds
    /// (bound to it, or advertised from it first) is kept as an impersonation, not as a router.
    mutating func note(_ ra: RouterAdvertisement?, source: IPv6Address, mac: MACAddress, holders: [MACAddress],
                       vlans: VLANStack, time: Double, frame: Int, limit: Int) {
        let sourceKey = BindingKey(vlans: vlans, address: .v6(source))
        var others = holders.filter { $0 != mac }
        if OnLinkSourceCheck.isLinkLocal(.v6(source)) {
            if Self.isModifiedEUI64(source, of: mac) {
                // The address is made from this MAC (RFC 4291 App. A): its owner, even when a
                // forger's RAs from it came first (kill_router6 before the router's next RA).
                others = []
                claimOwnership(sourceKey, owner: mac)
            } else if let first = advertisedFrom[sourceKey] {
                if first != mac, !others.contains(first) { others.insert(first, at: 0) }
            } else if advertisedFrom.count < limit {
                advertisedFrom[sourceKey] = mac
            }
        } else {
            others = []   // only a link-local source is the router's own (RFC 4861 §6.1.2)
        }
        if !others.isEmpty {
            let key = ImpersonationKey(vlans: vlans, source: source, mac: mac)
            guard impersonations[key] != nil || impersonations.count < limit else { return }
            impersonations[key, default: ImpersonationRecord(time: time)].record(holders: others, ra: ra, time: time, frame: frame)
            return
        }
        let key = DomainMAC(vlans: vlans, mac: mac)
        guard routers[key] != nil || routers.count < limit else { return }
        routers[key, default: RouterRecord(time: time)].record(source: source, ra: ra, time: time, frame: frame)
    }

    /// The owner of `key`'s link-local address advertises from it: the MAC that advertised from
    /// it first (without owning it) was impersonating it, so its router record becomes that.
    private mutating func claimOwnership(_ key: BindingKey, owner: MACAddress) {
        let first = advertisedFrom[key]
        advertisedFrom[key] = owner
        guard let first, first != owner, case .v6(let source) = key.address else { return }
        let forger = DomainMAC(vlans: key.vlans, mac: first)
        guard let record = routers[forger], record.sources == [source] else { return }
        routers[forger] = nil
        var taken = ImpersonationRecord(time: record.firstSeen)
        taken.holders = [owner]
        taken.routerLifetimes = record.routerLifetime.map { [$0] } ?? []
        taken.frames = record.frames
        taken.lastSeen = record.lastSeen
        taken.exampleFrames = record.exampleFrames
        let impersonation = ImpersonationKey(vlans: key.vlans, source: source, mac: first)
        if let later = impersonations[impersonation] {
            taken.frames += later.frames
            taken.lastSeen = max(taken.lastSeen, later.lastSeen)
            for h in later.holders { DHCPServerRecord.add(h, to: &taken.holders) }
            for l in later.routerLifetimes { DHCPServerRecord.add(l, to: &taken.routerLifetimes) }
            taken.exampleFrames = Array((taken.exampleFrames + later.exampleFrames).prefix(MACClaim.exampleCapacity))
        }
        impersonations[impersonation] = taken
    }

    /// `address`'s interface identifier is `mac`'s modified EUI-64 (universal/local bit flipped, ff:fe inserted).
    static func isModifiedEUI64(_ address: IPv6Address, of mac: MACAddress) -> Bool {
        let id = UInt64(truncatingIfNeeded: address.bits)
        let m = mac.bits ^ 0x0200_0000_0000
        return id == (m >> 24) << 40 | 0xff_fe00_0000 | (m & 0xff_ffff)
    }

    /// Whether some MAC's RAs impersonate the router at this link-local address.
    func isImpersonated(_ key: BindingKey) -> Bool {
        guard !impersonations.isEmpty, case .v6(let source) = key.address else { return false }
        return impersonations.keys.contains { $0.vlans == key.vlans && $0.source == source }
    }

    /// `scan --watch`: a server or router silent since `cutoff` is forgotten, so its finding closes.
    mutating func retire(silentBefore cutoff: Double) {
        dhcpServers = dhcpServers.filter { $0.value.lastSeen >= cutoff }
        routers = routers.filter { $0.value.lastSeen >= cutoff }
        impersonations = impersonations.filter { $0.value.lastSeen >= cutoff }
        advertisedFrom = advertisedFrom.filter { key, mac in routers[DomainMAC(vlans: key.vlans, mac: mac)] != nil }
    }
}

/// How a DHCP server names itself: a DHCPv4 Server Identifier (or source), a DHCPv6 server's
/// DUID, or a DHCPv6 source address when the answer carried no Server Identifier.
enum DHCPServerID: Hashable, Sendable, CustomStringConvertible {
    case v4(IPv4Address)
    case v6(IPv6Address)
    case duid([UInt8])

    var family: Int { if case .v4 = self { 4 } else { 6 } }

    var description: String {
        switch self {
        case .v4(let a): a.description
        case .v6(let a): a.description
        case .duid(let bytes): "DUID " + bytes.map { String($0, radix: 16).leftPadded(2) }.joined(separator: ":")
        }
    }

    /// The MAC a DUID-LLT or DUID-LL names (a server built on an Ethernet NIC), for `--dhcp-server MAC`.
    var duidMAC: MACAddress? {
        guard case .duid(let bytes) = self else { return nil }
        return bytes.withUnsafeBytes { DHCPv6Decoder.mac(fromDUID: $0, at: 0, end: bytes.count) }
    }
}

struct DHCPServerKey: Hashable, Sendable {
    var vlans: VLANStack
    var server: DHCPServerID
}

/// What one server was seen doing on one link: the MACs and addresses its answers came from
/// (its own, or a relay agent's), and examples of what it handed out.
struct DHCPServerRecord: Sendable {
    static let examples = 8
    var macs: [MACAddress] = []
    var sources: [IPAddress] = []
    var relays: [IPv4Address] = []
    var offered: [IPAddress] = []
    var routers: [IPAddress] = []
    var dns: [IPAddress] = []
    var kinds: [String] = []
    var answers = 0
    var firstSeen: Double
    var lastSeen: Double
    var exampleFrames: [Int] = []

    init(time: Double) { firstSeen = time; lastSeen = time }

    mutating func record(mac: MACAddress?, source: IPAddress, relay: IPv4Address?, offered address: IPAddress?, kind: String,
                         routers r: [IPAddress], dns d: [IPAddress], time: Double, frame: Int) {
        if let mac { Self.add(mac, to: &macs) }
        Self.add(source, to: &sources)
        if let relay { Self.add(relay, to: &relays) }
        if let address { Self.add(address, to: &offered) }
        for x in r { Self.add(x, to: &routers) }
        for x in d { Self.add(x, to: &dns) }
        Self.add(kind, to: &kinds)
        answers += 1
        firstSeen = min(firstSeen, time)
        lastSeen = max(lastSeen, time)
        if exampleFrames.count < MACClaim.exampleCapacity { exampleFrames.append(frame) }
    }

    static func add<T: Equatable>(_ x: T, to list: inout [T]) {
        if list.count < examples, !list.contains(x) { list.append(x) }
    }
}

/// One router (a MAC sending RAs) on one link: its sources, the prefixes it advertises with
/// their latest lifetimes, and its latest router lifetime.
struct RouterRecord: Sendable {
    var sources: [IPv6Address] = []
    var prefixes: [RouterAdvertisement.PrefixInformation] = []
    var routerLifetime: UInt16?
    var managed = false
    var otherConfiguration = false
    var frames = 0
    var firstSeen: Double
    var lastSeen: Double
    var exampleFrames: [Int] = []
    /// Whether it advertised itself as a default router with its options (SLLA, prefixes).
    var advertisedWithOptions = false
    /// RAs with router lifetime 0 and none of those options, between its own: kill_router6
    /// sniffing the router's RA and answering from the router's own MAC and address.
    var bareKills: ImpersonationRecord?
    /// A default-router RA after a bare kill: the router never went down, the kill was forged.
    var resumedAfterKill = false

    init(time: Double) { firstSeen = time; lastSeen = time }

    /// A forged kill seen and the router still advertising after it.
    var killedWhileAlive: ImpersonationRecord? { resumedAfterKill ? bareKills : nil }

    mutating func record(source: IPv6Address, ra: RouterAdvertisement?, time: Double, frame: Int) {
        DHCPServerRecord.add(source, to: &sources)
        if let ra, ra.routerLifetime == 0, ra.prefixes.isEmpty, ra.sourceLinkLayer == nil, advertisedWithOptions {
            // Not what this router says when it goes down (radvd's last RAs keep their options):
            // kept apart, so its lifetimes and prefixes stay those of its own RAs.
            if bareKills == nil { bareKills = ImpersonationRecord(time: time) }
            bareKills?.record(holders: [], ra: ra, time: time, frame: frame)
            return
        }
        if let ra {
            if ra.routerLifetime > 0 {
                if bareKills != nil { resumedAfterKill = true }
                if ra.sourceLinkLayer != nil || !ra.prefixes.isEmpty { advertisedWithOptions = true }
            }
            routerLifetime = ra.routerLifetime
            managed = ra.managed
            otherConfiguration = ra.otherConfiguration
            for p in ra.prefixes {
                // The latest lifetimes of a prefix replace the earlier ones (a renumbering
                // router lowers the old prefix's to 0 while it announces the new one).
                if let i = prefixes.firstIndex(where: { $0.prefix == p.prefix }) { prefixes[i] = p }
                else if prefixes.count < RouterAdvertisement.maxPrefixes { prefixes.append(p) }
            }
        }
        frames += 1
        firstSeen = min(firstSeen, time)
        lastSeen = max(lastSeen, time)
        if exampleFrames.count < MACClaim.exampleCapacity { exampleFrames.append(frame) }
    }
}

/// RAs from a link-local source that another MAC holds, per (domain, source, sending MAC).
struct ImpersonationKey: Hashable, Sendable {
    var vlans: VLANStack
    var source: IPv6Address
    var mac: MACAddress
}

struct ImpersonationRecord: Sendable {
    var holders: [MACAddress] = []
    var routerLifetimes: [UInt16] = []
    var frames = 0
    var firstSeen: Double
    var lastSeen: Double
    var exampleFrames: [Int] = []

    init(time: Double) { firstSeen = time; lastSeen = time }

    mutating func record(holders h: [MACAddress], ra: RouterAdvertisement?, time: Double, frame: Int) {
        for mac in h { DHCPServerRecord.add(mac, to: &holders) }
        if let ra { DHCPServerRecord.add(ra.routerLifetime, to: &routerLifetimes) }
        frames += 1
        firstSeen = min(firstSeen, time)
        lastSeen = max(lastSeen, time)
        if exampleFrames.count < MACClaim.exampleCapacity { exampleFrames.append(frame) }
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: "0", count: width - count) + self }
}
