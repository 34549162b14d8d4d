/// An exact count of addresses. The whole IPv6 space holds 2^128 addresses, one
/// more than `UInt128` can hold, so the count keeps that single case apart.
@frozen
public struct AddressCount: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The count, when it is below 2^128.
    public let value: UInt128
    /// True for exactly 2^128.
    public let isFullIPv6Space: Bool

    @inlinable public init(_ value: UInt128) {
        self.value = value
        self.isFullIPv6Space = false
    }

    @inlinable init(full: Void) {
        value = 0
        isFullIPv6Space = true
    }

    @inlinable public static func powerOfTwo(_ exponent: Int) -> AddressCount {
        exponent >= 128 ? AddressCount(full: ()) : AddressCount(UInt128(1) << UInt128(exponent))
    }

    /// Number of addresses in `[first, last]` given as raw values.
    @inlinable public static func span(_ first: UInt128, _ last: UInt128) -> AddressCount {
        let d = last - first
        return d == .max ? AddressCount(full: ()) : AddressCount(d + 1)
    }

    @inlinable public static func + (a: AddressCount, b: AddressCount) -> AddressCount {
        if a.isFullIPv6Space || b.isFullIPv6Space { return AddressCount(full: ()) }
        let (sum, overflow) = a.value.addingReportingOverflow(b.value)
        return overflow ? AddressCount(full: ()) : AddressCount(sum)
    }

    @inlinable public static func < (a: AddressCount, b: AddressCount) -> Bool {
        if a.isFullIPv6Space { return false }
        if b.isFullIPv6Space { return true }
        return a.value < b.value
    }

    /// Decimal text, exact ("340282366920938463463374607431768211456" for the full space).
    public var description: String {
        isFullIPv6Space ? "340282366920938463463374607431768211456" : String(value)
    }

    /// As a Double, for percentages.
    public var approximate: Double { isFullIPv6Space ? 0x1p128 : Double(value) }
}
