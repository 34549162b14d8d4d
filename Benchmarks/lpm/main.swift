import IPCore
#if canImport(Glibc)
import Glibc
#endif

// Longest-prefix-match benchmark: build a table of 100k seeded random prefixes, then time
// 20M lookups of random addresses. The baseline, measured in the same run, is a binary
// search over the same sorted prefix list with a per-lookup walk over enclosing prefixes
// (the straightforward approach), and a correctness check compares both on 100k probes.

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

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

nonisolated(unsafe) let prefixCount = CommandLine.arguments.count > 1 ? Int(CommandLine.arguments[1])! : 100_000
nonisolated(unsafe) let lookups = CommandLine.arguments.count > 2 ? Int(CommandLine.arguments[2])! : 20_000_000
nonisolated(unsafe) var rng = SplitMix(state: 2026)

func bench<A: IPAddressType>(_ name: String, _ make: (inout SplitMix) -> A, lengths: ClosedRange<Int>) where A.Bits: FixedWidthInteger {
    var entries: [(prefix: Prefix<A>, value: Int)] = []
    entries.reserveCapacity(prefixCount)
    for i in 0..<prefixCount {
        entries.append((Prefix(masking: make(&rng), length: Int.random(in: lengths, using: &rng)), i))
    }
    let t0 = now()
    let table = PrefixTable(entries)
    let buildTime = now() - t0

    var probes: [A] = []
    probes.reserveCapacity(1 << 20)
    for _ in 0..<(1 << 20) { probes.append(make(&rng)) }

    // Baseline: sorted prefixes, binary search for the last start <= address, then walk back
    // over candidates until one contains it (correct for nesting, slower on deep overlaps).
    let sorted = table.entries.map(\.prefix)
    func naive(_ a: A) -> Prefix<A>? {
        var lo = 0, hi = sorted.count
        while lo < hi { let mid = (lo + hi) >> 1; if sorted[mid].network <= a { lo = mid + 1 } else { hi = mid } }
        var best: Prefix<A>?
        var i = lo - 1
        var steps = 0
        while i >= 0 && steps < 64 {
            if sorted[i].contains(a) && (best == nil || sorted[i].length > best!.length) { best = sorted[i] }
            i -= 1; steps += 1
        }
        return best
    }

    var mismatches = 0
    for k in 0..<100_000 {
        let a = probes[k]
        let fast = table.lookup(a)?.prefix
        // The naive walk is bounded; only count a mismatch when it found something different.
        if let n = naive(a), n != fast { mismatches += 1 }
    }

    var sink = 0
    let t1 = now()
    for i in 0..<lookups { sink &+= table.lookupIndex(probes[i & ((1 << 20) - 1)]) ?? 1 }
    let fastTime = now() - t1
    let baseLookups = lookups / 10
    let t2 = now()
    for i in 0..<baseLookups { sink &+= naive(probes[i & ((1 << 20) - 1)])?.length ?? 1 }
    let naiveTime = (now() - t2) * 10
    let rate = Double(lookups) / fastTime
    print("\(name): \(prefixCount) prefixes, table built in \(Int(buildTime * 1000)) ms; "
          + "\(lookups) lookups in \(String(Int(fastTime * 1000))) ms = \(String(Int(rate / 1e6))).\(String(Int(rate / 1e5) % 10))M lookups/s "
          + "(target >= 10M/s); baseline binary-search walk \(String(format1(naiveTime / fastTime)))x slower; "
          + "mismatches \(mismatches); sink \(sink & 1)")
}

func format1(_ x: Double) -> String { "\(Int(x)).\(Int(x * 10) % 10)" }

bench("IPv4", { IPv4Address(bits: UInt32.random(in: 0...UInt32.max, using: &$0)) }, lengths: 8...32)
bench("IPv6", { IPv6Address(bits: UInt128(0x2001_0db8) << 96 | UInt128(UInt64.random(in: 0...UInt64.max, using: &$0)) << 32) },
      lengths: 32...64)
