import IPCore

/// The key of every binding: the address within its L2 domain (VLAN stack on this capture).
public struct BindingKey: Hashable, Sendable {
    public var vlans: VLANStack
    public var address: IPAddress

    public init(vlans: VLANStack, address: IPAddress) {
        self.vlans = vlans
        self.address = address
    }
}

/// A probe (ARP with sender 0.0.0.0, or DAD NS from ::) for an address: who asked, and when.
public struct ProbeRecord: Sendable, Equatable {
    public var mac: MACAddress
    public var time: Double
    public var frame: Int
}

/// Everything seen for one (domain, address): the MACs claiming it (capped) and the probes
/// for it from MACs that are not among them (capped).
public struct BindingEntry: Sendable {
    /// The first MAC stays inline: the common case (one MAC per address) allocates nothing.
    public private(set) var primary: MACClaim?
    public private(set) var others: [MACClaim] = []
    /// MACs beyond the cap, counted but not kept.
    public private(set) var overflowMACs = 0
    public private(set) var probes: [ProbeRecord] = []
    public private(set) var lastSeen: Double = -.infinity

    public init() {}

    public var claims: [MACClaim] { (primary.map { [$0] } ?? []) + others }
    public var macCount: Int { (primary == nil ? 0 : 1) + others.count + overflowMACs }

    /// Records a claim; returns true when this made the address multi-MAC (for live counters).
    @discardableResult
    public mutating func claim(by mac: MACAddress, time: Double, frame: Int, maxMACs: Int) -> Bool {
        if time > lastSeen { lastSeen = time }
        if primary == nil { primary = MACClaim(mac: mac, time: time, frame: frame); return false }
        if primary!.mac == mac { primary!.record(time: time, frame: frame); return false }
        for i in others.indices where others[i].mac == mac {
            others[i].record(time: time, frame: frame)
            return false
        }
        if 1 + others.count >= maxMACs { overflowMACs += 1; return false }
        others.append(MACClaim(mac: mac, time: time, frame: frame))
        return others.count == 1
    }

    public mutating func probe(by mac: MACAddress, time: Double, frame: Int, maxProbes: Int) {
        if time > lastSeen { lastSeen = time }
        if probes.contains(where: { $0.mac == mac }) || probes.count >= maxProbes { return }
        probes.append(ProbeRecord(mac: mac, time: time, frame: frame))
    }
}
