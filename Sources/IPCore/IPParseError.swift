/// Why a piece of text is not an address or prefix: the input, the byte offset
/// where parsing stopped, and the reason. `suggestion` names the fix when there is one.
public struct IPParseError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Hashable, Sendable {
        case empty
        case unexpectedCharacter(UInt8)
        case expectedDigit
        case leadingZero
        case octetTooLarge
        case tooFewOctets
        case tooManyOctets
        case expectedHexDigit
        case groupTooLong
        case tooFewGroups
        case tooManyGroups
        case multipleDoubleColons
        case emptyDoubleColon
        case trailingColon
        case leadingColon
        case misplacedIPv4
        case zoneNotAllowed
        case emptyZone
        case zoneOnIPv4
        case missingPrefixLength
        case badPrefixLength
        case prefixLengthLeadingZero
        case prefixLengthTooLarge(max: Int)
        case netmaskNotAccepted
        case hostBitsSet
        case rangeReversed
        case familyMismatch
    }

    public let input: String
    public let position: Int
    public let reason: Reason
    public let suggestion: String?

    public init(input: String, position: Int, reason: Reason, suggestion: String? = nil) {
        self.input = input
        self.position = position
        self.reason = reason
        self.suggestion = suggestion
    }

    public var description: String {
        var text = "invalid address \"\(quotedInput)\" at offset \(position): \(reason.explanation)"
        if let suggestion { text += "; did you mean \(suggestion)?" }
        return text
    }
}

extension IPParseError {
    /// At most `maxQuote` bytes of the input around `position`, elided with "…": a 50 MB field
    /// must not become a 50 MB error message.
    public static let maxQuote = 80

    public var quotedInput: String {
        let bytes = Array(input.utf8)
        guard bytes.count > Self.maxQuote else { return input }
        let start = min(max(0, position - Self.maxQuote / 2), bytes.count - Self.maxQuote)
        let end = start + Self.maxQuote
        return (start > 0 ? "…" : "") + String(decoding: bytes[start..<end], as: UTF8.self)
            + (end < bytes.count ? "…" : "") + " (\(bytes.count) bytes)"
    }
}

extension IPParseError.Reason {
    public var explanation: String {
        switch self {
        case .empty: "empty input"
        case .unexpectedCharacter(let b):
            b >= 0x20 && b < 0x7f ? "unexpected character '\(Character(Unicode.Scalar(b)))'"
                : "unexpected byte 0x\(String(b, radix: 16))"
        case .expectedDigit: "expected a decimal digit"
        case .leadingZero: "leading zero in an IPv4 octet (ambiguous: octal or decimal)"
        case .octetTooLarge: "IPv4 octet above 255"
        case .tooFewOctets: "IPv4 needs exactly four octets"
        case .tooManyOctets: "IPv4 has more than four octets"
        case .expectedHexDigit: "expected a hex digit"
        case .groupTooLong: "IPv6 group longer than 4 hex digits"
        case .tooFewGroups: "IPv6 needs 8 groups or a '::'"
        case .tooManyGroups: "IPv6 has more than 8 groups"
        case .multipleDoubleColons: "more than one '::'"
        case .emptyDoubleColon: "'::' must stand for at least one zero group"
        case .trailingColon: "IPv6 ends with a single ':'"
        case .leadingColon: "IPv6 starts with a single ':'"
        case .misplacedIPv4: "embedded IPv4 only allowed in the last 32 bits"
        case .zoneNotAllowed: "a zone (%name) is not allowed here"
        case .emptyZone: "empty zone after '%'"
        case .zoneOnIPv4: "zones exist only for IPv6"
        case .missingPrefixLength: "missing prefix length after '/'"
        case .badPrefixLength: "prefix length must be a decimal number"
        case .prefixLengthLeadingZero: "prefix length has a leading zero"
        case .prefixLengthTooLarge(let max): "prefix length above \(max)"
        case .netmaskNotAccepted: "netmask form not accepted, use a prefix length (/N)"
        case .hostBitsSet: "host bits set"
        case .rangeReversed: "range ends before it starts"
        case .familyMismatch: "range ends are of different families"
        }
    }
}
