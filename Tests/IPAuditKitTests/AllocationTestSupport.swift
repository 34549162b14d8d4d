import IPAuditKit
import IPCore

/// Deterministic RNG for seeded property tests (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// An in-memory `AllocationStoring`: lets domain tests apply runs one after another.
final class MemoryAllocationStore: AllocationStoring, @unchecked Sendable {
    var state = AllocationState()

    func allocationState() throws -> AllocationState { state }

    func updateAllocations<T>(_ body: (AllocationState) throws -> (AllocationChanges, T)) throws -> T {
        let (changes, result) = try body(state)
        var next = state
        let releasedKeys = Set(changes.released.map { "\($0.path)|\($0.family)" })
        next.allocations.removeAll { releasedKeys.contains("\($0.path)|\($0.family)") }
        next.quarantined += changes.released
        next.quarantined.removeAll { q in changes.reused.contains(q) }
        next.allocations += changes.added
        next.settings.merge(changes.settings) { _, new in new }
        state = next
        return result
    }
}

enum TestULA {
    static let prefix = try! IPPrefix("fd12:3456:789a::/48")
}

extension Allocator {
    static func fixed(_ plan: Plan, _ options: AllocationOptions = AllocationOptions()) -> Allocator {
        Allocator(plan: plan, options: options, makeULA: { TestULA.prefix })
    }
}

func cidr(_ s: String) -> IPPrefix { try! IPPrefix(s) }
