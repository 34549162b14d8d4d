import IPCore

/// RFC 4193 Unique Local IPv6 prefixes: `fd` followed by a 40-bit random global ID, a /48.
public enum UniqueLocalPrefix {
    /// A fresh ULA /48 drawn from `generator` (the system RNG in production, seeded in tests).
    public static func generate<G: RandomNumberGenerator>(using generator: inout G) -> IPPrefix {
        let globalID = UInt128(generator.next() & 0xff_ffff_ffff)
        let bits = (UInt128(0xfd) << 120) | (globalID << 80)
        return .v6(Prefix(masking: IPv6Address(bits: bits), length: 48))
    }

    public static func generate() -> IPPrefix {
        var rng = SystemRandomNumberGenerator()
        return generate(using: &rng)
    }
}
