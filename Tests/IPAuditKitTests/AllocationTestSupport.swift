import IPAuditKit
import IPCore

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
