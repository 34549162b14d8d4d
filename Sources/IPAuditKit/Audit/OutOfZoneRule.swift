import IPCore

/// `out-of-zone`: an entity's address outside the block allocated to its zone (or rack).
///
/// Blocks come from the plan and the store (zone, rack and role subnets with a zone). A
/// longest-prefix match finds the block an underlay address is in: an address in another
/// zone's (or rack's) block is out of zone; a node (master, agent, public agent) in no block
/// of its zone is out of zone. Overlay addresses and zones the topology does not know are
/// not judged, nor are shared roles (vip, anycast, vrrp), which float between zones, nor
/// host-networked tasks and pods: they hold their node's address, judged once as the node's.
enum OutOfZoneRule: AuditRule {
    static let raises: Set<Rule> = [.outOfZone]

    static func check(_ c: AuditContext) -> [Finding] {
        let blocks = c.input.topology.blocks.filter { $0.zone != nil && $0.network == nil }
        guard !blocks.isEmpty else { return [] }
        let knownZones = Set(blocks.compactMap(\.zone))
        let table = FamilyPrefixTable(blocks.map(\.prefix))
        let inv = c.inventory
        var out: [Finding] = []
        for i in 0..<inv.count {
            let row = inv.rows[i]
            // Shared addresses (VIPs, anycast, VRRP) float between zones by design.
            guard row.live, row.prefixLength < 0, row.zone != 0, row.network == 0, !row.role.isShared else { continue }
            // A host-network pod (kube-proxy, calico-node, ...) is its node: one finding, not one per DaemonSet.
            if inv.isHostNetwork(i) { continue }
            let zone = inv.text.string(row.zone)
            guard knownZones.contains(zone) else { continue }
            let hit = table.lookup(row.address)
            let rack = inv.optional(row.rack)
            let expected = blocks.filter { $0.zone == zone && (rack == nil || $0.rack == nil || $0.rack == rack) }
            var evidence: [String: JSONValue] = [
                "record": c.evidence(i),
                "expected_blocks": .array(expected.map { .string("\($0.prefix) (\($0.name))") }),
            ]
            let address = row.address.description
            if let hit {
                let block = blocks[hit]
                evidence["found_in"] = .string("\(block.prefix) (\(block.name))")
                if block.zone != zone {
                    out.append(Finding(rule: Rule.outOfZone, address: address, entities: [inv.name(i)], zone: zone,
                                       message: "\(address) of \(inv.name(i)) (zone \(zone)) lies in \(block.prefix), the block of zone \(block.zone!)",
                                       evidence: evidence))
                } else if let rack, let blockRack = block.rack, blockRack != rack {
                    out.append(Finding(rule: Rule.outOfZone, address: address, entities: [inv.name(i)], zone: zone,
                                       message: "\(address) of \(inv.name(i)) (rack \(rack)) lies in \(block.prefix), the block of rack \(blockRack)",
                                       evidence: evidence))
                }
            } else if row.role.isNode {
                out.append(Finding(rule: Rule.outOfZone, address: address, entities: [inv.name(i)], zone: zone,
                                   message: "\(address) of \(row.role) \(inv.name(i)) is outside every block of zone \(zone)",
                                   evidence: evidence))
            }
        }
        return out
    }
}
