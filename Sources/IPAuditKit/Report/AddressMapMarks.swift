import IPCore

/// The map's finding marks: findings aggregated on a coarse grid of at most `markGrid` marks
/// across (a spot a few pixels wide on a map shown 640 px wide), one mark per spot with findings,
/// its number written in it and every finding's line in its title. One mark per map cell painted
/// 10,000 findings as a solid band: on a 256 × 256 map a cell is 2.5 px, a visible mark 8 px.
extension AddressMapSection {
    /// Marks across the map's longer side at most: a spot is 20 px of a map shown 640 px wide.
    static let markGrid = 32

    /// Map cells per side of a mark's spot.
    static func spot(_ curve: HilbertCurve) -> Int { max(1, max(curve.width, curve.height) / markGrid) }

    /// The count's font size in map units: it fits a two-digit count inside the mark.
    static func markFontSize(_ curve: HilbertCurve) -> String { String(Double(spot(curve)) * 0.4) }

    static func marks(_ marks: [(IPAddress, Finding)], curve: HilbertCurve, cellBits: Int, base: UInt128) -> [HTMLNode] {
        let side = spot(curve)
        var bySpot: [Int: [Finding]] = [:]
        var spotOrder: [Int] = []
        let across = (curve.width + side - 1) / side
        for (address, f) in marks {
            let (x, y) = curve.point(Int((address.widened - base) >> UInt128(cellBits)))
            let key = (y / side) * across + x / side
            if bySpot[key] == nil { spotOrder.append(key) }
            bySpot[key, default: []].append(f)
        }
        return spotOrder.map { key in
            let list = bySpot[key]!
            let cx = Double((key % across) * side) + Double(side) / 2
            let cy = Double((key / across) * side) + Double(side) / 2
            let worst = list.map(\.severity).max() ?? .info
            var lines = ["\(list.count) finding\(list.count == 1 ? "" : "s") here"]
            lines += list.prefix(5).map { "\($0.severity.rawValue) \($0.rule.id) \($0.address ?? ""): \($0.message)" }
            if list.count > 5 { lines.append("… and \(list.count - 5) more") }
            // A lone finding is a smaller dot; several, a disc with their number. Either stays
            // inside its spot (under half its area), so marks never merge into a band.
            let radius = Double(side) * (list.count == 1 ? 0.3 : 0.38)
            var children: [HTMLNode] = [.svg("title", [], [.text(lines.joined(separator: "\n"))])]
            var nodes: [HTMLNode] = [.svg("circle", [HTMLAttribute("cx", String(cx)), HTMLAttribute("cy", String(cy)),
                                                     HTMLAttribute("r", String(radius))])]
            if list.count > 1 {
                nodes.append(.svg("text", [HTMLAttribute("x", String(cx)), HTMLAttribute("y", String(cy))],
                                  [.text(list.count > 99 ? "99+" : String(list.count))]))
            }
            children += nodes
            return .svg("g", [HTMLAttribute("class", "mark sev-\(worst.rawValue)"), HTMLAttribute("data-count", String(list.count))], children)
        }
    }
}
