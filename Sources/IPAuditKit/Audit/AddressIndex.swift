import IPCore

/// A hash table from (routing domain, canonical address integer) to the last row seen there,
/// with a chain through earlier rows: the duplicate check's only per-row work.
///
/// Open addressing with a multiplicative hash of the address bits: no `String`, no SipHash,
/// no per-entry allocation, which keeps a million rows well under a tenth of a second.
struct AddressIndex {
    private var hi: [UInt64]
    private var lo: [UInt64]
    private var tag: [UInt32]
    /// Row index + 1 of the newest row at the slot's key; 0 is an empty slot.
    private var head: [Int32]
    private let mask: Int
    /// For each row, the previous row with the same key (or -1).
    private(set) var previous: [Int32]
    /// Rows whose key had been seen before (one entry per repeat).
    private(set) var repeats: [Int32] = []

    init(rows: Int) {
        var capacity = 16
        while capacity < rows * 2 { capacity <<= 1 }
        hi = [UInt64](repeating: 0, count: capacity)
        lo = [UInt64](repeating: 0, count: capacity)
        tag = [UInt32](repeating: 0, count: capacity)
        head = [Int32](repeating: 0, count: capacity)
        mask = capacity - 1
        previous = [Int32](repeating: -1, count: rows)
    }

    /// `domain` separates routing domains and families (the caller folds the family in).
    mutating func insert(row: Int, bits: UInt128, domain: UInt32) {
        let h64 = UInt64(truncatingIfNeeded: bits >> 64), l64 = UInt64(truncatingIfNeeded: bits)
        var x = l64 &* 0x9E37_79B9_7F4A_7C15 ^ h64 &* 0xC2B2_AE3D_27D4_EB4F ^ UInt64(domain) &* 0x1656_67B1_9E37_79F9
        x ^= x >> 29
        var i = Int(truncatingIfNeeded: x) & mask
        while head[i] != 0 {
            if lo[i] == l64 && hi[i] == h64 && tag[i] == domain {
                previous[row] = head[i] - 1
                head[i] = Int32(row + 1)
                repeats.append(Int32(row))
                return
            }
            i = (i + 1) & mask
        }
        hi[i] = h64; lo[i] = l64; tag[i] = domain
        head[i] = Int32(row + 1)
    }

    /// The newest row of each repeated key, once per key.
    var repeatedHeads: [Int] {
        // A row is a head if no later repeat points back to it.
        var isShadowed = Set<Int32>()
        for r in repeats where previous[Int(r)] >= 0 { isShadowed.insert(previous[Int(r)]) }
        return repeats.filter { !isShadowed.contains($0) }.map(Int.init)
    }

    /// Every row sharing the key of `head`, newest first.
    func chain(from head: Int) -> [Int] {
        var out = [head]
        var k = previous[head]
        while k >= 0 { out.append(Int(k)); k = previous[Int(k)] }
        return out
    }
}
