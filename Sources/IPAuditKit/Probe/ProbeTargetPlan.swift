import IPCore

/// Which addresses `ipaudit probe` asks for, worked out before a frame is sent: sweeps (CIDRs,
/// a plan's pools, a store's allocations) and expected addresses (inventory and store
/// records), cut down to what lies on the interface's link, the rest listed as skipped.
public struct ProbeTargetPlan: Sendable, Equatable {
    /// A target not probed, and why.
    public struct Skipped: Sendable, Equatable, CustomStringConvertible {
        public var target: String
        public var reason: String
        public var description: String { "\(target) (\(reason))" }
    }

    /// What to probe: unique, sorted (IPv4 first).
    public private(set) var targets: [IPAddress] = []
    /// The targets an inventory or store holds: silence from one of these is a finding.
    public private(set) var expected: Set<IPAddress> = []
    public private(set) var skipped: [Skipped] = []

    /// - Parameters:
    ///   - sweeps: ranges to probe whole. A bare address (a /32 or /128) is probed as given;
    ///     from ranges, the reserved addresses of the link's prefixes are left out (`reserved`):
    ///     a /28 inside a /24 link keeps its first and last address, as arp-scan does.
    ///   - expected: addresses records say are in use.
    ///   - link: the prefixes on the interface's link; nil when the caller vouches every
    ///     target is on it (`--vlan`: the trunk's own addresses say nothing about the VLAN),
    ///     in which case the widest sweeps stand in for the link's prefixes.
    ///   - own: the interface's own addresses: the kernel never sees our injected probes, so
    ///     they would always look silent.
    ///   - maxTargets: more targets than this is an error (a /8 given by mistake), checked
    ///     before any range is expanded.
    public init(sweeps: [IPPrefix], expected: [IPAddress], link: [IPPrefix]?, linkName: String,
                own: Set<IPAddress>, maxTargets: Int) throws {
        let offLink = "not on \(linkName)'s link"
        var parts: [IPPrefix] = []
        var singles: [IPAddress] = []
        for sweep in sweeps {
            let isSingle = sweep.size == AddressCount(1)
            guard let link else {
                if isSingle { singles.append(sweep.network) } else { parts.append(sweep) }
                continue
            }
            let inside = Set(link.compactMap { l -> IPPrefix? in
                l.contains(sweep) ? sweep : sweep.contains(l) ? l : nil
            }).sorted()
            if inside.isEmpty {
                skipped.append(Skipped(target: sweep.description, reason: offLink))
            } else if inside != [sweep] {
                skipped.append(Skipped(target: sweep.description,
                                       reason: "only \(inside.map(\.description).joined(separator: ", ")) is on \(linkName)'s link"))
            }
            if isSingle, !inside.isEmpty { singles.append(sweep.network) } else { parts += inside }
        }
        let boundaries = link ?? parts.filter { p in !parts.contains { $0 != p && $0.contains(p) } }
        let reserved = Set(boundaries.flatMap(Self.reserved))
        // The reserved and own addresses come out after expansion: that many more may go in.
        let slack = reserved.count + own.count
        let limit = AddressCount(UInt128(maxTargets + slack))
        var set = Set<IPAddress>()
        for part in parts {
            guard !(limit < part.size) else { throw Self.tooMany("\(part) alone holds \(part.size) addresses", maxTargets) }
            Self.expand(part, into: &set)
            if set.count > maxTargets + slack { throw Self.tooMany("the targets hold more than \(maxTargets) addresses", maxTargets) }
        }
        set.subtract(reserved)
        set.formUnion(singles)
        for address in expected {
            guard link?.contains(where: { $0.contains(address) }) ?? true else {
                skipped.append(Skipped(target: address.description, reason: offLink))
                continue
            }
            set.insert(address)
            self.expected.insert(address)
        }
        for address in own where set.remove(address) != nil {
            self.expected.remove(address)
            skipped.append(Skipped(target: address.description, reason: "\(linkName)'s own address"))
        }
        if set.count > maxTargets { throw Self.tooMany("the targets hold \(set.count) addresses", maxTargets) }
        targets = set.sorted()
    }

    /// Addresses of a link prefix that no host holds alone: an IPv4 subnet's network and
    /// broadcast addresses (/30 and wider); an IPv6 subnet's Subnet-Router anycast address
    /// (`prefix::`, RFC 4291 §2.6.1; none on a /127, RFC 6164) and its RFC 2526 reserved anycast
    /// addresses (interface IDs fdff:ffff:ffff:ff80-ff on a /64, the top 128 on longer prefixes).
    /// Every router with forwarding on answers for the first: two routers would be a duplicate.
    static func reserved(_ prefix: IPPrefix) -> [IPAddress] {
        switch prefix {
        case .v4(let p):
            return p.length <= 30 ? [.v4(p.network), .v4(p.last)] : []
        case .v6(let p):
            guard p.length <= 126 else { return [] }
            var out: [IPAddress] = [.v6(p.network)]
            let top: UInt128? = p.length == 64 ? p.network.bits | 0xfdff_ffff_ffff_ff80
                : p.length > 64 && p.length <= 120 ? p.last.bits - 127 : nil
            if let top { out += (0..<128).map { .v6(IPv6Address(bits: top + UInt128($0))) } }
            return out
        }
    }

    /// Adds another plan's targets, expected addresses and skipped list (`--vlan`: blocks cut
    /// to the VLAN's known prefixes, next to the command line's targets taken as given).
    public mutating func merge(_ other: ProbeTargetPlan, maxTargets: Int) throws {
        let union = Set(targets).union(other.targets)
        if union.count > maxTargets { throw Self.tooMany("the targets hold \(union.count) addresses", maxTargets) }
        targets = union.sorted()
        expected.formUnion(other.expected)
        skipped += other.skipped
    }

    static func tooMany(_ detail: String, _ maxTargets: Int) -> InputError {
        InputError(field: "--max-targets", "\(detail) on the link, more than --max-targets \(maxTargets); give narrower ranges or raise the limit")
    }

    /// Every address of `prefix`.
    static func expand(_ prefix: IPPrefix, into set: inout Set<IPAddress>) {
        switch prefix {
        case .v4(let p):
            for bits in p.network.bits...p.last.bits { set.insert(.v4(IPv4Address(bits: bits))) }
        case .v6(let p):
            for bits in p.network.bits...p.last.bits { set.insert(.v6(IPv6Address(bits: bits))) }
        }
    }
}
