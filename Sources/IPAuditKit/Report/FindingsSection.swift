/// The findings table: one row per finding, sortable and filterable by the page's script
/// (rule, severity, zone, free text) and complete without it; each row's evidence expands.
/// Columns: severity, rule, address, zone, entities, message. Rows come most severe first, so
/// the script sorts the severity column by that first order, and addresses in numeric order. The
/// severity cells are coloured by their tbody's class (one per severity), so also without script.
struct FindingsSection {
    let findings: [Finding]

    func render() -> HTMLNode {
        var children: [HTMLNode] = [.el("h2", [HTMLAttribute("id", "findings")], text: "Findings (\(findings.count))")]
        guard !findings.isEmpty else {
            children.append(.el("p", [HTMLAttribute("class", "clean")], text: "No findings."))
            return .el("section", children)
        }
        children.append(filterForm())
        let columns: [(String, String)] = [("severity", "rank"), ("rule", "text"), ("address", "address"), ("zone", "text"),
                                          ("entities", "text"), ("message and evidence", "text")]
        let head = HTMLNode.el("thead", [], [.el("tr", [], columns.map { .el("th", [HTMLAttribute("data-sort", $0.1)], text: $0.0) })])
        let shared = SharedEvidenceLists(findings)
        // One tbody per run of a severity (rows come most severe first): its class colours the
        // severity cells with scripts off, at no cost per row.
        var bodies: [HTMLNode] = []
        var rows: [HTMLNode] = []
        var severity = findings.first?.severity
        for f in findings {
            if f.severity != severity, let s = severity {
                bodies.append(.el("tbody", [HTMLAttribute("class", "sev-\(s.rawValue)")], rows))
                rows = []
            }
            severity = f.severity
            rows.append(row(f, shared: shared))
        }
        if let s = severity { bodies.append(.el("tbody", [HTMLAttribute("class", "sev-\(s.rawValue)")], rows)) }
        children.append(.el("table", [HTMLAttribute("id", "findings-table"), HTMLAttribute("class", "findings")],
                            [head] + bodies))
        if !shared.lists.isEmpty { children.append(contentsOf: sharedLists(shared)) }
        // Laid out when scrolled to (content-visibility): a 10,000-row table would hold up the first paint.
        return .el("section", [HTMLAttribute("class", "long")], children)
    }

    func row(_ f: Finding, shared: SharedEvidenceLists) -> HTMLNode {
        var details: [HTMLNode] = [.el("summary", [], EvidenceText.unbroken(f.message))]
        // The evidence's lines are kept by the style sheet (pre-wrap), not by a <pre> per row.
        if !f.evidence.isEmpty { details.append(contentsOf: EvidenceText.nodes(f.evidence, shared: shared, message: f.message, zone: f.zone)) }
        var entities = f.entities.joined(separator: ", ")
        if let macs = f.macs, !macs.isEmpty { entities += (entities.isEmpty ? "" : "; ") + "MAC " + macs.joined(separator: ", ") }
        // The row carries no attributes: the script filters on the cells' text (10,000 rows add up).
        return .el("tr", [], [
            .el("td", text: f.severity.rawValue),
            .el("td", text: f.rule.id),
            .el("td", text: f.address ?? ""),
            .el("td", text: f.zone ?? ""),
            .el("td", text: entities),
            .el("td", [], [.el("details", [], details)]),
        ])
    }

    /// The evidence lists several rows share, each whole, once (the rows link here).
    func sharedLists(_ shared: SharedEvidenceLists) -> [HTMLNode] {
        let items = shared.lists.map { list in
            HTMLNode.el("li", [HTMLAttribute("id", list.anchor)], [
                .el("b", text: "\(list.key), in \(list.uses) findings (\(list.values.count) values): "),
                .text(list.values.joined(separator: ", ")),
            ])
        }
        return [.el("h3", [HTMLAttribute("id", "shared-evidence")], text: "Evidence lists shared by several findings"),
                .el("ol", [HTMLAttribute("class", "shared-evidence")], items)]
    }

    /// Hidden until the script runs: without it the table is simply all there.
    func filterForm() -> HTMLNode {
        func select(_ name: StaticString, _ label: String, _ values: [String]) -> HTMLNode {
            let options = [HTMLNode.el("option", [HTMLAttribute("value", "")], text: "all")]
                + values.map { HTMLNode.el("option", [HTMLAttribute("value", $0)], text: $0.isEmpty ? "(none)" : $0) }
            return .el("label", [], [.text(label + " "), .el("select", [HTMLAttribute("name", name.description)], options)])
        }
        let rules = Set(findings.map(\.rule.id)).sorted()
        let severities = Severity.allCases.reversed().map(\.rawValue).filter { s in findings.contains { $0.severity.rawValue == s } }
        let zones = Set(findings.map { $0.zone ?? "" }).sorted()
        return .el("form", [HTMLAttribute("id", "findings-filter"), .flag("hidden")], [
            select("rule", "rule", rules),
            select("severity", "severity", severities),
            select("zone", "zone", zones.filter { !$0.isEmpty }),
            .el("label", [], [.text("text "), .el("input", [HTMLAttribute("name", "text"), HTMLAttribute("type", "search")])]),
            .el("output", [HTMLAttribute("id", "findings-shown")], text: ""),
        ])
    }
}
