import IPCore

/// The tree view: region → zone → rack → role, one line per block, with size and free space.
enum AllocationTableRenderer {
    static func render(_ outcome: AllocationOutcome) -> String {
        var rows: [[String]] = [["NAME", "PREFIX", "SIZE", "FREE"]]
        for usage in PoolUsage.compute(outcome) {
            rows.append(["pool (\(usage.role))", usage.pool.description, AllocationRenderer.sizeText(usage.pool.size, family: usage.pool.family),
                         freeText(usage.freeSize, of: usage.pool.size, largest: usage.free.min(by: { $0.length < $1.length }))])
        }
        for r in outcome.reserved {
            rows.append(["reserved", r.description, AllocationRenderer.sizeText(r.size, family: r.family), "-"])
        }
        let added = Set(outcome.added.map { "\($0.path)|\($0.family)" })
        var lastPath: String?
        for line in AllocationTree(outcome.allocations).lines {
            let a = line.allocation
            let label = a.kind == "region" ? a.region : (a.kind == "agent" ? "\(a.agent ?? "") (\(a.role ?? ""))" : lastName(a))
            let name = lastPath == a.path ? "" : String(repeating: "  ", count: line.depth) + "\(a.kind) \(label)"
            let mark = added.contains("\(a.path)|\(a.family)") ? " +" : ""
            rows.append([name, a.prefix.description + mark, AllocationRenderer.sizeText(a.prefix.size, family: a.family),
                         freeText(line.free, of: a.prefix.size, largest: line.largestFree)])
            lastPath = a.path
        }
        var text = align(rows)
        if !outcome.quarantined.isEmpty {
            text += "quarantined (released, not reused without --reuse-released): "
                + outcome.quarantined.map { "\($0.prefix) (\($0.path))" }.joined(separator: ", ") + "\n"
        }
        if !outcome.added.isEmpty { text += "+ new in this run: \(outcome.added.count) block(s)\n" }
        text += LevelChoice.footer(outcome.sizing)
        // Names come from plan files and the store: a terminal must not obey an ESC in them.
        return TerminalText.escaped(text, keepingNewlines: true)
    }

    static func lastName(_ a: StoredAllocation) -> String {
        switch a.kind {
        case "zone": a.zone ?? ""
        case "rack": a.rack ?? ""
        default: a.role ?? ""
        }
    }

    static func freeText(_ free: AddressCount, of size: AddressCount, largest: IPPrefix?) -> String {
        if free.value == 0 && !free.isFullIPv6Space { return "0%" }
        let percent = free.approximate / size.approximate * 100
        let p = (percent * 10).rounded() / 10
        return "\(p)%" + (largest.map { " (largest /\($0.length))" } ?? "")
    }

    static func align(_ rows: [[String]]) -> String {
        let rows = rows.map { $0.map { TerminalText.escaped($0) } }  // escaped first, so the columns line up
        var widths = [Int](repeating: 0, count: rows[0].count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        var out = ""
        for row in rows {
            var line = ""
            for (i, cell) in row.enumerated() {
                line += i == row.count - 1 ? cell : cell + String(repeating: " ", count: widths[i] - cell.count + 2)
            }
            out += line + "\n"
        }
        return out
    }
}
