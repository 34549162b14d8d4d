/// What the generic set algebra needs from one address family: a fixed-width
/// unsigned integer underneath, so prefixes, ranges and sets are written once
/// for IPv4 (32 bits) and IPv6 (128 bits).
public protocol IPAddressType: Hashable, Comparable, Sendable, CustomStringConvertible {
    associatedtype Bits: FixedWidthInteger & UnsignedInteger & Sendable
    /// 4 or 6.
    static var family: Int { get }
    static var bitWidth: Int { get }
    var bits: Bits { get }
    init(bits: Bits)
    /// Appends the canonical text form to a caller's byte buffer (no allocation of its own).
    func append(to buffer: inout [UInt8])
}

extension IPAddressType {
    @inlinable public static var bitWidth: Int { Bits.bitWidth }
    @inlinable public static var min: Self { Self(bits: 0) }
    @inlinable public static var max: Self { Self(bits: Bits.max) }

    /// The next address, or nil past the last one (closed ranges never need it to wrap).
    @inlinable public var successor: Self? { bits == Bits.max ? nil : Self(bits: bits &+ 1) }
    @inlinable public var predecessor: Self? { bits == 0 ? nil : Self(bits: bits &- 1) }

    @inlinable public static func < (a: Self, b: Self) -> Bool { a.bits < b.bits }

    public var description: String {
        var out: [UInt8] = []
        out.reserveCapacity(45)
        append(to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}

/// Masks for a prefix length, computed without shifting by the full width (undefined for `<<`).
@inlinable
func hostMask<B: FixedWidthInteger & UnsignedInteger>(_ length: Int, as: B.Type = B.self) -> B {
    length >= B.bitWidth ? 0 : (B.max >> B(truncatingIfNeeded: length))
}

@inlinable
func networkMask<B: FixedWidthInteger & UnsignedInteger>(_ length: Int, as: B.Type = B.self) -> B {
    ~hostMask(length, as: B.self)
}
