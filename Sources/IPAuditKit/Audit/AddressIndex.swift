import IPCore

/// A hash table from (routing domain, canonical address integer) to the last row seen there,
/// with a chain through earlier rows: the duplicate check's only per-row work.
///
/// Open addressing with a multiplicative hash of the address bits: no `String`, no SipHash,
/// no per-entry allocation. Each slot is one 32-byte struct, so a probe touches one cache line.
struct AddressIndex {
    struct Slot {
        var hi: UInt64 = 0
        var lo: UInt64 = 0
        var tag: UInt32 = 0
        /// Row index + 1 of the newest row at this key; 0 is an empty slot.
        var head: Int32 = 0
    }

    private var slots: [Slot]
    private let mask: Int
    /// For each row, the previous row with the same key (or -1).
    private(set) var previous: [Int32]
    /// Rows whose key had been seen before (one entry per repeat).
    private(set) var repeats: [Int32] = []

    init(rows: Int) {
        var capacity = 16
        while capacity < rows * 2 { capacity <<= 1 }
        slots = [Slot](repeating: Slot(), count: capacity)
        mask = capacity - 1
        previous = [Int32](repeating: -1, count: rows)
    }

    /// `domain` separates routing domains and families (the caller folds the family in).
    mutating func insert(row: Int, bits: UInt128, domain: UInt32) {
        let h64 = UInt64(truncatingIfNeeded: bits >> 64), l64 = UInt64(truncatingIfNeeded: bits)
        var x = (l64 ^ h64 &* 0xC2B2_AE3D_27D4_EB4F ^ UInt64(domain) << 40) &* 0x9E37_79B9_7F4A_7C15
        x ^= x >> 32
        var i = Int(truncatingIfNeeded: x) & mask
        slots.withUnsafeMutableBufferPointer { s in
            while s[i].head != 0 {
                if s[i].lo == l64 && s[i].hi == h64 && s[i].tag == domain {
                    previous[row] = s[i].head - 1
                    s[i].head = Int32(row + 1)
                    repeats.append(Int32(row))
                    return
                }
                i = (i + 1) & mask
            }
            s[i] = Slot(hi: h64, lo: l64, tag: domain, head: Int32(row + 1))
        }
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
