import IPCore
import Testing

/// Seeded random sets checked against a brute-force model over a small address space
/// (the low 10 bits of 10.0.0.0/22, so every address can be enumerated).
@Suite("Set algebra properties")
struct SetPropertyTests {
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let base: UInt32 = 0x0A00_0000

    func randomPrefixes(_ rng: inout SplitMix) -> [Prefix<IPv4Address>] {
        (0..<Int.random(in: 0...6, using: &rng)).map { _ in
            let length = Int.random(in: 22...32, using: &rng)
            return Prefix(masking: IPv4Address(bits: Self.base | UInt32.random(in: 0..<1024, using: &rng)), length: length)
        }
    }

    func members(_ prefixes: [Prefix<IPv4Address>]) -> Set<UInt32> {
        var out = Set<UInt32>()
        for p in prefixes { for a in p.first.bits...p.last.bits { out.insert(a) } }
        return out
    }

    func members(_ s: AddressSet<IPv4Address>) -> Set<UInt32> {
        var out = Set<UInt32>()
        for r in s.ranges { for a in r.first.bits...r.last.bits { out.insert(a) } }
        return out
    }

    func isNormalized(_ s: AddressSet<IPv4Address>) -> Bool {
        zip(s.ranges, s.ranges.dropFirst()).allSatisfy { $0.last.bits &+ 1 < $1.first.bits }
    }

    @Test func operationsMatchBruteForce() {
        var rng = SplitMix(state: 42)
        for _ in 0..<400 {
            let pa = randomPrefixes(&rng), pb = randomPrefixes(&rng)
            let a = AddressSet(prefixes: pa), b = AddressSet(prefixes: pb)
            let ma = members(pa), mb = members(pb)
            #expect(members(a) == ma)
            #expect(members(a.union(b)) == ma.union(mb))
            #expect(members(a.intersection(b)) == ma.intersection(mb))
            #expect(members(a.subtracting(b)) == ma.subtracting(mb))
            for s in [a.union(b), a.intersection(b), a.subtracting(b)] { #expect(isNormalized(s)) }
            // The CIDR list covers exactly the set, is disjoint, and is minimal (no two siblings).
            let cidrs = a.prefixes
            #expect(members(cidrs) == ma)
            #expect(cidrs.map { Int($0.size.value) }.reduce(0, +) == ma.count)
            for (x, y) in zip(cidrs, cidrs.dropFirst()) {
                let siblings = x.length == y.length && x.supernet() == y.supernet()
                #expect(!siblings)
            }
            // Contains agrees with membership for probes inside and just outside.
            for _ in 0..<20 {
                let probe = Self.base | UInt32.random(in: 0..<1100, using: &rng)
                #expect(a.contains(IPv4Address(bits: probe)) == ma.contains(probe))
            }
            // Overlap by binary search agrees with a non-empty intersection.
            for q in pb {
                #expect(a.overlaps(q.range) == !a.intersection(AddressSet(prefixes: [q])).isEmpty)
                #expect(a.overlaps(q.range) == !ma.isDisjoint(with: members([q])))
            }
            // Complement within the family is disjoint and covers everything.
            #expect(a.complement.intersection(a).isEmpty)
            #expect(a.complement.union(a).size.description == "4294967296")
        }
    }

    @Test func rangeToPrefixesIsExactAndAligned() {
        var rng = SplitMix(state: 7)
        for _ in 0..<2000 {
            let x = UInt32.random(in: 0...UInt32.max, using: &rng), y = UInt32.random(in: 0...UInt32.max, using: &rng)
            let r = AddressRange(first: IPv4Address(bits: min(x, y)), last: IPv4Address(bits: max(x, y)))!
            let ps = r.prefixes()
            #expect(ps.first?.first == r.first)
            #expect(ps.last?.last == r.last)
            for (p, q) in zip(ps, ps.dropFirst()) { #expect(p.last.bits &+ 1 == q.first.bits) }
            for p in ps { #expect(p.network.bits & ~(UInt32.max >> UInt32(p.length == 0 ? 0 : p.length)) == p.network.bits || p.length == 0) }
            #expect(ps.count <= 62)
        }
    }

    /// Every aligned block of `length` bits inside the model set, lowest first.
    func alignedBlocks(_ members: Set<UInt32>, length: Int) -> [UInt32] {
        let size = UInt32(1) << UInt32(32 - length)
        return stride(from: Self.base, to: Self.base + 1024, by: Int(size)).filter { start in
            (start..<start + size).allSatisfy(members.contains)
        }
    }

    @Test func fitsMatchBruteForce() {
        var rng = SplitMix(state: 99)
        for _ in 0..<400 {
            let a = AddressSet(prefixes: randomPrefixes(&rng)).subtracting(AddressSet(prefixes: randomPrefixes(&rng)))
            let model = members(a)
            for length in 22...32 {
                let blocks = alignedBlocks(model, length: length)
                #expect(a.firstFit(length: length)?.network.bits == blocks.first, "first /\(length) of \(a.ranges)")
                #expect(a.lastFit(length: length)?.network.bits == blocks.last, "last /\(length) of \(a.ranges)")
                // Best fit: some aligned block, inside a largest-possible free CIDR block no bigger than needed.
                if let best = a.bestFit(length: length) {
                    #expect(blocks.contains(best.network.bits))
                } else {
                    #expect(blocks.isEmpty)
                }
            }
        }
        // The edges of the space.
        let top = AddressSet(prefixes: [Prefix(masking: IPv4Address(bits: 0xFFFF_FF00), length: 24)])
        #expect(top.lastFit(length: 32)?.network.bits == 0xFFFF_FFFF)
        #expect(top.lastFit(length: 24)?.network.bits == 0xFFFF_FF00)
        #expect(top.lastFit(length: 23) == nil)
        #expect(AddressSet(prefixes: [Prefix(masking: IPv4Address(bits: 0), length: 0)]).lastFit(length: 0)?.length == 0)
        let low = AddressSet([AddressRange(first: IPv4Address(bits: 0), last: IPv4Address(bits: 6))!])
        #expect(low.lastFit(length: 30)?.network.bits == 0 && low.lastFit(length: 29) == nil)
    }
}
