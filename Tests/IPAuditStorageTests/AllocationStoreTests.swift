import Foundation
import IPAuditKit
import IPAuditStorage
import IPCore
import Testing

@Suite struct AllocationStoreTests {
    func temporaryStore() throws -> (SQLiteStore, URL) {
        try TemporaryStore.sqlite()
    }

    func block(_ path: String, _ kind: String, _ cidr: String) throws -> StoredAllocation {
        StoredAllocation(path: path, kind: kind, prefix: try IPPrefix(cidr), region: "r")
    }

    @Test func writesAndReadsBack() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = SQLiteAllocationStore(store: store)
        try a.updateAllocations { _ in
            var c = AllocationChanges()
            c.added = [try block("r", "region", "10.0.0.0/12"), try block("r", "region", "fd00::/52")]
            c.settings["ula"] = "fd00::/48"
            return (c, ())
        }
        #expect(try store.allocations().map(\.prefix.description) == ["10.0.0.0/12", "fd00::/52"])
        #expect(try a.allocationState().settings["ula"] == "fd00::/48")
    }

    @Test func overlapGuardRejectsSameKindOverlapAndRollsBack() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = SQLiteAllocationStore(store: store)
        try a.updateAllocations { _ in
            var c = AllocationChanges(); c.added = [try block("r/z1", "zone", "10.0.0.0/16")]; return (c, ())
        }
        // A zone inside the existing zone, and one containing it: both must be refused.
        for cidr in ["10.0.4.0/22", "10.0.0.0/15"] {
            #expect(throws: (any Error).self) {
                try a.updateAllocations { _ in
                    var c = AllocationChanges()
                    c.added = [try block("r/ok", "zone", "10.9.0.0/16"), try block("r/z2", "zone", cidr)]
                    return (c, ())
                }
            }
        }
        // Nothing of the failed runs landed; nesting across kinds stays allowed.
        #expect(try store.allocations().map(\.path) == ["r/z1"])
        try a.updateAllocations { _ in
            var c = AllocationChanges(); c.added = [try block("r/z1/k", "rack", "10.0.4.0/22")]; return (c, ())
        }
        #expect(try store.allocations().count == 2)
    }

    @Test func releaseMovesToQuarantine() throws {
        let (store, dir) = try temporaryStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = SQLiteAllocationStore(store: store)
        let z = try block("r/z1", "zone", "10.0.0.0/16")
        try a.updateAllocations { _ in var c = AllocationChanges(); c.added = [z]; return (c, ()) }
        try a.updateAllocations { _ in var c = AllocationChanges(); c.released = [z]; return (c, ()) }
        let state = try a.allocationState()
        #expect(state.allocations.isEmpty)
        #expect(state.quarantined == [z])
    }
}
