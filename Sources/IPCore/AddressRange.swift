/// A closed range `[first, last]` of one family. Closed ends mean the last
/// address of a family needs no special case (no `last + 1` that would overflow).
@frozen
public struct AddressRange<Address: IPAddressType>: Hashable, Comparable, Sendable {
    public let first: Address
    public let last: Address

    @inlinable public init?(first: Address, last: Address) {
        guard first <= last else { return nil }
        self.first = first
        self.last = last
    }

    @inlinable public init(uncheckedFirst first: Address, last: Address) {
        self.first = first
        self.last = last
    }

    @inlinable public var size: AddressCount {
        AddressCount.span(UInt128(first.bits), UInt128(last.bits))
    }

    @inlinable public func contains(_ a: Address) -> Bool { first <= a && a <= last }
    @inlinable public func contains(_ r: AddressRange) -> Bool { first <= r.first && r.last <= last }
    @inlinable public func overlaps(_ r: AddressRange) -> Bool { first <= r.last && r.first <= last }

    /// The single prefix equal to this range, if there is one.
    public var exactPrefix: Prefix<Address>? {
        let prefixes = self.prefixes()
        return prefixes.count == 1 ? prefixes[0] : nil
    }

    /// The minimal list of CIDR blocks covering exactly this range, ascending.
    public func prefixes() -> [Prefix<Address>] {
        var out: [Prefix<Address>] = []
        appendPrefixes(to: &out)
        return out
    }

    /// Greedy split: at each step the largest block aligned at `start` that does
    /// not pass `last`. Appends to the caller's array to avoid one array per range.
    @inlinable
    public func appendPrefixes(to out: inout [Prefix<Address>]) {
        let width = Address.bitWidth
        var start = first.bits
        let end = last.bits
        while true {
            // Host bits allowed by alignment of start...
            let align = start == 0 ? width : start.trailingZeroBitCount
            // ...and by the remaining span (end - start + 1, computed without overflow).
            let span = end &- start
            let fit = span == Address.Bits.max ? width : (Address.Bits.bitWidth - (span &+ 1).leadingZeroBitCount - 1)
            let hostBits = Swift.min(align, fit)
            out.append(Prefix(masking: Address(bits: start), length: width - hostBits))
            let blockLast = hostBits == width ? Address.Bits.max : start | ((1 << Address.Bits(hostBits)) &- 1)
            if blockLast >= end { return }
            start = blockLast &+ 1
        }
    }

    @inlinable public static func < (a: AddressRange, b: AddressRange) -> Bool {
        a.first != b.first ? a.first < b.first : a.last > b.last
    }
}

extension AddressRange: CustomStringConvertible {
    public var description: String { "\(first)-\(last)" }
}
