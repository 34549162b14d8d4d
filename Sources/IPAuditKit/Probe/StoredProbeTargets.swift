import IPCore

/// What `probe` takes from a store: the inventory's records and the allocated blocks. Not
/// the observations (a busy store holds millions), which only an audit needs.
public struct StoredProbeTargets: Sendable {
    public var records: [InventoryRecord]
    public var blocks: [IPPrefix]

    public init(records: [InventoryRecord], blocks: [IPPrefix]) {
        self.records = records
        self.blocks = blocks
    }
}

extension InventoryStoring where Self: AllocationStoring {
    /// The two reads probe needs, through the store protocols every engine implements.
    public func probeTargets() throws -> StoredProbeTargets {
        StoredProbeTargets(records: try loadInventory(), blocks: try allocationState().allocations.map(\.prefix))
    }
}
