/// Labels the readers set and the rules read: facts about a row's identity and routing
/// domain that the columns do not hold. Labels are stored with the row, so an audit of the
/// store sees them as an audit of the file does.
enum InventoryLabel {
    /// `"true"` on an address row that names no entity (no name, device, VM or parent): it is
    /// an entity of its own, so two such rows at one address are a duplicate, as NetBox's
    /// `ENFORCE_GLOBAL_UNIQUE` says. Its shown name is the DNS name or the address.
    static let unassigned = "unassigned"
    /// `"true"` on a task in host networking: the task is its agent (the row is named after
    /// the agent), whatever address it reports.
    static let hostNetwork = "host_network"
    /// The NetBox VRF a row sits in: its own routing domain, never an overlay of the cluster.
    static let vrf = "vrf"
    /// The object a NetBox record is assigned to, by type and id (`device:12`, `vm:7`): device
    /// names are unique only per site and tenant, VM names per cluster, so the name alone could
    /// make two machines one entity.
    static let entityID = "entity_id"
}

extension Inventory {
    func label(_ i: Int, _ key: String) -> String? { labels[i]?[key] }
    func isUnassigned(_ i: Int) -> Bool { labels[i]?[InventoryLabel.unassigned] == "true" }
    func isHostNetwork(_ i: Int) -> Bool { labels[i]?[InventoryLabel.hostNetwork] == "true" }
}
