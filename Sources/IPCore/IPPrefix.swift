/// A CIDR prefix of either family. Ordered IPv4 before IPv6, then by address, then by length.
@frozen
public enum IPPrefix: Hashable, Comparable, Sendable {
    case v4(Prefix<IPv4Address>)
    case v6(Prefix<IPv6Address>)

    /// Strict: `ADDR/LEN` with host bits clear (the error suggests the masked form).
    public init(_ text: String) throws(IPParseError) {
        self = try TextParser.run(text) { b throws(TextParser.Failure) in
            try TextParser.prefix(b, start: 0, end: b.count, bareAddress: false, masking: false)
        }
    }

    /// Like `init(_:)`, but a bare address stands for its host prefix (/32 or /128).
    public init(addressOrPrefix text: String) throws(IPParseError) {
        self = try TextParser.run(text) { b throws(TextParser.Failure) in
            try TextParser.prefix(b, start: 0, end: b.count, bareAddress: true, masking: false)
        }
    }

    /// The explicit forgiving form: host bits are masked away.
    public init(masking text: String) throws(IPParseError) {
        self = try TextParser.run(text) { b throws(TextParser.Failure) in
            try TextParser.prefix(b, start: 0, end: b.count, bareAddress: false, masking: true)
        }
    }

    public init(masking address: IPAddress, length: Int) {
        switch address {
        case .v4(let a): self = .v4(Prefix(masking: a, length: length))
        case .v6(let a): self = .v6(Prefix(masking: a, length: length))
        }
    }

    @inlinable public var family: Int { switch self { case .v4: 4; case .v6: 6 } }
    @inlinable public var length: Int { switch self { case .v4(let p): p.length; case .v6(let p): p.length } }
    @inlinable public var bitWidth: Int { family == 4 ? 32 : 128 }
    public var network: IPAddress { switch self { case .v4(let p): .v4(p.network); case .v6(let p): .v6(p.network) } }
    public var first: IPAddress { network }
    public var last: IPAddress { switch self { case .v4(let p): .v4(p.last); case .v6(let p): .v6(p.last) } }
    public var size: AddressCount { switch self { case .v4(let p): p.size; case .v6(let p): p.size } }
    public var range: IPRange { switch self { case .v4(let p): .v4(p.range); case .v6(let p): .v6(p.range) } }

    public func contains(_ address: IPAddress) -> Bool {
        switch (self, address) {
        case (.v4(let p), .v4(let a)): p.contains(a)
        case (.v6(let p), .v6(let a)): p.contains(a)
        default: false
        }
    }

    public func contains(_ other: IPPrefix) -> Bool {
        switch (self, other) {
        case (.v4(let p), .v4(let q)): p.contains(q)
        case (.v6(let p), .v6(let q)): p.contains(q)
        default: false
        }
    }

    public func overlaps(_ other: IPPrefix) -> Bool { contains(other) || other.contains(self) }

    public func supernet(length: Int? = nil) -> IPPrefix? {
        switch self {
        case .v4(let p): p.supernet(length: length).map(IPPrefix.v4)
        case .v6(let p): p.supernet(length: length).map(IPPrefix.v6)
        }
    }

    /// Subnets of `length`, materialized; nil when the length is out of range.
    public func subnets(length: Int, limit: Int = .max) -> [IPPrefix]? {
        switch self {
        case .v4(let p): p.subnets(length: length).map { Array($0.lazy.prefix(limit).map(IPPrefix.v4)) }
        case .v6(let p): p.subnets(length: length).map { Array($0.lazy.prefix(limit).map(IPPrefix.v6)) }
        }
    }

    public static func < (a: IPPrefix, b: IPPrefix) -> Bool {
        switch (a, b) {
        case (.v4(let x), .v4(let y)): x < y
        case (.v6(let x), .v6(let y)): x < y
        case (.v4, .v6): true
        case (.v6, .v4): false
        }
    }

    public func append(to buffer: inout [UInt8]) {
        switch self { case .v4(let p): p.append(to: &buffer); case .v6(let p): p.append(to: &buffer) }
    }
}

extension IPPrefix: CustomStringConvertible {
    public var description: String { switch self { case .v4(let p): p.description; case .v6(let p): p.description } }
}

extension IPAddress {
    /// Strict parse of either family; zones are refused (use `ScopedIPAddress`).
    public init(_ text: String) throws(IPParseError) {
        self = try TextParser.run(text) { b throws(TextParser.Failure) in try TextParser.address(b, start: 0, end: b.count) }
    }

    /// The host prefix (/32 or /128).
    public var hostPrefix: IPPrefix { IPPrefix(masking: self, length: bitWidth) }
}

extension ScopedIPAddress {
    /// `fe80::1%eth0` or a plain address. A zone on IPv4 or an empty zone is an error.
    public init(_ text: String) throws(IPParseError) {
        self = try TextParser.run(text) { b throws(TextParser.Failure) in
            var percent = -1
            for k in 0..<b.count where b[k] == UInt8(ascii: "%") { percent = k; break }
            if percent < 0 { return ScopedIPAddress(address: try TextParser.address(b, start: 0, end: b.count)) }
            if percent + 1 == b.count { throw TextParser.Failure(.emptyZone, at: percent) }
            let v6 = try TextParser.address(b, start: 0, end: percent)
            guard case .v6 = v6 else { throw TextParser.Failure(.zoneOnIPv4, at: percent) }
            for k in (percent + 1)..<b.count where b[k] <= 0x20 || b[k] == UInt8(ascii: "/") || b[k] == UInt8(ascii: "%") {
                throw TextParser.Failure(.unexpectedCharacter(b[k]), at: k)
            }
            let zone = String(decoding: UnsafeBufferPointer(rebasing: b[(percent + 1)...]), as: UTF8.self)
            return ScopedIPAddress(address: v6, zone: zone)
        }
    }
}
