import IPCore

/// The address map: each pool drawn along a Hilbert curve in inline SVG, its blocks coloured by
/// zone, reserved and quarantined space patterned, free space white, findings marked.
///
/// IPv4 pools show every block down to roles and agent slices; IPv6 pools show their region,
/// zone and rack blocks only (a /64 role in a /48 would be a speck). The grid has at most 2^16
/// cells and no more than the finest drawn block needs; a block smaller than a cell fills its cell.
struct AddressMapSection {
    static let maxOrder = 16
    /// At least 64 × 64 cells (when the pool has that many addresses): findings are marked at their cell.
    static let minOrder = 12
    static let layers = ["region", "zone", "rack", "role", "agent"]

    let space: ReportSpace
    let findings: [Finding]
    let zoneIndex: [String: Int]

    func render() -> HTMLNode {
        var children: [HTMLNode] = [.el("h2", [HTMLAttribute("id", "map")], text: "Address map")]
        if space.pools.isEmpty {
            children.append(.el("p", text: "No pools known: give --plan with pools, or allocate into the store."))
            return .el("section", children)
        }
        children.append(legend())
        let marks = findingAddresses()
        for (i, pool) in space.pools.enumerated() {
            children.append(map(pool, number: i, marks: marks))
        }
        return .el("section", children)
    }

    func legend() -> HTMLNode {
        var items: [HTMLNode] = []
        for z in space.zones {
            let cls = ReportPalette.zoneClass(zoneIndex[z.key])
            items.append(.el("li", [], [.el("span", [HTMLAttribute("class", "sw " + cls)]), .text(z.label)]))
        }
        items.append(.el("li", [], [.el("span", [HTMLAttribute("class", "sw zn")]), .text("no zone (region)")]))
        items.append(.el("li", [], [.el("span", [HTMLAttribute("class", "sw reserved")]), .text("reserved")]))
        items.append(.el("li", [], [.el("span", [HTMLAttribute("class", "sw quarantined")]), .text("quarantined (released)")]))
        items.append(.el("li", [], [.el("span", [HTMLAttribute("class", "sw free")]), .text("free")]))
        items.append(.el("li", [], [.el("span", [HTMLAttribute("class", "sw mark")]), .text("findings (with their number when several share a spot)")]))
        return .el("ul", [HTMLAttribute("class", "legend")], items)
    }

    /// The findings that name an address or prefix, parsed once.
    func findingAddresses() -> [(IPAddress, Finding)] {
        findings.compactMap { f in
            guard let text = f.address, let p = try? IPPrefix(addressOrPrefix: text) else { return nil }
            return (p.network, f)
        }
    }

