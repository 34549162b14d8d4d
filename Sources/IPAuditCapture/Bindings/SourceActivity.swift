import IPAuditKit
import IPCore

/// A span of capture time.
struct TimeSpan: Sendable, Equatable {
    var first: Double
    var last: Double

    init(_ first: Double, _ last: Double) {
        self.first = first
        self.last = last
    }

    static let always = TimeSpan(-.infinity, .infinity)

    mutating func extend(_ time: Double) {
        if time < first { first = time }
        if time > last { last = time }
    }

    mutating func merge(_ other: TimeSpan) {
        extend(other.first)
        extend(other.last)
    }

    /// The spans, each widened by `window`, share an instant.
    func overlaps(_ other: TimeSpan, within window: Double) -> Bool {
        first <= other.last + window && other.first <= last + window
    }
}

/// IP-header evidence about the link's own addresses. IP headers never bind (behind a router
/// every address has the router's MAC), but two verdicts need to know who is still talking:
///
/// - a claimant of a contested address (two MACs claim it) that keeps sourcing it in its IP
///   headers is not silent: the newcomer is a duplicate, not a move;
/// - a MAC sending from 169.254/16 is an APIPA host unless it holds an ordinary address while
///   it does (see `LinkLocalService`): its ordinary IPv4 sources are timed from then on.
///
/// Kept only where one of those verdicts needs it, so on a link without duplicates or APIPA
/// traffic the per-packet cost is one emptiness check.
struct SourceActivity: Sendable {
    /// Addresses two or more MACs claim. Insert through `contest(_:)`, which keeps the hint.
    private(set) var contested: Set<BindingKey> = []
    /// One bit per value of an address's low 6 bits, set for every contested address: most
    /// packets are ruled out by one shift, before any hashing.
    private var contestedHint: UInt64 = 0
    /// 169.254/16 sources, per carrying MAC.
    var linkLocalSources: [HostSourceKey: SourceRecord] = [:]
    /// Per MAC that carried a 169.254/16 source: when it carried ordinary IPv4 sources since.
    var ordinarySources: [DomainMAC: TimeSpan] = [:]

    var isIdle: Bool { contested.isEmpty && ordinarySources.isEmpty }

    mutating func contest(_ key: BindingKey, limit: Int) {
        guard contested.count < limit else { return }
        contested.insert(key)
        contestedHint |= Self.hintBit(key.address)
    }

    /// Whether `address` (in `vlans`) is contested.
    @inline(__always)
    func isContested(_ address: IPAddress, vlans: VLANStack) -> Bool {
        contestedHint & Self.hintBit(address) != 0 && contested.contains(BindingKey(vlans: vlans, address: address))
    }

    @inline(__always)
    static func hintBit(_ address: IPAddress) -> UInt64 {
        switch address {
        case .v4(let a): 1 << UInt64(a.bits & 63)
        case .v6(let a): 1 << UInt64(truncatingIfNeeded: a.bits & 63)
        }
    }

    static func isAPIPA(_ a: IPv4Address) -> Bool { a.bits >> 16 == 0xa9fe }

    /// A 169.254/16 source carried by `mac`; a full table counts the frame as dropped.
    mutating func noteLinkLocal(_ source: IPv4Address, mac: MACAddress, vlans: VLANStack, time: Double, frame: Int,
                                limit: Int, dropped: inout Int) {
        guard !mac.isZero, !mac.isMulticast else { return }
        let key = HostSourceKey(vlans: vlans, mac: mac, address: .v4(source))
        if linkLocalSources[key] == nil {
            guard linkLocalSources.count < limit else { dropped += 1; return }
            let carrier = DomainMAC(vlans: vlans, mac: mac)
            if ordinarySources[carrier] == nil { ordinarySources[carrier] = TimeSpan(.infinity, -.infinity) }
        }
        linkLocalSources[key, default: SourceRecord(time: time)].record(mac: mac, time: time, frame: frame)
    }

    /// Forgets what concerns state no longer kept (`scan --watch`).
    mutating func retire(entries: [BindingKey: BindingEntry], silentBefore cutoff: Double) {
        contested = contested.filter { entries[$0].map { !$0.others.isEmpty } ?? false }
        contestedHint = contested.reduce(0) { $0 | Self.hintBit($1.address) }
        linkLocalSources = linkLocalSources.filter { $0.value.lastSeen >= cutoff }
        let carriers = Set(linkLocalSources.keys.map { DomainMAC(vlans: $0.vlans, mac: $0.mac) })
        ordinarySources = ordinarySources.filter { carriers.contains($0.key) }
    }
}
