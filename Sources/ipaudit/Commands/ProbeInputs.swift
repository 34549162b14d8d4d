import Foundation
import IPAuditKit
import IPAuditPostgres
import IPCore

/// The targets of `ipaudit probe` as given: command-line addresses and CIDRs, inventories, a
/// store's records and allocations, a plan's pools. Bad input names its source and exits 2.
struct ProbeInputs {
    /// Ranges given on the command line, probed whole.
    var listed: [IPPrefix] = []
    /// Ranges from a store's allocations and a plan's pools, probed whole where on the link.
    var blocks: [IPPrefix] = []
    /// Inventory and store records.
    var records: [InventoryRecord] = []
    /// Every address the inventories know, on the link or not, live or not (for `unknown-address`).
    var known: Set<IPAddress> = []
    var hasInventory = false

    /// A store that does not exist yet is read as empty when `--save` will create it.
    static func load(targets: [String], inventory: [String], store: String?, creatingStore: Bool, plan: String?) throws -> ProbeInputs {
        var inputs = ProbeInputs()
        for (i, text) in targets.enumerated() {
            do { inputs.listed.append(try IPPrefix(addressOrPrefix: text)) } catch {
                throw InputError(path: "TARGET[\(i)]", field: "target", "'\(text)': \(error)")
            }
        }
        for path in inventory {
            var loader = InventoryLoader()
            inputs.add(try loader.load(path: path).records)
        }
        if let store, !creatingStore || StoreLocator.exists(store) {
            // A probe that will save opens the store as it will write it (a fresh database gets the schema).
            let state = try StoreLocator.open(store, access: creatingStore ? .readWrite : .readOnly).auditState()
            if !state.inventory.isEmpty { inputs.add(state.inventory.records) }
            inputs.blocks += state.allocations.allocations.map(\.prefix)
        }
        if let plan { inputs.blocks += try Plan.load(path: plan).pools }
        return inputs
    }

    private mutating func add(_ records: [InventoryRecord]) {
        hasInventory = true
        for record in records where record.prefix == nil { if let address = record.address { known.insert(address) } }
        self.records += records
    }
}
