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

    /// The highest aligned block of `length` bits: for space handed out from the top
    /// (VIPs, gateways), so the low end stays one contiguous run.
    public func lastFit(length: Int) -> Prefix<Address>? {
        for r in ranges.reversed() {
            if let p = Self.highestAlignedBlock(in: r, length: length) { return p }
        }
        return nil
    }

    /// Best fit, buddy-allocator style: split the free space into its minimal aligned CIDR
    /// blocks and carve from the smallest block that can hold `length` (ties: lowest address).
    /// Large aligned holes stay whole for large requests.
    public func bestFit(length: Int) -> Prefix<Address>? {
        guard length >= 0 && length <= Address.bitWidth else { return nil }
        var best: Prefix<Address>?
        for r in ranges {
            var blocks: [Prefix<Address>] = []
            r.appendPrefixes(to: &blocks)
            for b in blocks where b.length <= length {
                if best == nil || b.length > best!.length { best = b }
            }
        }
        return best.map { Prefix(masking: $0.network, length: length) }
    }

    /// The highest block of `length` aligned to its size inside `r`.
    static func highestAlignedBlock(in r: AddressRange<Address>, length: Int) -> Prefix<Address>? {
        guard length >= 0 && length <= Address.bitWidth else { return nil }
        let host = hostMask(length, as: Address.Bits.self)
        // The block holding r.last fits if it ends at r.last; otherwise the block below it.
        var start = r.last.bits & ~host
        if start | host != r.last.bits {
            // One block size lower: start - (host + 1), written so that host + 1 cannot overflow.
            guard start != 0 else { return nil }
            start = (start &- 1) & ~host
        }
        guard start >= r.first.bits else { return nil }
        return Prefix(masking: Address(bits: start), length: length)
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
