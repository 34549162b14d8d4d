/// The masters: who sits in which zone and rack, and for each zone and rack whether losing it
/// keeps the ⌊n/2⌋+1 quorum. Counted exactly as the `quorum-at-risk` and `masters-not-spread`
/// rules count (`QuorumRule.ensembles`: the DC/OS masters, and each Kubernetes cluster's control plane), so the table and the findings agree.
struct MastersSection {
    let inventory: Inventory

    func render() -> HTMLNode {
        var children: [HTMLNode] = [.el("h2", [HTMLAttribute("id", "masters")], text: "Masters")]
        let ensembles = QuorumRule.ensembles(in: inventory)
        guard !ensembles.isEmpty else {
            children.append(.el("p", text: "No live masters in the inventory."))
            return .el("section", children)
        }
        for (index, ensemble) in ensembles.enumerated() {
            // The DC/OS masters keep the plain ids; each Kubernetes cluster gets its own heading.
            let suffix = index == 0 ? "" : "-\(index)"
            if let cluster = ensemble.cluster {
                children.append(.el("h3", text: "Cluster \(cluster): \(ensemble.members) nodes"))
            }
            children += render(ensemble, suffix: suffix)
        }
        return .el("section", children)
    }

    func render(_ ensemble: QuorumRule.Ensemble, suffix: String) -> [HTMLNode] {
        var children: [HTMLNode] = []
        let list = ensemble.list
        let n = ensemble.size
        let quorum = n / 2 + 1
        let noun = ensemble.cluster == nil ? "master" : "\(ensemble.members) node"
        var intro = "\(n) \(noun)\(n == 1 ? "" : "s"), quorum \(quorum)"
        if n > list.count { intro += " (\(list.count) listed; the declared quorum \(ensemble.declaredQuorum ?? 0) implies \(n))" }
        children.append(.el("p", text: intro + "."))

        let masterRows = list.map { m in
            HTMLNode.el("tr", [], [.el("td", text: m.name), .el("td", [], [.el("code", text: m.address.description)]),
                                   .el("td", text: m.region ?? "—"), .el("td", text: m.zone ?? "—"), .el("td", text: m.rack ?? "—")])
        }
        children.append(table(id: "masters-table" + suffix, ["master", "address", "region", "zone", "rack"], masterRows))

        // As `QuorumRule.judge`: a site's loss is judged only with at least three masters listed,
        // so the table never says "quorum lost" where the audit has no finding.
        let judged = list.count >= QuorumRule.minimumListedForLosses
        let zones = losses(list, n: n, quorum: quorum, judged: judged) { m in m.zone.map { ($0, $0) } }
        let racks = losses(list, n: n, quorum: quorum, judged: judged) { m in
            m.rack.map { rack in ("\(m.zone ?? "")\u{1F}\(rack)", m.zone.map { z in "\(rack) (zone \(z))" } ?? rack) }
        }
        children.append(.el("h3", text: "Losing one zone or rack"))
        if !judged {
            children.append(.el("p", text: "Fewer than \(QuorumRule.minimumListedForLosses) masters listed: losing a zone or rack is not judged."))
        }
        children.append(table(id: "quorum-table" + suffix, ["site", "masters there", "lost", "left", "keeps quorum"], zones.map { row("zone", $0) } + racks.map { row("rack", $0) }))
        let unzoned = list.filter { $0.zone == nil }
        if !unzoned.isEmpty {
            children.append(.el("p", text: "Without a zone (spread unknown): " + unzoned.map(\.name).joined(separator: ", ")))
        }
        return children
    }

    struct Loss {
        var label: String
        var masters: [String]
        var left: Int
        /// nil when not judged (too few masters listed).
        var keeps: Bool?
    }

    func losses(_ list: [QuorumRule.Master], n: Int, quorum: Int, judged: Bool, key: (QuorumRule.Master) -> (String, String)?) -> [Loss] {
        var groups: [String: (label: String, names: [String])] = [:]
        var order: [String] = []
        for m in list {
            guard let (k, label) = key(m) else { continue }
            if groups[k] == nil { order.append(k) }
            groups[k, default: (label, [])].names.append(m.name)
        }
        return order.sorted().map { k in
            let g = groups[k]!
            let left = n - g.names.count
            return Loss(label: g.label, masters: g.names, left: left, keeps: judged ? left >= quorum : nil)
        }
    }

    func row(_ level: String, _ l: Loss) -> HTMLNode {
        .el("tr", [HTMLAttribute("class", l.keeps.map { $0 ? "keeps" : "loses" } ?? "unjudged")], [
            .el("td", text: "\(level) \(l.label)"), .el("td", text: l.masters.joined(separator: ", ")),
            .el("td", [HTMLAttribute("class", "num")], text: String(l.masters.count)),
            .el("td", [HTMLAttribute("class", "num")], text: String(l.left)),
            .el("td", text: l.keeps.map { $0 ? "yes" : "NO: quorum lost" } ?? "not judged"),
        ])
    }

    func table(id: String, _ columns: [String], _ rows: [HTMLNode]) -> HTMLNode {
        // The count columns (right-aligned cells) get right-aligned heads, so the numbers sit under them.
        .el("table", [HTMLAttribute("id", id)], [.el("thead", [], [.el("tr", [], columns.map {
            .el("th", ["lost", "left"].contains($0) ? [HTMLAttribute("class", "num")] : [], text: $0)
        })]), .el("tbody", [], rows)])
    }
}
