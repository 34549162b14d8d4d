import IPCore

/// Cloud records (the AWS, Azure, Google Cloud and Terraform readers) held to their own subnet
/// and VPC, and to the plan's zones:
/// - `inconsistent-record` (error): an interface address outside the subnet it names.
/// - `reserved-address` (error): an address the cloud keeps in its subnet (AWS: network,
///   router, DNS, future use, broadcast), which no interface can hold: a hand-written or
///   planned address there fails at apply.
/// - `out-of-zone` (error): an interface or instance in another Availability Zone than its
///   subnet's (or, for a regional subnet, in a zone outside its region); a subnet (or address)
///   whose range the plan gives another zone (a regional subnet: a zone of another region).
/// - `overlapping-allocation` (error): a subnet outside every CIDR block of its VPC; two ranges
///   of one network that overlap (`rangeOverlaps`); two networks joined by a peering or a transit
///   gateway whose space overlaps (`joinedOverlaps`).
/// Records whose subnet or VPC is not in the input are not judged (the join is unknown).
enum CloudConsistencyRule: AuditRule {
    static let raises: Set<Rule> = [.inconsistentRecord, .reservedAddress, .outOfZone, .overlappingAllocation]

    struct Subnet {
        var row: Int
        var prefix: IPPrefix
    }

    static func check(_ c: AuditContext) -> [Finding] {
        let inv = c.inventory
        var subnets: [String: [Subnet]] = [:], vpcs: [String: [IPPrefix]] = [:]
        var cloudRows: [Int] = []
        // Cloud rows are labelled; the labels map is sparse, so only those rows are visited.
        for i in inv.labels.keys.sorted() where inv.rows[i].live {
            guard inv.label(i, CloudLabels.cloud) != nil else { continue }
            cloudRows.append(i)
            let row = inv.rows[i]
            guard row.prefixLength >= 0 else { continue }
            let prefix = IPPrefix(masking: row.address, length: Int(row.prefixLength))
            if inv.label(i, CloudLabels.isSubnet) != nil, let id = inv.label(i, CloudLabels.subnet) {
                subnets[id, default: []].append(Subnet(row: i, prefix: prefix))
            } else if inv.label(i, CloudLabels.isVPC) != nil, let id = inv.label(i, CloudLabels.vpc) {
                vpcs[id, default: []].append(prefix)
            }
        }
        guard !cloudRows.isEmpty else { return [] }
        var out = joinedOverlaps(cloudRows, c) + rangeOverlaps(cloudRows, c)
        let zoneBlocks = c.input.topology.blocks.filter { $0.zone != nil && $0.network == nil }
        let zoneTable = FamilyPrefixTable(zoneBlocks.map(\.prefix))
        for i in cloudRows {
            let row = inv.rows[i]
            if row.prefixLength >= 0 {
                guard inv.label(i, CloudLabels.isSubnet) != nil else { continue }
                let prefix = IPPrefix(masking: row.address, length: Int(row.prefixLength))
                if let vpc = inv.label(i, CloudLabels.vpc), let blocks = vpcs[vpc],
                   blocks.contains(where: { $0.family == prefix.family }), !blocks.contains(where: { $0.contains(prefix) }) {
                    out.append(Finding(rule: .overlappingAllocation, address: prefix.description, entities: [inv.name(i)], zone: inv.zone(i),
                                       message: "\(inv.name(i)) (\(prefix)) is outside its VPC \(vpc) (\(blocks.map(\.description).joined(separator: ", ")))",
                                       evidence: ["record": c.evidence(i), "vpc": .string(vpc),
                                                  "vpc_cidrs": .array(blocks.map { .string($0.description) })]))
                }
                if let f = planZone(i, prefix.network, what: "\(inv.name(i)) (\(prefix))", zoneBlocks, zoneTable, c) { out.append(f) }
                continue
            }
            guard let id = inv.label(i, CloudLabels.subnet), let own = subnets[id] else { continue }
            let address = row.address
            let candidates = own.filter { $0.prefix.family == address.family }
            guard !candidates.isEmpty else { continue }
            guard let subnet = candidates.first(where: { $0.prefix.contains(address) }) else {
                out.append(Finding(rule: .inconsistentRecord, address: address.description, entities: [inv.entityName(i)], zone: inv.zone(i),
                                   message: "\(inv.entityName(i)) has \(address) in subnet \(id), which is \(candidates.map(\.prefix.description).joined(separator: ", "))",
                                   evidence: ["record": c.evidence(i), "subnet": c.evidence(candidates[0].row)]))
                continue
            }
            if let cloud = inv.label(i, CloudLabels.cloud), let reserved = CloudLabels.reserved(cloud: cloud),
               isReserved(address, in: subnet.prefix, reserved) {
                out.append(Finding(rule: .reservedAddress, address: address.description, entities: [inv.entityName(i)], zone: inv.zone(i),
                                   message: "\(address) of \(inv.entityName(i)) is one of the addresses \(cloud.uppercased()) reserves in \(subnet.prefix) (the first \(reserved.first) and the last \(reserved.last))",
                                   evidence: ["record": c.evidence(i), "subnet": c.evidence(subnet.row)]))
            }
            if let zone = inv.zone(i), let subnetZone = inv.zone(subnet.row), zone != subnetZone {
                out.append(Finding(rule: .outOfZone, address: address.description, entities: [inv.entityName(i)], zone: zone,
                                   message: "\(inv.entityName(i)) is in \(zone) but its subnet \(id) (\(subnet.prefix)) is in \(subnetZone)",
                                   evidence: ["record": c.evidence(i), "subnet": c.evidence(subnet.row)]))
            } else if let zone = inv.zone(i), inv.zone(subnet.row) == nil, let subnetRegion = inv.optional(inv.rows[subnet.row].region),
                      let cloud = inv.label(i, CloudLabels.cloud), let region = CloudLabels.region(ofZone: zone, cloud: cloud), region != subnetRegion {
                // A regional subnet (Google Cloud): the instance's zone must lie in its region.
                out.append(Finding(rule: .outOfZone, address: address.description, entities: [inv.entityName(i)], zone: zone,
                                   message: "\(inv.entityName(i)) is in \(zone) (region \(region)) but its subnet \(id) (\(subnet.prefix)) is in region \(subnetRegion)",
                                   evidence: ["record": c.evidence(i), "subnet": c.evidence(subnet.row)]))
            }
        }
        return out
    }

