import Foundation
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
        let numbers: Set<String> = ["size", "used", "free"]
        let head = HTMLNode.el("thead", [], [.el("tr", [], ["block", "prefix", "size", "used", "free", "utilization"].map {
            .el("th", numbers.contains($0) ? [HTMLAttribute("class", "num")] : [], text: $0)
        })])
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
        return .el("section", [HTMLAttribute("class", "long")], children)
    }

    func row(_ line: AllocationTree.Line) -> HTMLNode {
        let a = line.allocation
        let size = a.prefix.size
        let hasInside = line.free != size
        let used: AddressCount = hasInside ? Self.difference(size, line.free) : AddressCount(UInt128(counter.count(in: a.prefix)))
        let ratio = size.approximate > 0 ? min(1, used.approximate / size.approximate) : 0
        let usedText = hasInside ? sizeText(used, a.family) + " in blocks" : sizeText(used, a.family) + " in inventory"
        let free = hasInside ? line.free : Self.difference(size, used)
        return .el("tr", [HTMLAttribute("class", "d\(min(line.depth, 5)) k-\(a.kind)"), HTMLAttribute("data-prefix", a.prefix.description),
                          HTMLAttribute("data-path", a.path)], [
            .el("td", [], [.el("span", [HTMLAttribute("class", "kind")], text: a.kind), .text(" " + label(a))]),
            .el("td", [], [.el("code", text: a.prefix.description)]),
            .el("td", [HTMLAttribute("class", "num")], text: sizeText(size, a.family)),
            .el("td", [HTMLAttribute("class", "num")], text: usedText),
            .el("td", [HTMLAttribute("class", "num")], text: sizeText(free, a.family)),
            // A meter's range is 0...1 unless told otherwise; the text after it is for print and no-CSS readers.
            .el("td", [], [.el("meter", [HTMLAttribute("value", String(ratio))]), .text(" " + percent(ratio))]),
        ])
    }

    /// A rack's (or zone's) agent slices: one expandable row. Slices drawn on a map are counted
    /// there (each block's title names its agent and prefix); the others (IPv6, outside every
    /// pool) are listed one per item as `agent-1 · fd00::/80` (names may hold spaces and commas). Their common path (`region/zone/rack/overlay`)
    /// is said once, on the row: with 20,000 agents, repeating it would be most of the page.
    func agentRow(_ lines: [AllocationTree.Line], depth: Int) -> HTMLNode {
        let parent = AddressMapSection.agentParent(lines[0].allocation)
        var listed: [HTMLNode] = []
        var mapped: [String: Int] = [:]
        for l in lines {
            let a = l.allocation
            if let pool = space.pools.first(where: { AddressMapSection.draws(a, in: $0.prefix) }) {
                mapped[pool.prefix.description, default: 0] += 1
                continue
            }
            listed.append(.el("li", text: (a.agent ?? a.path) + " · " + a.prefix.description))
        }
        var summary = "\(lines.count) agent slice\(lines.count == 1 ? "" : "s") in \(parent)"
        if !mapped.isEmpty {
            summary += ": " + mapped.keys.sorted().map { "\(mapped[$0]!) on the map of \($0)" }.joined(separator: ", ")
        }
        var cell: [HTMLNode] = [.text(summary)]
        if !listed.isEmpty {
            cell = [.el("details", [], [.el("summary", text: summary), .el("ul", [HTMLAttribute("class", "agents")], listed)])]
        }
        return .el("tr", [HTMLAttribute("class", "d\(min(depth, 5)) k-agents"), HTMLAttribute("data-path", parent)],
                   [.el("td", [HTMLAttribute("colspan", "6")], cell)])
    }

    /// `total - part`, at least 0. `::/0` holds 2^128 addresses, which `AddressCount` keeps as
    /// value 0 plus a flag: subtracting plain values would trap there.
    static func difference(_ total: AddressCount, _ part: AddressCount) -> AddressCount {
        if part.isFullIPv6Space { return AddressCount(0) }
        if total.isFullIPv6Space { return part.value == 0 ? total : AddressCount(UInt128.max - part.value + 1) }
        return AddressCount(total.value - min(total.value, part.value))
    }

    func label(_ a: StoredAllocation) -> String {
        switch a.kind {
        case "region": a.region
        case "zone": a.zone ?? a.path
        case "rack": a.rack ?? a.path
        default: a.role ?? a.path
        }
    }

    /// The one size formatter of every text output (a 22-digit count of IPv6 addresses tells nobody anything).
    func sizeText(_ c: AddressCount, _ family: Int) -> String {
        AllocationRenderer.sizeText(c, family: family)
    }

    func percent(_ r: Double) -> String {
        let p = (r * 1000).rounded() / 10
        return "\(p)%"
    }
}
