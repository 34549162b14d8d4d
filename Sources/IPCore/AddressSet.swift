/// An immutable set of addresses of one family, held as sorted, disjoint,
/// non-adjacent closed ranges. Every operation is a linear walk or a binary search.
@frozen
public struct AddressSet<Address: IPAddressType>: Hashable, Sendable {
    /// Normalized: ascending, disjoint, with a gap of at least one address between ranges.
    public let ranges: [AddressRange<Address>]

    @inlinable public init() { ranges = [] }

    /// Trusts the caller that `ranges` is normalized (internal building block).
    @inlinable init(normalized ranges: [AddressRange<Address>]) { self.ranges = ranges }

    /// Normalizes any list of ranges: sort by start, fold overlaps and adjacency in one pass.
    @inlinable
    public init<S: Sequence>(_ input: S) where S.Element == AddressRange<Address> {
        var list = Array(input)
        list.sort { $0.first.bits < $1.first.bits }
        self.init(normalized: Self.mergeSorted(list))
    }

    @inlinable
    public init<S: Sequence>(prefixes: S) where S.Element == Prefix<Address> {
        self.init(prefixes.lazy.map(\.range))
    }

    /// Folds a start-sorted list into normalized ranges.
    @inlinable
    static func mergeSorted(_ sorted: [AddressRange<Address>]) -> [AddressRange<Address>] {
        var out: [AddressRange<Address>] = []
        out.reserveCapacity(sorted.count)
        var curFirst = Address.Bits.zero
        var curLast = Address.Bits.zero
        var open = false
        for r in sorted {
            let f = r.first.bits, l = r.last.bits
            if open && (f <= curLast || f &- 1 == curLast) {
                if l > curLast { curLast = l }
            } else {
                if open { out.append(AddressRange(uncheckedFirst: Address(bits: curFirst), last: Address(bits: curLast))) }
                curFirst = f
                curLast = l
                open = true
            }
        }
        if open { out.append(AddressRange(uncheckedFirst: Address(bits: curFirst), last: Address(bits: curLast))) }
        return out
    }

    @inlinable public var isEmpty: Bool { ranges.isEmpty }

    /// Exact number of addresses.
    public var size: AddressCount { ranges.reduce(AddressCount(0)) { $0 + $1.size } }

    /// Binary search: the last range starting at or before `address`.
    @inlinable
    public func contains(_ address: Address) -> Bool {
        var lo = 0, hi = ranges.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if ranges[mid].first <= address { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 && address <= ranges[lo - 1].last
    }

    /// True when every address of `range` is in the set (normalized ranges make this one lookup).
    @inlinable
    public func contains(_ range: AddressRange<Address>) -> Bool {
        var lo = 0, hi = ranges.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if ranges[mid].first <= range.first { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 && ranges[lo - 1].contains(range)
    }

    @inlinable public func contains(_ prefix: Prefix<Address>) -> Bool { contains(prefix.range) }

    /// True when any address of `range` is in the set: one binary search, no allocation.
    /// The only candidates are the last range starting at or before `range.last`.
    @inlinable
    public func overlaps(_ range: AddressRange<Address>) -> Bool {
        var lo = 0, hi = ranges.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if ranges[mid].first <= range.last { lo = mid + 1 } else { hi = mid }
        }
        return lo > 0 && ranges[lo - 1].last >= range.first
    }

    public func union(_ other: AddressSet) -> AddressSet {
        var merged: [AddressRange<Address>] = []
        merged.reserveCapacity(ranges.count + other.ranges.count)
        var i = 0, j = 0
        while i < ranges.count || j < other.ranges.count {
            if j == other.ranges.count || (i < ranges.count && ranges[i].first <= other.ranges[j].first) {
                merged.append(ranges[i]); i += 1
            } else {
                merged.append(other.ranges[j]); j += 1
            }
        }
        return AddressSet(normalized: Self.mergeSorted(merged))
    }

    public func intersection(_ other: AddressSet) -> AddressSet {
        var out: [AddressRange<Address>] = []
        var i = 0, j = 0
        while i < ranges.count && j < other.ranges.count {
            let a = ranges[i], b = other.ranges[j]
            let lo = Swift.max(a.first, b.first), hi = Swift.min(a.last, b.last)
            if lo <= hi { out.append(AddressRange(uncheckedFirst: lo, last: hi)) }
            if a.last < b.last { i += 1 } else { j += 1 }
        }
        return AddressSet(normalized: out)
    }

    /// The addresses of `self` not in `other`.
    public func subtracting(_ other: AddressSet) -> AddressSet {
        var out: [AddressRange<Address>] = []
        var j = 0
        for r in ranges {
            var start: Address? = r.first
            // Skip removals that end before this range.
            while j < other.ranges.count && other.ranges[j].last < r.first { j += 1 }
            var k = j
            while let s = start, k < other.ranges.count, other.ranges[k].first <= r.last {
                let cut = other.ranges[k]
                if cut.first > s { out.append(AddressRange(uncheckedFirst: s, last: cut.first.predecessor!)) }
                start = cut.last < r.last ? cut.last.successor : nil
                if cut.last > r.last { break }
                k += 1
            }
            if let s = start { out.append(AddressRange(uncheckedFirst: s, last: r.last)) }
            j = k
        }
        return AddressSet(normalized: out)
    }

    /// Everything in the family that is not in the set.
    public var complement: AddressSet {
        AddressSet(normalized: [AddressRange(uncheckedFirst: .min, last: .max)]).subtracting(self)
    }

    /// The minimal CIDR list covering exactly the set, ascending.
    public var prefixes: [Prefix<Address>] {
        var out: [Prefix<Address>] = []
        out.reserveCapacity(ranges.count)
        for r in ranges { r.appendPrefixes(to: &out) }
        return out
    }

    /// The largest single aligned block inside the set, if any.
    public var largestPrefix: Prefix<Address>? {
        var best: Prefix<Address>?
        for p in prefixes where best == nil || p.length < best!.length { best = p }
        return best
    }
}
