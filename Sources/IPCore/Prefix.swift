/// A CIDR block of one family, always canonical (host bits zero), so `==` is set equality.
/// Ordered by network address, then by length (shorter first): the output order of lists.
@frozen
public struct Prefix<Address: IPAddressType>: Hashable, Comparable, Sendable {
    public let network: Address
    public let length: Int

    /// Masks host bits away: the explicit, forgiving entry point.
    @inlinable
    public init(masking address: Address, length: Int) {
        precondition(length >= 0 && length <= Address.bitWidth, "prefix length out of range")
        self.network = Address(bits: address.bits & networkMask(length, as: Address.Bits.self))
        self.length = length
    }

    /// Nil when host bits are set.
    @inlinable
    public init?(exactly address: Address, length: Int) {
        guard length >= 0 && length <= Address.bitWidth,
              address.bits & hostMask(length, as: Address.Bits.self) == 0 else { return nil }
        self.network = address
        self.length = length
    }

    @inlinable public var first: Address { network }
    @inlinable public var last: Address { Address(bits: network.bits | hostMask(length, as: Address.Bits.self)) }
    @inlinable public var range: AddressRange<Address> { AddressRange(uncheckedFirst: first, last: last) }
    @inlinable public var netmask: Address { Address(bits: networkMask(length, as: Address.Bits.self)) }
    @inlinable public var hostmask: Address { Address(bits: hostMask(length, as: Address.Bits.self)) }
    @inlinable public var isSingleAddress: Bool { length == Address.bitWidth }

    /// Number of addresses, exact: 2^(width - length) as a 128-bit... except ::/0 (2^128),
    /// which is why it is returned as `AddressCount`.
    @inlinable public var size: AddressCount { AddressCount.powerOfTwo(Address.bitWidth - length) }

    @inlinable public func contains(_ address: Address) -> Bool {
        address.bits & networkMask(length, as: Address.Bits.self) == network.bits
    }

    @inlinable public func contains(_ other: Prefix) -> Bool {
        other.length >= length && contains(other.network)
    }

    @inlinable public func overlaps(_ other: Prefix) -> Bool {
        contains(other.network) || other.contains(network)
    }

    /// The enclosing prefix `length` bits long (default: one bit shorter).
    public func supernet(length newLength: Int? = nil) -> Prefix? {
        let l = newLength ?? length - 1
        guard l >= 0 && l <= length else { return nil }
        return Prefix(masking: network, length: l)
    }

    /// All subnets of `newLength` inside this prefix, lazily (a /8 into /32s is 16M of them).
    public func subnets(length newLength: Int) -> SubnetSequence<Address>? {
        guard newLength >= length && newLength <= Address.bitWidth else { return nil }
        return SubnetSequence(parent: self, length: newLength)
    }

    @inlinable public static func < (a: Prefix, b: Prefix) -> Bool {
        a.network != b.network ? a.network < b.network : a.length < b.length
    }
}

/// The subnets of one prefix at a longer length, in address order.
public struct SubnetSequence<Address: IPAddressType>: Sequence, Sendable {
    public let parent: Prefix<Address>
    public let length: Int

    /// How many subnets (2^(length - parent.length)).
    public var count: AddressCount { AddressCount.powerOfTwo(length - parent.length) }

    public func makeIterator() -> Iterator { Iterator(upcoming: parent.network, last: parent.last, length: length) }

    public struct Iterator: IteratorProtocol {
        var upcoming: Address?
        let last: Address
        let length: Int
        public mutating func next() -> Prefix<Address>? {
            guard let n = upcoming else { return nil }
            let p = Prefix(masking: n, length: length)
            upcoming = p.last == last ? nil : p.last.successor
            return p
        }
    }
}

extension Prefix: CustomStringConvertible {
    @inlinable
    public func append(to buffer: inout [UInt8]) {
        network.append(to: &buffer)
        buffer.append(UInt8(ascii: "/"))
        appendDecimal(length, to: &buffer)
    }

    public var description: String {
        var out: [UInt8] = []
        out.reserveCapacity(49)
        append(to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
