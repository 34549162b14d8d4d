/// An address of either family. Ordered IPv4 before IPv6, then by value.
@frozen
public enum IPAddress: Hashable, Comparable, Sendable {
    case v4(IPv4Address)
    case v6(IPv6Address)

    @inlinable public var family: Int {
        switch self { case .v4: 4; case .v6: 6 }
    }

    @inlinable public var bitWidth: Int { family == 4 ? 32 : 128 }

    /// The value widened to 128 bits (IPv4 as a plain number, not mapped).
    @inlinable public var widened: UInt128 {
        switch self { case .v4(let a): UInt128(a.bits); case .v6(let a): a.bits }
    }

    @inlinable public static func < (a: IPAddress, b: IPAddress) -> Bool {
        switch (a, b) {
        case (.v4(let x), .v4(let y)): x < y
        case (.v6(let x), .v6(let y)): x < y
        case (.v4, .v6): true
        case (.v6, .v4): false
        }
    }

    public func append(to buffer: inout [UInt8]) {
        switch self { case .v4(let a): a.append(to: &buffer); case .v6(let a): a.append(to: &buffer) }
    }
}

extension IPAddress: CustomStringConvertible {
    public var description: String {
        switch self { case .v4(let a): a.description; case .v6(let a): a.description }
    }
}

/// An address as written on a host, with an optional IPv6 zone (`fe80::1%eth0`).
/// The zone never takes part in prefixes, ranges or sets.
public struct ScopedIPAddress: Hashable, Sendable, CustomStringConvertible {
    public let address: IPAddress
    public let zone: String?

    public init(address: IPAddress, zone: String? = nil) {
        self.address = address
        self.zone = zone
    }

    public var description: String { zone.map { "\(address)%\($0)" } ?? address.description }
}
