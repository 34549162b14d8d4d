import IPCore

/// Where a block goes inside its parent's free space.
public enum FitPolicy: String, Sendable, CaseIterable {
    /// The lowest free aligned block (NetBox, phpIPAM).
    case first
    /// An aligned block in the smallest free hole that can hold it, lowest on ties: keeps
    /// large holes whole for later large requests.
    case best
    /// The highest free aligned block: VIPs and gateways from the top, the low end contiguous.
    case last
}

extension IPSet {
    /// An aligned block of `length` bits of `family` inside the set, chosen by `fit`
    /// (IPCore's `firstFit` / `bestFit` / `lastFit`: the set algebra is the allocator).
    func freeBlock(length: Int, family: Int, fit: FitPolicy) -> IPPrefix? {
        if family == 4 { return Self.fit(v4, length: length, fit).map(IPPrefix.v4) }
        return Self.fit(v6, length: length, fit).map(IPPrefix.v6)
    }

    private static func fit<A>(_ set: AddressSet<A>, length: Int, _ fit: FitPolicy) -> Prefix<A>? {
        switch fit {
        case .first: set.firstFit(length: length)
        case .best: set.bestFit(length: length)
        case .last: set.lastFit(length: length)
        }
    }

    /// The set without `p`; only `p`'s family is rebuilt (the hot path of big runs).
    func removing(_ p: IPPrefix) -> IPSet {
        switch p {
        case .v4(let x): IPSet(v4: v4.subtracting(AddressSet(prefixes: CollectionOfOne(x))), v6: v6)
        case .v6(let x): IPSet(v4: v4, v6: v6.subtracting(AddressSet(prefixes: CollectionOfOne(x))))
        }
    }

    func size(family: Int) -> AddressCount { family == 4 ? v4.size : v6.size }

    func largestBlock(family: Int) -> IPPrefix? {
        family == 4 ? v4.largestPrefix.map(IPPrefix.v4) : v6.largestPrefix.map(IPPrefix.v6)
    }

    func only(family: Int) -> IPSet { family == 4 ? IPSet(v4: v4) : IPSet(v6: v6) }
}
