import IPCore

/// The leading bytes (an IPv4 address's first octet, an IPv6 address's first byte) under which
/// some address of a set lies. The scanner's fast path asks, for every frame, whether its source
/// may be non-forwardable; most sources (10/8, public space, fd00::/8) share no leading byte
/// with that set and are answered by one bit test instead of a search of the registry.
struct SourceScreen: Sendable {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    init<A: IPAddressType>(_ set: AddressSet<A>) {
        let shift = A.Bits(A.bitWidth - 8)
        for range in set.ranges {
            for byte in Int(range.first.bits >> shift)...Int(range.last.bits >> shift) { insert(UInt8(byte)) }
        }
    }

    private mutating func insert(_ byte: UInt8) {
        let bit = UInt64(1) << UInt64(byte & 63)
        switch byte >> 6 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    /// False only when no address of the set starts with `byte`.
    @inline(__always)
    func mayHold(leadingByte byte: UInt8) -> Bool {
        let word: UInt64
        switch byte >> 6 {
        case 0: word = words.0
        case 1: word = words.1
        case 2: word = words.2
        default: word = words.3
        }
        return word >> UInt64(byte & 63) & 1 != 0
    }
}
