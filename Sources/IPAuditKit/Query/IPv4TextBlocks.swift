import IPCore

/// IPv4 addresses stored as dotted-quad text sort bytewise, not numerically ("10.1.10.1" before
/// "10.1.2.1"), but every address of one /24 (or /16) starts with the same text ("10.1.2."),
/// and that text range ["10.1.2.", "10.1.2/") holds exactly them ('/' follows '.'). A store
/// with an index on the text column answers "addresses inside a prefix" as a few index ranges,
/// taken in numeric order so a page stops early.
public enum IPv4TextBlocks {
    public struct Block: Sendable, Equatable {
        /// The block's addresses are the texts in `low ..< high`.
        public var low: String
        public var high: String
        public var prefix: IPPrefix
    }

    /// The /24 blocks (/16 for prefixes shorter than /16) covering an IPv4 `prefix`, in address
    /// order, from the block holding `after` on. Empty for IPv6.
    public static func blocks(covering prefix: IPPrefix, after: IPAddress? = nil) -> [Block] {
        guard case .v4 = prefix else { return [] }
        let granularity = prefix.length >= 16 ? 24 : 16
        let outer = prefix.length >= granularity ? IPPrefix(masking: prefix.first, length: granularity) : prefix
        var start = outer.first.widened
        if let after, after.family == 4, outer.contains(after) {
            start = IPPrefix(masking: after, length: granularity).first.widened
        } else if let after, after.family == 4, after > outer.last {
            return []
        }
        let step = UInt128(1) << (32 - granularity)
        var out: [Block] = []
        var value = start
        while value <= outer.last.widened {
            let bits = UInt32(value)
            let octets = [bits >> 24, (bits >> 16) & 0xFF, (bits >> 8) & 0xFF].prefix(granularity / 8).map(String.init)
            let stem = octets.joined(separator: ".")
            let block = IPPrefix(masking: .v4(IPv4Address(bits: bits)), length: granularity)
            out.append(Block(low: stem + ".", high: stem + "/", prefix: block))
            value += step
        }
        return out
    }
}
