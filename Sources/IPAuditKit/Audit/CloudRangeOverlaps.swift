import IPCore

extension CloudConsistencyRule {
    /// Two ranges of one VPC, VNet or VPC network that overlap: subnets (Google's secondary ranges
    /// too) and a cluster's pod or service range beside them. Each cloud refuses to create a
    /// subnet over another of the same network, and a cluster range over a subnet sends the
    /// subnet's traffic into the cluster; so in a plan the apply fails, in an answer two records
    /// disagree. `overlapping-allocation`, an error.
    /// Not findings: the same subnet read twice; a GKE cluster's range that is its subnetwork's
    /// secondary range (VPC-native: it is that range); one cluster's own ranges nested
    /// (routes-based services inside the pods range); alias ranges inside their subnet's (they
    /// are carved from it). Pairs in two regions or zones, and two pools, are the generic
    /// `overlapping-allocation` rule's.
    static func rangeOverlaps(_ rows: [Int], _ c: AuditContext) -> [Finding] {
        let inv = c.inventory
        var byNetwork: [String: [(prefix: IPPrefix, row: Int)]] = [:]
        for i in rows where inv.rows[i].prefixLength >= 0 && inv.label(i, CloudLabels.isVPC) == nil
            && inv.rows[i].host.count == 0 && inv.label(i, InventoryLabel.podCIDR) == nil {
            guard let vpc = inv.label(i, CloudLabels.vpc) else { continue }
            byNetwork[vpc, default: []].append((IPPrefix(masking: inv.rows[i].address, length: Int(inv.rows[i].prefixLength)), i))
        }
        var out: [Finding] = []
        for vpc in byNetwork.keys.sorted() {
            var ranges = byNetwork[vpc]!
            ranges.sort { $0.prefix.first != $1.prefix.first ? $0.prefix.first < $1.prefix.first : $0.prefix.length < $1.prefix.length }
            var stack: [(prefix: IPPrefix, row: Int)] = []
            for inner in ranges {
                while let top = stack.last, !top.prefix.contains(inner.prefix) { stack.removeLast() }
                for outer in stack where conflicting(outer.row, inner.row, same: outer.prefix == inner.prefix, inv) {
                    out.append(Finding(rule: .overlappingAllocation, address: inner.prefix.description,
                                       entities: [inv.name(outer.row), inv.name(inner.row)], zone: inv.zone(inner.row),
                                       message: "\(inv.name(inner.row)) (\(inner.prefix)) overlaps \(inv.name(outer.row)) (\(outer.prefix)) in one network \(networkName(vpc))",
                                       evidence: ["outer": c.evidence(outer.row), "inner": c.evidence(inner.row),
                                                  "reason": .string("two ranges of one network overlap")]))
                }
                stack.append(inner)
            }
        }
        return out
    }

    static let clusterLabels = ["gke_cluster", "aks_cluster", "eks_cluster"]

    /// `?/test-network`: a plan that leaves the project (or resource group) to the provider's
    /// default names its network without it; say so in words, not with a question mark.
    static func networkName(_ vpc: String) -> String {
        vpc.hasPrefix("?/") ? "\(vpc.dropFirst(2)) (its project or resource group is not in the file: the provider's default)" : vpc
    }

    static func conflicting(_ a: Int, _ b: Int, same: Bool, _ inv: Inventory) -> Bool {
        let subnetA = inv.label(a, CloudLabels.subnet), subnetB = inv.label(b, CloudLabels.subnet)
        // One subnet's own ranges (one subnet read twice, or from a plan and from the cloud).
        if subnetA != nil && subnetA == subnetB { return false }
        if same && inv.name(a) == inv.name(b) { return false }
        let clusterA = clusterLabels.compactMap { inv.label(a, $0) }.first, clusterB = clusterLabels.compactMap { inv.label(b, $0) }.first
        if let clusterA, clusterA == clusterB { return false }
        // A VPC-native cluster's range is one of its subnetwork's secondary ranges.
        if same && (clusterA != nil) != (clusterB != nil) && inv.label(clusterA != nil ? b : a, CloudLabels.isSubnet) == nil { return false }
        if inv.label(a, InventoryLabel.ipamPool) != nil && inv.label(b, InventoryLabel.ipamPool) != nil { return false }
        for column in [\Inventory.Row.region, \Inventory.Row.zone] {
            let x = inv.rows[a][keyPath: column], y = inv.rows[b][keyPath: column]
            if x != 0 && y != 0 && x != y { return false }
        }
        return true
    }
}
