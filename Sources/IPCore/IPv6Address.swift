/// An IPv6 address: 128 bits, no heap, no zone (zones live in `ScopedIPAddress`,
/// outside the arithmetic).
@frozen
public struct IPv6Address: IPAddressType {
    public let bits: UInt128
    public static let family = 6

    @inlinable public init(bits: UInt128) { self.bits = bits }

    /// Builds from eight 16-bit groups, most significant first.
    public init(groups: [UInt16]) {
        precondition(groups.count == 8, "IPv6 needs 8 groups")
        var v: UInt128 = 0
        for g in groups { v = v << 16 | UInt128(g) }
        bits = v
    }

    @inlinable public func group(_ i: Int) -> UInt16 {
        UInt16(truncatingIfNeeded: bits >> UInt128(112 - 16 * i))
    }

    /// True for `::ffff:0:0/96` (RFC 4291 §2.5.5.2).
    @inlinable public var isIPv4Mapped: Bool { bits >> 32 == 0xffff }

    /// The IPv4 address inside an IPv4-mapped address, else nil. An explicit step,
    /// like Go's `Unmap`: the family never changes by itself.
    @inlinable public var unmapped: IPv4Address? {
        isIPv4Mapped ? IPv4Address(bits: UInt32(truncatingIfNeeded: bits)) : nil
    }
}
