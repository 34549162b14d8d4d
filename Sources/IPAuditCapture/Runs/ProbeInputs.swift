import IPAuditKit
import IPCore

/// The targets of a probe as given: command-line addresses and CIDRs, inventories, a store's
/// records and allocations, a plan's pools. Bad input names its source and exits 2.
public struct ProbeInputs: Sendable {
    /// Ranges given on the command line, probed whole.
    public var listed: [IPPrefix] = []
    /// Ranges from a store's allocations and a plan's pools, probed whole where on the link.
    public var blocks: [IPPrefix] = []
    /// Inventory and store records.
    public var records: [InventoryRecord] = []
    /// Every address the inventories know, on the link or not, live or not (for `unknown-address`).
    public var known: Set<IPAddress> = []
    public var hasInventory = false
    /// The plan's `dhcp_servers` and `routers` (for `--dhcp`, `--routers`).
    public var namedServices = LinkServiceNames()

    /// Reads the request's inventories with `reader`, then the store (when `store` is given),
    /// then the plan.
    public static func load<Reader: InventoryInputReader>(_ request: ProbeRequest, reader: inout Reader,
                                                          store: (() throws -> StoredProbeTargets)?) throws -> ProbeInputs {
        var inputs = ProbeInputs()
        inputs.listed = request.targets
        for location in request.inventory { inputs.add(try reader.read(location).records) }
        if let store {
            let stored = try store()
            if !stored.records.isEmpty { inputs.add(stored.records) }
            inputs.blocks += stored.blocks
        }
        if let path = request.planPath {
            let plan = try Plan.load(path: path)
            inputs.blocks += plan.pools
            inputs.namedServices = plan.namedLinkServices
        }
        return inputs
    }

    private mutating func add(_ records: [InventoryRecord]) {
        hasInventory = true
        for record in records where record.prefix == nil { if let address = record.address { known.insert(address) } }
        self.records += records
    }
}
