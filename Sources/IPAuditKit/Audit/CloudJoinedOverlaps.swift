import IPCore

/// Networks joined by a peering (Azure VNet peerings, AWS VPC peerings, GCP network peerings)
/// or attached to one transit hub (an AWS transit gateway) route to each other: they share one
/// space, so an overlap between them is an error naming the join. Networks not joined may
/// reuse space freely (each is its own routing domain): no finding. A peering joins only its
/// two ends; every network on one hub is joined with every other.
///
/// A network's space is its CIDR blocks (VPC, VNet) when the input has them, else its subnets'
/// ranges and secondary ranges (a GCP network has no range of its own). One block given by two
/// answers (describe-vpcs and the peering answer) counts once.
extension CloudConsistencyRule {
    struct Block {
        var prefix: IPPrefix
        var row: Int
    }

    static func joinedOverlaps(_ rows: [Int], _ c: AuditContext) -> [Finding] {
        let inv = c.inventory
        var vpcBlocks: [String: [Block]] = [:], subnetBlocks: [String: [Block]] = [:]
        var peers: [String: [String: String]] = [:], hubs: [String: Set<String>] = [:]
        for i in rows where inv.rows[i].prefixLength >= 0 {
            guard let id = inv.label(i, CloudLabels.vpc) else { continue }
            let block = Block(prefix: IPPrefix(masking: inv.rows[i].address, length: Int(inv.rows[i].prefixLength)), row: i)
            if inv.label(i, CloudLabels.isVPC) != nil {
                add(block, to: &vpcBlocks[id, default: []], inv)
            } else if inv.label(i, CloudLabels.isSubnet) != nil || inv.label(i, "secondary_range") != nil {
                add(block, to: &subnetBlocks[id, default: []], inv)
            } else {
                continue
            }
            for entry in CloudLabels.peerEntries(inv.label(i, CloudLabels.peers)) {
                if peers[id]?[entry.peer] == nil { peers[id, default: [:]][entry.peer] = entry.via.map { "peered (\($0))" } ?? "peered" }
            }
            for hub in (inv.label(i, CloudLabels.hubs) ?? "").split(separator: " ") { hubs[id, default: []].insert(String(hub)) }
        }
        func space(_ id: String) -> [Block] { vpcBlocks[id] ?? subnetBlocks[id] ?? [] }

        // Every joined pair once, with what joins it (a peering named first, else the hub).
        var pairs: [[String]: String] = [:]
        for (a, remotes) in peers {
            for (b, how) in remotes where pairs[[a, b].sorted()] == nil { pairs[[a, b].sorted()] = how }
        }
        var onHub: [String: [String]] = [:]
        for (network, list) in hubs { for hub in list { onHub[hub, default: []].append(network) } }
        for hub in onHub.keys.sorted() {
            let members = onHub[hub]!.sorted()
            for (k, a) in members.enumerated() {
                for b in members[(k + 1)...] where pairs[[a, b]] == nil {
                    pairs[[a, b]] = "both attached to transit gateway \(hub)"
                }
            }
        }
        var out: [Finding] = []
        for pair in pairs.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            let how = pairs[pair]!
            for x in space(pair[0]) {
                for y in space(pair[1]) where x.prefix.overlaps(y.prefix) {
                    let inner = x.prefix.length >= y.prefix.length ? x : y, outer = inner.row == x.row ? y : x
                    out.append(Finding(rule: .overlappingAllocation, address: inner.prefix.description,
                                       entities: [inv.name(outer.row), inv.name(inner.row)], zone: nil,
                                       message: "\(inv.name(inner.row)) (\(inner.prefix)) overlaps \(inv.name(outer.row)) (\(outer.prefix)), and the two are \(how): one routing space",
                                       evidence: ["outer": c.evidence(outer.row), "inner": c.evidence(inner.row),
                                                  "reason": .string(how.hasPrefix("peered") ? "peered networks overlap" : "networks on one transit gateway overlap"),
                                                  "join": .string(how)]))
                }
            }
        }
        return out
    }

    /// One prefix once per network: the row from the network's own answer (not a peering's) is kept.
    static func add(_ block: Block, to list: inout [Block], _ inv: Inventory) {
        if let k = list.firstIndex(where: { $0.prefix == block.prefix }) {
            if inv.label(list[k].row, CloudLabels.peering) != nil && inv.label(block.row, CloudLabels.peering) == nil { list[k] = block }
            return
        }
        list.append(block)
    }
}
