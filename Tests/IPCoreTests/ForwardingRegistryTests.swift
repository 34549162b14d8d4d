import Testing
@testable import IPCore

/// `nonForwardableSources` is exactly "classify says unroutable and not forwardable", checked at
/// every registry boundary (and one address either side) and on random addresses of both families.
@Suite struct ForwardingRegistryTests {
    static func agrees(_ a: IPAddress) -> Bool {
        SpecialPurposeRegistry.nonForwardableSources.contains(a)
            == SpecialPurposeRegistry.isNonForwardableSource(SpecialPurposeRegistry.classify(a))
    }

    @Test func setEqualsTheClassifierAtEveryBoundary() {
        var checked = 0
        for entry in SpecialPurposeRegistry.entries {
            switch entry.prefix {
            case .v4(let p):
                for bits in [p.first.bits &- 1, p.first.bits, p.first.bits &+ 1, p.last.bits &- 1, p.last.bits, p.last.bits &+ 1] {
                    #expect(Self.agrees(.v4(IPv4Address(bits: bits))), "\(IPv4Address(bits: bits))")
                    checked += 1
                }
            case .v6(let p):
                for bits in [p.first.bits &- 1, p.first.bits, p.first.bits &+ 1, p.last.bits &- 1, p.last.bits, p.last.bits &+ 1] {
                    #expect(Self.agrees(.v6(IPv6Address(bits: bits))), "\(IPv6Address(bits: bits))")
                    checked += 1
                }
            }
        }
        #expect(checked > 200)
    }

    @Test func setEqualsTheClassifierOnRandomAddresses() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            #expect(Self.agrees(.v4(IPv4Address(bits: rng.next()))))
            // Random IPv6 mostly lands outside 2000::/3; bias half of them into the allocated space.
            var bits = UInt128(rng.next() as UInt64) << 64 | UInt128(rng.next() as UInt64)
            if bits & 1 == 0 { bits = (bits >> 4) | (UInt128(0x2) << 124) }
            #expect(Self.agrees(.v6(IPv6Address(bits: bits))))
        }
    }

    @Test func knownCases() throws {
        let set = SpecialPurposeRegistry.nonForwardableSources
        for text in ["3fff::1", "2001:db8::1", "127.0.0.1", "169.254.1.1", "0.0.0.0", "240.0.0.1", "192.0.2.1", "::1"] {
            #expect(set.contains(try IPAddress(text)), "\(text)")
        }
        for text in ["10.0.0.1", "8.8.8.8", "2a00:1450::1", "fd00::1", "100.64.0.1", "192.0.0.9"] {
            #expect(!set.contains(try IPAddress(text)), "\(text)")
        }
    }
}
