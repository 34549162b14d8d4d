/// The registry's answer to "may a router have forwarded a packet from this source?", as one
/// precomputed set per family, so the scanner's per-packet check is a binary search and not a
/// hand-kept list of blocks that drifts from the registry (it once missed 3fff::/20).
extension SpecialPurposeRegistry {
    /// Sources no host may use and no router forwards: the entry that classifies the address is
    /// unroutable for hosts and not marked forwardable. Such a source on the wire was sent on-link.
    public static func isNonForwardableSource(_ entry: SpecialPurposeEntry) -> Bool {
        entry.hostUse == .unroutable && entry.isForwardable != true
    }

    /// Every address `classify` puts under a non-forwardable entry.
    public static let nonForwardableSources: IPSet = {
        IPSet(v4: nonForwardable(IPv4Address.self, wrap: IPAddress.v4), v6: nonForwardable(IPv6Address.self, wrap: IPAddress.v6))
    }()

    public static func isNonForwardableSource(_ address: IPv4Address) -> Bool { nonForwardableSources.v4.contains(address) }
    public static func isNonForwardableSource(_ address: IPv6Address) -> Bool { nonForwardableSources.v6.contains(address) }

    /// `classify` is constant between consecutive entry boundaries (an entry either covers such
    /// an interval or misses it), so classifying each interval's first address decides it whole.
    private static func nonForwardable<A: IPAddressType>(_: A.Type, wrap: (A) -> IPAddress) -> AddressSet<A> {
        var starts: Set<A.Bits> = [0]
        for entry in entries + [publicIPv4, globalUnicastIPv6, unallocatedIPv6] {
            guard let a = entry.prefix.first.bits(as: A.self), let b = entry.prefix.last.bits(as: A.self) else { continue }
            starts.insert(a)
            if b < A.Bits.max { starts.insert(b + 1) }
        }
        let sorted = starts.sorted()
        var ranges: [AddressRange<A>] = []
        for (i, start) in sorted.enumerated() {
            let end = i + 1 < sorted.count ? sorted[i + 1] - 1 : A.Bits.max
            if isNonForwardableSource(classify(wrap(A(bits: start)))) {
                ranges.append(AddressRange(uncheckedFirst: A(bits: start), last: A(bits: end)))
            }
        }
        return AddressSet(ranges)
    }
}

extension IPAddress {
    /// The address's bits when it is of family `A`.
    fileprivate func bits<A: IPAddressType>(as _: A.Type) -> A.Bits? {
        switch self {
        case .v4(let a): (a as? A)?.bits
        case .v6(let a): (a as? A)?.bits
        }
    }
}
