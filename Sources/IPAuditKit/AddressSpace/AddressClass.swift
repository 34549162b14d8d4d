import IPCore

/// Where an address or prefix sits in the address space, judged for a cluster host's use: the
/// one judgement behind audit's address-space rule, scan's verdicts on on-link addresses and
/// allocate's pool check. Built on IPCore's special-purpose registry (the IANA registries plus
/// the ranges an auditor flags) and the plan's routable space.
public struct AddressClass: Sendable, Hashable {
    /// The most specific registry entry holding the address (or the whole prefix).
    public let entry: SpecialPurposeEntry
    public let use: Use

    public enum Use: Sendable, Hashable {
        /// No cluster host can use it: loopback, unspecified, link-local, multicast, broadcast,
        /// documentation, reserved, IPv4-mapped, IPv6 not allocated for unicast, ...
        case unroutable
        /// A DC/OS default range in public space (9.0.0.0/8, 44.128.0.0/20, 11.0.0.0/8).
        case dcosDefault
        /// Usable, but it collides with space others route: shared CGNAT, benchmarking, NAT64, 6to4, ...
        case discouraged
        /// Public IPv4: usable, but inside the cluster it hides those Internet hosts.
        case publicIPv4
        /// Private, unique-local or global unicast IPv6: the plan's to place.
        case usable
    }

    /// What a host's use of an address of this class, where a routable space is known, raises.
    public enum Verdict: Sendable, Hashable {
        case unroutable, dcosDefault, discouraged, publicIPv4, outsideRoutable

        /// The catalogue rule of the verdict, and why its severity differs from the rule's default.
        public var rule: (rule: Rule, reason: Rule.SeverityReason?) {
            switch self {
            case .unroutable: (.unroutableAddress, nil)
            case .discouraged: (.unroutableAddress, .discouragedSpace)
            case .dcosDefault, .publicIPv4: (.publicSpace, nil)
            case .outsideRoutable: (.outsideRoutableSpace, nil)
            }
        }
    }

    public init(_ address: IPAddress) {
        // RFC 1918 10/8 and 192.168/16 are the bulk of a cluster: no registry lookup.
        if let plain = Self.plainPrivate(address) { self = plain; return }
        self.init(entry: SpecialPurposeRegistry.classify(address), family: address.family)
    }

    public init(_ prefix: IPPrefix) {
        self.init(entry: SpecialPurposeRegistry.classify(prefix), family: prefix.family)
    }

    init(entry: SpecialPurposeEntry, family: Int) {
        self.entry = entry
        switch entry.hostUse {
        case .unroutable: use = .unroutable
        case .discouraged: use = entry.source == .dcosDefault ? .dcosDefault : .discouraged
        case .usable: use = entry.className == "public" && family == 4 ? .publicIPv4 : .usable
        }
    }

    /// In public space (either family): what Kubernetes external and load-balancer addresses may hold.
    public var isPublic: Bool { entry.className == "public" }

    /// The verdicts on a host using it: the class's own, then `outsideRoutable` when the caller
    /// found it outside the routable space, unless the class is unroutable (which says more).
    public func verdicts(outsideRoutable: Bool) -> Verdicts {
        let own: Verdict?
        switch use {
        case .unroutable: return Verdicts(.unroutable, nil)
        case .dcosDefault: own = .dcosDefault
        case .discouraged: own = .discouraged
        case .publicIPv4: own = .publicIPv4
        case .usable: own = nil
        }
        return Verdicts(own, outsideRoutable ? .outsideRoutable : nil)
    }

    /// At most two verdicts, in order, without a heap allocation: the audit asks for every row.
    public struct Verdicts: Sequence, IteratorProtocol, Sendable {
        private var first: Verdict?
        private var second: Verdict?

        init(_ first: Verdict?, _ second: Verdict?) {
            self.first = first ?? second
            self.second = first == nil ? nil : second
        }

        public mutating func next() -> Verdict? {
            defer { first = second; second = nil }
            return first
        }
    }

    /// True for addresses that are certainly usable private space (no registry lookup): the
    /// audit's fast path, which then judges only the routable space.
    public static func isPlainPrivate(_ address: IPAddress) -> Bool { plainPrivate(address) != nil }

    private static func plainPrivate(_ address: IPAddress) -> AddressClass? {
        guard case .v4(let a) = address else { return nil }
        if a.bits >> 24 == 10 { return private10 }
        if a.bits >> 16 == 0xC0A8 { return private192 }
        return nil
    }

    private static let private10 = AddressClass(entry: SpecialPurposeRegistry.classify(.v4(IPv4Address(bits: 0x0A00_0000))), family: 4)
    private static let private192 = AddressClass(entry: SpecialPurposeRegistry.classify(.v4(IPv4Address(bits: 0xC0A8_0000))), family: 4)

    /// The registry entries strictly inside `prefix` (more specific than it): ranges a pool holds.
    public static func inside(_ prefix: IPPrefix) -> [AddressClass] {
        SpecialPurposeRegistry.entries
            .filter { !$0.terminated && $0.prefix.length > prefix.length && prefix.contains($0.prefix) }
            .map { AddressClass(entry: $0, family: $0.prefix.family) }
    }

    /// The one evidence shape of the class, under the key `registry` in every finding of an
    /// address-class rule (`unroutable-address`, `public-space`, `outside-routable-space`),
    /// whichever tool raised it.
    public var evidence: JSONValue {
        .object([
            "name": .string(entry.name), "rfc": .string(entry.rfc), "prefix": .string(entry.prefix.description),
            "class": .string(entry.className), "host_use": .string(entry.hostUse.rawValue), "source": .string(entry.source.rawValue),
        ])
    }

    /// "Loopback (RFC 1122, Section 3.2.1.3)": the entry as messages name it.
    public var described: String { "\(entry.name) (\(entry.rfc))" }
}
