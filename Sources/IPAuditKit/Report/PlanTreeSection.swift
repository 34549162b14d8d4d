import IPCore

/// The plan tree: region → zone → rack → role (and agent slices), one row per block with its
/// prefix, size, used, free and a utilization bar.
///
/// "Used" is the space held by the blocks inside a block; for a block with nothing inside it
/// (a role subnet, an agent slice), the inventory's distinct live addresses in it. Each rack's
/// agent slices are listed together in one expandable row: thousands of them stay one row.
struct PlanTreeSection {
    let space: ReportSpace
    let counter: InventoryAddressCounter

    func render() -> HTMLNode {
        var children: [HTMLNode] = [.el("h2", [HTMLAttribute("id", "plan")], text: "Plan tree")]
        guard !space.blocks.isEmpty else {
            children.append(.el("p", text: "No blocks: give --plan, or allocate into the store."))
            return .el("section", children)
        }
        let head = HTMLNode.el("thead", [], [.el("tr", [], ["block", "prefix", "size", "used", "free", "utilization"].map { .el("th", text: $0) })])
        var rows: [HTMLNode] = []
        var agents: [AllocationTree.Line] = []
        func flushAgents() {
            guard let first = agents.first else { return }
            rows.append(agentRow(agents, depth: first.depth))
            agents.removeAll()
        }
        for line in AllocationTree(space.blocks).lines {
            if line.allocation.kind == "agent" {
                agents.append(line)
                continue
            }
            flushAgents()
            rows.append(row(line))
        }
        flushAgents()
        children.append(.el("table", [HTMLAttribute("class", "tree"), HTMLAttribute("id", "plan-table")], [head, .el("tbody", [], rows)]))
        return .el("section", children)
    }

    func row(_ line: AllocationTree.Line) -> HTMLNode {
        let a = line.allocation
        let size = a.prefix.size
        let hasInside = line.free != size
        let used: AddressCount = hasInside ? AddressCount(size.value - line.free.value) : AddressCount(UInt128(counter.count(in: a.prefix)))
        let ratio = size.approximate > 0 ? min(1, used.approximate / size.approximate) : 0
        let usedText = hasInside ? sizeText(used, a.family) + " in blocks" : sizeText(used, a.family) + " in inventory"
        let free = hasInside ? line.free : AddressCount(size.value - min(size.value, used.value))
        return .el("tr", [HTMLAttribute("class", "d\(min(line.depth, 5)) k-\(a.kind)"), HTMLAttribute("data-prefix", a.prefix.description),
                          HTMLAttribute("data-path", a.path)], [
            .el("td", [], [.el("span", [HTMLAttribute("class", "kind")], text: a.kind), .text(" " + label(a))]),
            .el("td", [], [.el("code", text: a.prefix.description)]),
            .el("td", [HTMLAttribute("class", "num")], text: sizeText(size, a.family)),
            .el("td", [HTMLAttribute("class", "num")], text: usedText),
            .el("td", [HTMLAttribute("class", "num")], text: sizeText(free, a.family)),
            .el("td", [], [.el("meter", [HTMLAttribute("min", "0"), HTMLAttribute("max", "1"), HTMLAttribute("value", String(ratio)),
                                         HTMLAttribute("title", percent(ratio))], text: percent(ratio)),
                           .text(" " + percent(ratio))]),
        ])
    }

    /// A rack's (or zone's) agent slices: one expandable row listing each agent and its prefix.
    /// Their common path (`region/zone/rack/overlay`) is said once, on the row: with 20,000
    /// agents, repeating it would be most of the page.
    func agentRow(_ lines: [AllocationTree.Line], depth: Int) -> HTMLNode {
        let first = lines[0].allocation
        let overlay = first.role ?? "overlay"
        let parent = AllocationTree.parentPath(of: first).map { $0 + "/" + overlay } ?? overlay
        var items: [HTMLNode] = []
        items.reserveCapacity(lines.count)
        for l in lines {
            let a = l.allocation
            items.append(.el("li", [], [.text((a.agent ?? a.path) + " "), .el("code", text: a.prefix.description)]))
        }
        let summary = "\(lines.count) agent slice\(lines.count == 1 ? "" : "s") in \(parent)"
        return .el("tr", [HTMLAttribute("class", "d\(min(depth, 5)) k-agents"), HTMLAttribute("data-path", parent)], [
            .el("td", [HTMLAttribute("colspan", "6")], [
                .el("details", [], [.el("summary", text: summary), .el("ul", [HTMLAttribute("class", "agents")], items)]),
            ]),
        ])
    }

    func label(_ a: StoredAllocation) -> String {
        switch a.kind {
        case "region": a.region
        case "zone": a.zone ?? a.path
        case "rack": a.rack ?? a.path
        default: a.role ?? a.path
        }
    }

    func sizeText(_ c: AddressCount, _ family: Int) -> String { AllocationRenderer.sizeText(c, family: family) }

    func percent(_ r: Double) -> String {
        let p = (r * 1000).rounded() / 10
        return "\(p)%"
    }
}
