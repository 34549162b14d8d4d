import IPCore
import Testing

@Suite("Longest-prefix match")
struct PrefixTableTests {
    @Test func nestedPrefixesAnswerMostSpecific() throws {
        let entries: [(prefix: Prefix<IPv4Address>, value: String)] = try [
            ("0.0.0.0/0", "default"), ("10.0.0.0/8", "ten"), ("10.1.0.0/16", "ten-one"),
            ("10.1.2.0/24", "ten-one-two"), ("10.1.2.3/32", "host"), ("255.255.255.255/32", "top"),
        ].map { (try IPPrefix($0.0).v4Prefix!, $0.1) }
        let t = PrefixTable(entries)
        func at(_ s: String) throws -> String? { t.lookup(try IPv4Address(s))?.value }
        #expect(try at("10.1.2.3") == "host")
        #expect(try at("10.1.2.4") == "ten-one-two")
        #expect(try at("10.1.3.0") == "ten-one")
        #expect(try at("10.2.0.0") == "ten")
        #expect(try at("11.0.0.0") == "default")
        #expect(try at("255.255.255.255") == "top")
        #expect(try at("255.255.255.254") == "default")
        #expect(try at("0.0.0.0") == "default")
    }

    @Test func gapsAnswerNil() throws {
        let t = PrefixTable<IPv6Address, Int>([(try IPPrefix("2001:db8::/32").v6Prefix!, 1)])
        #expect(t.lookup(try IPv6Address("2001:db8::1"))?.value == 1)
        #expect(t.lookup(try IPv6Address("2001:db9::")) == nil)
        #expect(t.lookup(try IPv6Address("::")) == nil)
        #expect(t.lookup(try IPv6Address("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff")) == nil)
    }

    @Test func randomTablesMatchALinearScan() {
        var rng = SetPropertyTests.SplitMix(state: 99)
        for round in 0..<30 {
            var entries: [(prefix: Prefix<IPv4Address>, value: Int)] = []
            for i in 0..<(50 + round * 20) {
                let length = Int.random(in: 0...32, using: &rng)
                let addr = IPv4Address(bits: (UInt32.random(in: 0...UInt32.max, using: &rng) & 0xFF0F_FFFF))
                entries.append((Prefix(masking: addr, length: length), i))
            }
            let table = PrefixTable(entries)
            // Later duplicates win, as in the table.
            var byPrefix: [Prefix<IPv4Address>: Int] = [:]
            for e in entries { byPrefix[e.prefix] = e.value }
            for _ in 0..<300 {
                let probe = IPv4Address(bits: UInt32.random(in: 0...UInt32.max, using: &rng) & 0xFF0F_FFFF)
                let expected = byPrefix.filter { $0.key.contains(probe) }.max { $0.key.length < $1.key.length }
                #expect(table.lookup(probe)?.value == expected?.value)
            }
        }
    }
}

@Suite("Longest-prefix match in a packed corner of IPv6")
struct PackedPrefixTableTests {
    @Test func tablesInsideOneSlash32MatchALinearScan() {
        var rng = SetPropertyTests.SplitMix(state: 5)
        let base = UInt128(0x2001_0db8) << 96
        for _ in 0..<10 {
            var entries: [(prefix: Prefix<IPv6Address>, value: Int)] = []
            for i in 0..<300 {
                let bits = base | UInt128(UInt64.random(in: 0...UInt64.max, using: &rng) & 0x0000_FFFF_F000_0000) << 32
                entries.append((Prefix(masking: IPv6Address(bits: bits), length: Int.random(in: 32...64, using: &rng)), i))
            }
            let table = PrefixTable(entries)
            var byPrefix: [Prefix<IPv6Address>: Int] = [:]
            for e in entries { byPrefix[e.prefix] = e.value }
            for k in 0..<500 {
                // Mostly inside the region, some just outside it on either side.
                var bits = base | UInt128(UInt64.random(in: 0...UInt64.max, using: &rng)) << 32
                if k % 10 == 0 { bits = UInt128(0x2001_0db7) << 96 | UInt128(k) }
                if k % 10 == 1 { bits = UInt128(0x2001_0db9) << 96 }
                let probe = IPv6Address(bits: bits)
                let expected = byPrefix.filter { $0.key.contains(probe) }.max { $0.key.length < $1.key.length }
                #expect(table.lookup(probe)?.value == expected?.value)
            }
        }
    }
}
