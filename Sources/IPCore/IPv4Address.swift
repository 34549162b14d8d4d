/// An IPv4 address: 32 bits, no heap, ordered by value.
@frozen
public struct IPv4Address: IPAddressType {
    public let bits: UInt32
    public static let family = 4

    @inlinable public init(bits: UInt32) { self.bits = bits }

    @inlinable public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        bits = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// The four octets, most significant first.
    @inlinable public var octets: (UInt8, UInt8, UInt8, UInt8) {
        (UInt8(bits >> 24), UInt8(truncatingIfNeeded: bits >> 16),
         UInt8(truncatingIfNeeded: bits >> 8), UInt8(truncatingIfNeeded: bits))
    }

    /// `::ffff:a.b.c.d`, the explicit way into IPv6 (never implicit).
    @inlinable public var mapped: IPv6Address { IPv6Address(bits: 0xffff_0000_0000 | UInt128(bits)) }
}
