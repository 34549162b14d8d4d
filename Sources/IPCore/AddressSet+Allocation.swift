/// Allocation as set operations on free space: find an aligned block of a given
/// length inside the set (the free space), first fit or best fit.
extension AddressSet {
    /// The lowest aligned block of `length` bits entirely inside the set.
    public func firstFit(length: Int) -> Prefix<Address>? {
        for r in ranges {
            if let p = Self.alignedBlock(in: r, length: length) { return p }
        }
        return nil
    }

    /// The aligned block of `length` inside the smallest free range that can hold one
    /// (ties: lowest address), which keeps large holes whole for large requests.
    public func bestFit(length: Int) -> Prefix<Address>? {
        var best: (AddressCount, Prefix<Address>)?
        for r in ranges {
            guard let p = Self.alignedBlock(in: r, length: length) else { continue }
            // The hole that matters is the largest aligned-fitting piece: use the range size.
            let size = r.size
            if best == nil || size < best!.0 { best = (size, p) }
        }
        return best?.1
    }

    /// The lowest block of `length` aligned to its size inside `r`.
    static func alignedBlock(in r: AddressRange<Address>, length: Int) -> Prefix<Address>? {
        guard length >= 0 && length <= Address.bitWidth else { return nil }
        let host = hostMask(length, as: Address.Bits.self)
        // Round r.first up to the block alignment.
        let start: Address.Bits
        if r.first.bits & host == 0 {
            start = r.first.bits
        } else {
            let (up, overflow) = (r.first.bits | host).addingReportingOverflow(1)
            if overflow { return nil }
            start = up
        }
        let (end, overflow) = start.addingReportingOverflow(host)
        if overflow && !(start == 0 && host == Address.Bits.max) { return nil }
        guard end <= r.last.bits, start >= r.first.bits else { return nil }
        return Prefix(masking: Address(bits: start), length: length)
    }
}