    func map(_ pool: ReportSpace.Pool, number: Int, marks: [(IPAddress, Finding)]) -> HTMLNode {
        let p = pool.prefix
        let hostBits = p.bitWidth - p.length
        let inside = space.blocks.filter { Self.draws($0, in: p) }
        let drawnKinds = Self.drawnKinds(family: p.family)
        let finest = inside.map { $0.prefix.length - p.length }.max() ?? 0
        let order = min(hostBits, Self.maxOrder, max(finest, min(hostBits, Self.minOrder)))
        let curve = HilbertCurve(order: order)
        let cellBits = hostBits - order
        let base = p.network.widened

        func rect(_ q: IPPrefix) -> [HTMLAttribute] {
            let start = Int((q.network.widened - base) >> UInt128(cellBits))
            let bits = max(0, order - (q.length - p.length))
            let r = curve.rectangle(start: start, bits: bits)
            // A one-cell block (every agent slice of a large plan) leaves its size to the style
            // sheet's `rect:not([width])`: 20,000 of them save 400 kB.
            if r.width == 1 && r.height == 1 { return [.number("x", r.x), .number("y", r.y)] }
            return [.number("x", r.x), .number("y", r.y), .number("width", r.width), .number("height", r.height)]
        }

        let w = curve.width, h = curve.height
        let patternSize = String(max(1, w / 64))
        var svg: [HTMLNode] = [
            .svg("defs", [], [
                .svg("pattern", [HTMLAttribute("id", "hatch-\(number)"), HTMLAttribute("patternUnits", "userSpaceOnUse"),
                                 HTMLAttribute("width", patternSize), HTMLAttribute("height", patternSize),
                                 HTMLAttribute("patternTransform", "rotate(45)")],
                     [.svg("rect", [HTMLAttribute("width", patternSize), HTMLAttribute("height", patternSize), HTMLAttribute("fill", "#fff")]),
                      .svg("line", [HTMLAttribute("x1", "0"), HTMLAttribute("y1", "0"), HTMLAttribute("x2", "0"),
                                    HTMLAttribute("y2", patternSize), HTMLAttribute("class", "hatch")])]),
                .svg("pattern", [HTMLAttribute("id", "dots-\(number)"), HTMLAttribute("patternUnits", "userSpaceOnUse"),
                                 HTMLAttribute("width", patternSize), HTMLAttribute("height", patternSize)],
                     [.svg("rect", [HTMLAttribute("width", patternSize), HTMLAttribute("height", patternSize), HTMLAttribute("fill", "#fff")]),
                      .svg("circle", [HTMLAttribute("cx", "0"), HTMLAttribute("cy", "0"), HTMLAttribute("r", String(Double(max(1, w / 64)) / 3)),
                                      HTMLAttribute("class", "dot")])]),
            ]),
            .svg("rect", [HTMLAttribute("class", "free"), HTMLAttribute("width", String(w)), HTMLAttribute("height", String(h))],
                 [.svg("title", [], [.text("\(p) · free unless drawn over · \(AllocationRenderer.sizeText(p.size, family: p.family)) addresses · pool (\(pool.role))")])]),
        ]
        var held: [HTMLNode] = []
        for r in space.reserved where r.family == p.family && r.overlaps(p) {
            let q = p.contains(r) ? r : p
            held.append(.svg("rect", rect(q), [.svg("title", [], [.text("\(r) · reserved · \(AllocationRenderer.sizeText(r.size, family: r.family)) addresses")])]))
        }
        if !held.isEmpty { svg.append(.svg("g", [HTMLAttribute("fill", "url(#hatch-\(number))"), HTMLAttribute("class", "held")], held)) }
        var released: [HTMLNode] = []
        for q in space.quarantined where q.prefix != p && p.contains(q.prefix) {
            released.append(.svg("rect", rect(q.prefix), [.svg("title", [], [.text("\(q.path) · \(q.prefix) · quarantined (released) · \(AllocationRenderer.sizeText(q.prefix.size, family: q.prefix.family)) addresses")])]))
        }
        if !released.isEmpty { svg.append(.svg("g", [HTMLAttribute("fill", "url(#dots-\(number))"), HTMLAttribute("class", "held")], released)) }

        // Larger levels first, so the blocks inside them are drawn on top; one group per
        // (level, colour) keeps the per-block markup to a rectangle and its title. Agent slices
        // are grouped by their rack (or zone) instead, whose path and slice size the group's own
        // title says once: with 20,000 agents, repeating them would be most of the page.
        for kind in Self.layers where drawnKinds.contains(kind) {
            var groups: [String: (attributes: [HTMLAttribute], nodes: [HTMLNode])] = [:]
            var groupOrder: [String] = []
            for b in inside where b.kind == kind {
                let cls = ReportPalette.zoneClass(b.zone.flatMap { zoneIndex[ReportSpace.zoneKey(region: b.region, zone: $0)] })
                let parent = kind == "agent" ? Self.agentParent(b) : nil
                let key = parent.map { "\(cls) \($0)|\(b.prefix.length)" } ?? cls
                if groups[key] == nil {
                    groupOrder.append(key)
                    var nodes: [HTMLNode] = []
                    if let parent {
                        nodes.append(.svg("title", [], [.text("\(parent) · agent slices · \(AllocationRenderer.sizeText(b.prefix.size, family: b.family)) addresses each")]))
                    }
                    groups[key] = ([HTMLAttribute("class", "\(cls) k-\(kind)")], nodes)
                }
                // `agent · prefix`: agent names may hold spaces and commas; " · " is the page's separator.
                let title = parent != nil ? "\(b.agent ?? b.path) · \(b.prefix)" : Self.title(b)
                groups[key]!.nodes.append(.svg("rect", rect(b.prefix), [.svg("title", [], [.text(title)])]))
            }
            for key in groupOrder {
                let g = groups[key]!
                svg.append(.svg("g", g.attributes, g.nodes))
            }
        }

        let markNodes = Self.marks(marks.filter { p.contains($0.0) }, curve: curve, cellBits: cellBits, base: base)
        if !markNodes.isEmpty { svg.append(.svg("g", [HTMLAttribute("class", "marks"), HTMLAttribute("font-size", Self.markFontSize(curve))], markNodes)) }

        let cellSize = AllocationRenderer.sizeText(AddressCount.powerOfTwo(cellBits), family: p.family)
        let caption = "\(p) (\(pool.role)): \(w)×\(h) cells of \(cellSize) address\(cellBits == 0 ? "" : "es") each, "
            + "\(inside.count) block\(inside.count == 1 ? "" : "s"), \(markNodes.count) mark\(markNodes.count == 1 ? "" : "s") of findings"
        // The caption comes first, right above its own map: under the map it sat nearer the next one.
        return .el("figure", [HTMLAttribute("class", "map-figure")], [
            .el("figcaption", [HTMLAttribute("id", "map-caption-\(number)")], text: caption),
            .svg("svg", [HTMLAttribute("class", w > h ? "map wide" : "map"), HTMLAttribute("viewBox", "0 0 \(w) \(h)"),
                         HTMLAttribute("role", "img"), HTMLAttribute("aria-labelledby", "map-caption-\(number)"),
                         HTMLAttribute("data-pool", p.description), HTMLAttribute("preserveAspectRatio", "xMinYMin meet")], svg),
        ])
    }

    static func drawnKinds(family: Int) -> Set<String> { family == 4 ? Set(layers) : ["region", "zone", "rack"] }

    /// True when the map of `pool` draws block `b`.
    static func draws(_ b: StoredAllocation, in pool: IPPrefix) -> Bool {
        drawnKinds(family: pool.family).contains(b.kind) && b.prefix != pool && pool.contains(b.prefix)
    }

    /// `region/zone[/rack]/overlay`: an agent slice's path without the agent.
    static func agentParent(_ b: StoredAllocation) -> String {
        (AllocationTree.parentPath(of: b).map { $0 + "/" } ?? "") + (b.role ?? "overlay")
    }

    static func title(_ b: StoredAllocation) -> String {
        "\(b.path) · \(b.prefix) · \(AllocationRenderer.sizeText(b.prefix.size, family: b.family)) addresses · \(b.kind)"
    }
}
