/// A closed range of either family.
@frozen
public enum IPRange: Hashable, Sendable {
    case v4(AddressRange<IPv4Address>)
    case v6(AddressRange<IPv6Address>)

    /// `FIRST-LAST`, both ends of one family, first not after last.
    public init(_ text: String) throws(IPParseError) {
        self = try TextParser.run(text) { b throws(TextParser.Failure) in
            var dash = -1
            for k in 0..<b.count where b[k] == UInt8(ascii: "-") { dash = k; break }
            guard dash >= 0 else { throw TextParser.Failure(.unexpectedCharacter(UInt8(ascii: "-")), at: b.count) }
            let a = try TextParser.address(b, start: 0, end: dash)
            let z = try TextParser.address(b, start: dash + 1, end: b.count)
            switch (a, z) {
            case (.v4(let x), .v4(let y)):
                guard let r = AddressRange(first: x, last: y) else { throw TextParser.Failure(.rangeReversed, at: dash) }
                return .v4(r)
            case (.v6(let x), .v6(let y)):
                guard let r = AddressRange(first: x, last: y) else { throw TextParser.Failure(.rangeReversed, at: dash) }
                return .v6(r)
            default:
                throw TextParser.Failure(.familyMismatch, at: dash)
            }
        }
    }

    public init?(first: IPAddress, last: IPAddress) {
        switch (first, last) {
        case (.v4(let x), .v4(let y)): guard let r = AddressRange(first: x, last: y) else { return nil }; self = .v4(r)
        case (.v6(let x), .v6(let y)): guard let r = AddressRange(first: x, last: y) else { return nil }; self = .v6(r)
        default: return nil
        }
    }

    public var first: IPAddress { switch self { case .v4(let r): .v4(r.first); case .v6(let r): .v6(r.first) } }
    public var last: IPAddress { switch self { case .v4(let r): .v4(r.last); case .v6(let r): .v6(r.last) } }
    public var size: AddressCount { switch self { case .v4(let r): r.size; case .v6(let r): r.size } }

    /// The minimal CIDR list covering exactly this range.
    public var prefixes: [IPPrefix] {
        switch self {
        case .v4(let r): r.prefixes().map(IPPrefix.v4)
        case .v6(let r): r.prefixes().map(IPPrefix.v6)
        }
    }
}

extension IPRange: CustomStringConvertible {
    public var description: String { "\(first)-\(last)" }
}
