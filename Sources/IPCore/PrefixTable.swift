/// Longest-prefix match for one family, built once, read many times.
///
/// Building flattens the (possibly nested) prefixes into disjoint intervals, each
/// labelled with its most specific prefix, so a lookup is one binary search over
/// interval starts. A 65,536-entry index on the top 16 bits narrows each search to
/// a handful of entries: that is what makes tens of millions of lookups a second.
public struct PrefixTable<Address: IPAddressType, Value: Sendable>: Sendable {
    @usableFromInline let starts: [Address.Bits]
    /// Index into `entries`, or -1 for a gap no prefix covers.
    @usableFromInline let owners: [Int32]
    @usableFromInline let bucket: [UInt32]
    public let entries: [(prefix: Prefix<Address>, value: Value)]

    public init(_ input: [(prefix: Prefix<Address>, value: Value)]) {
        // Later duplicates of the same prefix win, like assignment.
        var unique: [Prefix<Address>: Int] = [:]
        for (i, e) in input.enumerated() { unique[e.prefix] = i }
        var list = unique.map { (input[$0.value].prefix, $0.value) }
        list.sort { $0.0 < $1.0 }  // by network, shorter (outer) first
        entries = list.map { (prefix: $0.0, value: input[$0.1].value) }

        var starts: [Address.Bits] = [0]
        var owners: [Int32] = [-1]
        var stack: [Int] = []  // indices of open (enclosing) prefixes
        func emit(_ start: Address.Bits, _ owner: Int32) {
            if starts.last == start { owners[owners.count - 1] = owner } else { starts.append(start); owners.append(owner) }
            // merge equal neighbours
            if owners.count >= 2 && owners[owners.count - 2] == owners[owners.count - 1] {
                starts.removeLast(); owners.removeLast()
            }
        }
        // Close enclosing prefixes that end before `bits`, resuming their parents.
        func closeUntil(_ bits: Address.Bits?, _ entries: [(prefix: Prefix<Address>, value: Value)]) {
            while let top = stack.last {
                let last = entries[top].prefix.last.bits
                if let b = bits, b <= last { break }
                stack.removeLast()
                if last == Address.Bits.max { continue }
                emit(last &+ 1, stack.last.map { Int32($0) } ?? -1)
            }
        }
        for (i, e) in entries.enumerated() {
            closeUntil(e.prefix.first.bits, entries)
            emit(e.prefix.first.bits, Int32(i))
            stack.append(i)
        }
        closeUntil(nil, entries)
        self.starts = starts
        self.owners = owners

        // The index keys on the 16 bits right after the bits every interval start shares, so
        // tables packed into one corner of the space (all of 2001:db8::/32, say) still spread
        // over the whole index. Starts outside that common region sort before or after it.
        let width = Address.bitWidth
        let common = starts.count > 1 ? (starts[1] ^ starts[starts.count - 1]).leadingZeroBitCount : 0
        let shift = Swift.max(0, width - common - 16)
        let regionShift = shift + 16
        let region: Address.Bits = regionShift < width && starts.count > 1 ? starts[1] >> Address.Bits(regionShift) : 0
        func key(_ start: Address.Bits) -> Int {
            if regionShift < width {
                let top = start >> Address.Bits(regionShift)
                if top < region { return -1 }
                if top > region { return 65_536 }
            }
            return Int(truncatingIfNeeded: (start >> Address.Bits(shift)) & 0xFFFF)
        }
        var bucket = [UInt32](repeating: 0, count: 65_537)
        var j = 0
        for k in 0...65_536 {
            while j < starts.count && key(starts[j]) < k { j += 1 }
            bucket[k] = UInt32(j)
        }
        self.bucket = bucket
        self.indexShift = Address.Bits(shift)
        self.regionShift = regionShift < width ? Address.Bits(regionShift) : 0
        self.checksRegion = regionShift < width
        self.region = region
    }

    @usableFromInline let indexShift: Address.Bits
    @usableFromInline let regionShift: Address.Bits
    @usableFromInline let checksRegion: Bool
    @usableFromInline let region: Address.Bits

    public var count: Int { entries.count }

    /// Index of the most specific prefix holding `address`, or nil.
    @inlinable
    public func lookupIndex(_ address: Address) -> Int? {
        let bits = address.bits
        // The answer is the last interval starting at or before `bits`. Inside the common
        // region the index narrows the search to one bucket; the interval just before the
        // bucket may span into it, which `lo - 1` covers.
        var lo = 0, hi = starts.count
        if !checksRegion || bits &>> regionShift == region {
            let k = Int(truncatingIfNeeded: (bits &>> indexShift) & 0xFFFF)
            lo = Int(bucket[k])
            hi = Int(bucket[k + 1])
        }
        while lo < hi {
            let mid = (lo + hi) >> 1
            if starts[mid] <= bits { lo = mid + 1 } else { hi = mid }
        }
        let owner = owners[lo - 1]  // starts[0] == 0, so lo >= 1
        return owner < 0 ? nil : Int(owner)
    }

    @inlinable
    public func lookup(_ address: Address) -> (prefix: Prefix<Address>, value: Value)? {
        lookupIndex(address).map { entries[$0] }
    }
}
