/// An immutable set of addresses of both families: one normalized range list each.
/// Build it with `IPSetBuilder` or the initializers; combine with set algebra.
public struct IPSet: Hashable, Sendable {
    public let v4: AddressSet<IPv4Address>
    public let v6: AddressSet<IPv6Address>

    public init(v4: AddressSet<IPv4Address> = AddressSet(), v6: AddressSet<IPv6Address> = AddressSet()) {
        self.v4 = v4
        self.v6 = v6
    }

    public init<S: Sequence>(prefixes: S) where S.Element == IPPrefix {
        var b = IPSetBuilder()
        for p in prefixes { b.add(p) }
        self = b.build()
    }

    public init<S: Sequence>(ranges: S) where S.Element == IPRange {
        var b = IPSetBuilder()
        for r in ranges { b.add(r) }
        self = b.build()
    }

    /// Every address of both families.
    public static let everything = IPSet(v4: AddressSet<IPv4Address>().complement, v6: AddressSet<IPv6Address>().complement)

    public var isEmpty: Bool { v4.isEmpty && v6.isEmpty }
    public var size: AddressCount { v4.size + v6.size }

    /// Inlinable: the scanner asks this for the source and destination of every frame.
    @inlinable
    public func contains(_ a: IPAddress) -> Bool {
        switch a { case .v4(let x): v4.contains(x); case .v6(let x): v6.contains(x) }
    }

    public func contains(_ p: IPPrefix) -> Bool {
        switch p { case .v4(let x): v4.contains(x); case .v6(let x): v6.contains(x) }
    }

    public func overlaps(_ p: IPPrefix) -> Bool {
        switch p { case .v4(let x): v4.overlaps(x.range); case .v6(let x): v6.overlaps(x.range) }
    }

    public func union(_ o: IPSet) -> IPSet { IPSet(v4: v4.union(o.v4), v6: v6.union(o.v6)) }
    public func intersection(_ o: IPSet) -> IPSet { IPSet(v4: v4.intersection(o.v4), v6: v6.intersection(o.v6)) }
    public func subtracting(_ o: IPSet) -> IPSet { IPSet(v4: v4.subtracting(o.v4), v6: v6.subtracting(o.v6)) }
    public var complement: IPSet { IPSet(v4: v4.complement, v6: v6.complement) }

    /// The minimal CIDR list, IPv4 first, each ascending.
    public var prefixes: [IPPrefix] { v4.prefixes.map(IPPrefix.v4) + v6.prefixes.map(IPPrefix.v6) }

    public var ranges: [IPRange] { v4.ranges.map(IPRange.v4) + v6.ranges.map(IPRange.v6) }

    /// Removes the first free aligned block of `length` bits inside `within` (first fit), netipx's
    /// `RemoveFreePrefix`: returns the block and the set without it.
    public func removingFreePrefix(length: Int, family: Int) -> (IPPrefix, IPSet)? {
        if family == 4 {
            guard let p = v4.firstFit(length: length) else { return nil }
            return (.v4(p), IPSet(v4: v4.subtracting(AddressSet(prefixes: [p])), v6: v6))
        }
        guard let p = v6.firstFit(length: length) else { return nil }
        return (.v6(p), IPSet(v4: v4, v6: v6.subtracting(AddressSet(prefixes: [p]))))
    }
}

/// Collects prefixes, ranges and addresses, then normalizes once into an `IPSet`.
public struct IPSetBuilder: Sendable {
    var v4: [AddressRange<IPv4Address>] = []
    var v6: [AddressRange<IPv6Address>] = []

    public init() {}

    public mutating func add(_ p: IPPrefix) {
        switch p { case .v4(let x): v4.append(x.range); case .v6(let x): v6.append(x.range) }
    }

    public mutating func add(_ r: IPRange) {
        switch r { case .v4(let x): v4.append(x); case .v6(let x): v6.append(x) }
    }

    public mutating func add(_ a: IPAddress) { add(a.hostPrefix) }

    public mutating func add(_ r: AddressRange<IPv4Address>) { v4.append(r) }
    public mutating func add(_ r: AddressRange<IPv6Address>) { v6.append(r) }

    public mutating func reserve(v4 n4: Int, v6 n6: Int) {
        v4.reserveCapacity(n4)
        v6.reserveCapacity(n6)
    }

    public func build() -> IPSet { IPSet(v4: AddressSet(v4), v6: AddressSet(v6)) }
}