    /// A subnet whose range the plan gives a zone other than the subnet's own; a regional subnet
    /// (Azure, Google) whose range the plan gives a zone of another region.
    static func planZone(_ i: Int, _ first: IPAddress, what: String, _ blocks: [TopologyBlock], _ table: FamilyPrefixTable,
                         _ c: AuditContext) -> Finding? {
        if c.inventory.zone(i) == nil, let region = c.inventory.optional(c.inventory.rows[i].region), let hit = table.lookup(first),
           let planned = blocks[hit].region, planned != region {
            let prefix = c.inventory.rows[i].prefixLength >= 0
                ? IPPrefix(masking: c.inventory.rows[i].address, length: Int(c.inventory.rows[i].prefixLength)).description : first.description
            return Finding(rule: .outOfZone, address: prefix, entities: [c.inventory.name(i)], zone: nil,
                           message: "\(what) is in region \(region), but the plan gives \(blocks[hit].prefix) to zone \(blocks[hit].zone ?? "?") of region \(planned) (\(blocks[hit].name))",
                           evidence: ["record": c.evidence(i), "plan_block": .string("\(blocks[hit].prefix) (\(blocks[hit].name))")])
        }
        guard let zone = c.inventory.zone(i), let hit = table.lookup(first), let planned = blocks[hit].zone, planned != zone else { return nil }
        return Finding(rule: .outOfZone, address: c.inventory.rows[i].prefixLength >= 0
                           ? IPPrefix(masking: c.inventory.rows[i].address, length: Int(c.inventory.rows[i].prefixLength)).description
                           : first.description,
                       entities: [c.inventory.name(i)], zone: zone,
                       message: "\(what) is in \(zone), but the plan gives \(blocks[hit].prefix) to zone \(planned) (\(blocks[hit].name))",
                       evidence: ["record": c.evidence(i), "plan_block": .string("\(blocks[hit].prefix) (\(blocks[hit].name))")])
    }

    static func isReserved(_ address: IPAddress, in prefix: IPPrefix, _ reserved: (first: Int, last: Int)) -> Bool {
        let offset = address.widened &- prefix.first.widened
        let fromEnd = prefix.last.widened &- address.widened
        return offset < UInt128(reserved.first) || fromEnd < UInt128(reserved.last)
    }
}
