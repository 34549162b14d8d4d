import IPAuditKit
import IPCore

/// The key of every binding: the address within its L2 domain (VLAN stack on this capture).
/// Stored as three words (24 bytes) rather than `IPAddress` + `VLANStack` (48 bytes): the table
/// holds up to a million of them. VLAN IDs use 12 of each 16-bit slot, so the tag count and the
/// family ride in the spare top bits of the first slot.
public struct BindingKey: Hashable, Sendable {
    private let high: UInt64
    private let low: UInt64
    private let domainWord: UInt64

    private static let vidMask: UInt64 = 0x0fff_0fff_0fff_0fff
    private static let familyBit: UInt64 = 1 << 15

    public init(vlans: VLANStack, address: IPAddress) {
        var word = vlans.packed | UInt64(vlans.count) << 12
        switch address {
        case .v4(let a):
            high = 0
            low = UInt64(a.bits)
        case .v6(let a):
            high = UInt64(truncatingIfNeeded: a.bits >> 64)
            low = UInt64(truncatingIfNeeded: a.bits)
            word |= Self.familyBit
        }
        domainWord = word
    }

    public var vlans: VLANStack { VLANStack(packed: domainWord & Self.vidMask, count: Int((domainWord >> 12) & 0x7)) }

    public var address: IPAddress {
        domainWord & Self.familyBit == 0 ? .v4(IPv4Address(bits: UInt32(truncatingIfNeeded: low)))
                                         : .v6(IPv6Address(bits: UInt128(high) << 64 | UInt128(low)))
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
///
/// The first claim stays inline; the rare rest (more MACs, probes) lives in a side object, so
/// the common entry is 48 bytes and allocates nothing.
public struct BindingEntry: Sendable {
    /// `frames == 0` means no claim yet (an entry holding only probes); not an Optional, which
    /// would pad the entry from 48 to 56 bytes.
    private var first = MACClaim.none
    private var rest: Rest?

    final class Rest: @unchecked Sendable {   // copied before mutation (see `mutableRest`)
        var others: [MACClaim] = []
        var overflowMACs = 0
        var probes: [ProbeRecord] = []

        func copy() -> Rest {
            let r = Rest()
            r.others = others
            r.overflowMACs = overflowMACs
            r.probes = probes
            return r
        }
    }

    public init() {}

    public var primary: MACClaim? { first.frames == 0 ? nil : first }
    public var others: [MACClaim] { rest?.others ?? [] }
    public var overflowMACs: Int { rest?.overflowMACs ?? 0 }
    public var probes: [ProbeRecord] { rest?.probes ?? [] }
    public var claims: [MACClaim] { (primary.map { [$0] } ?? []) + others }
    public var macCount: Int { (primary == nil ? 0 : 1) + others.count + overflowMACs }

    public var lastSeen: Double {
        var t = -Double.infinity
        if let first = primary { t = first.lastSeen }
        for c in others { t = max(t, c.lastSeen) }
        for p in probes { t = max(t, p.time) }
        return t
    }

    /// Copy-on-write for the side object, so entries keep value semantics.
    private mutating func mutableRest() -> Rest {
        if let rest, isKnownUniquelyReferenced(&self.rest) { return rest }
        let fresh = rest?.copy() ?? Rest()
        rest = fresh
        return fresh
    }

    /// Records a claim; returns true when this made the address multi-MAC (for live counters).
    @discardableResult
    public mutating func claim(by mac: MACAddress, time: Double, frame: Int, maxMACs: Int, via method: BindingMethods = []) -> Bool {
        if first.frames == 0 { first = MACClaim(mac: mac, time: time, frame: frame, via: method); return false }
        if first.mac == mac { first.record(time: time, frame: frame, via: method); return false }
        let r = mutableRest()
        for i in r.others.indices where r.others[i].mac == mac {
            r.others[i].record(time: time, frame: frame, via: method)
            return false
        }
        if 1 + r.others.count >= maxMACs { r.overflowMACs += 1; return false }
        r.others.append(MACClaim(mac: mac, time: time, frame: frame, via: method))
        return r.others.count == 1
    }

    /// Records a frame from a MAC already claiming the address (an IP packet it sourced);
    /// a MAC that is not a claimant gains nothing (IP headers never bind).
    mutating func refreshClaim(by mac: MACAddress, time: Double, frame: Int) {
        if first.frames != 0, first.mac == mac { first.record(time: time, frame: frame, via: .ipSource); return }
        guard let rest, rest.others.contains(where: { $0.mac == mac }) else { return }
        let r = mutableRest()
        for i in r.others.indices where r.others[i].mac == mac { r.others[i].record(time: time, frame: frame, via: .ipSource) }
    }

    /// `scan --watch`: drops the claims of MACs silent since before `cutoff` while another
    /// claim is still heard (a duplicate resolved, an address moved for good), so the address is
    /// judged on the MACs that still claim it. Returns the claims dropped (for the store).
    mutating func retireClaims(silentBefore cutoff: Double) -> [MACClaim] {
        let all = claims
        guard all.count >= 2 else { return [] }
        let kept = all.filter { $0.lastSeen >= cutoff }
        guard !kept.isEmpty, kept.count < all.count else { return [] }
        first = kept[0]
        let r = mutableRest()
        r.others = Array(kept.dropFirst())
        return all.filter { $0.lastSeen < cutoff }
    }

    public mutating func probe(by mac: MACAddress, time: Double, frame: Int, maxProbes: Int) {
        if let rest, rest.probes.contains(where: { $0.mac == mac }) || rest.probes.count >= maxProbes { return }
        mutableRest().probes.append(ProbeRecord(mac: mac, time: time, frame: frame))
    }
}
