/// `ipaudit report`'s page: one self-contained HTML file (inline CSS, SVG and a small script;
/// nothing is fetched) with the summary, the address map, the plan tree, the findings and the
/// masters. Readable without the script and printable.
///
/// A Content-Security-Policy forbids every fetch and runs only the page's own script (by a
/// nonce made per page): a second guard behind the escaping, which alone keeps inventory names
/// from becoming markup.
public enum HTMLReportRenderer {
    public static func render(_ report: PlanReport) -> String {
        document(report).render()
    }

    static func document(_ report: PlanReport) -> HTMLNode {
        let space = ReportSpace(report.run)
        var zoneIndex: [String: Int] = [:]
        for (i, z) in space.zones.enumerated() { zoneIndex[z.key] = i }
        let nonce = Self.nonce()
        let title = "ipaudit report" + (report.cluster.map { ": \($0)" } ?? "")
        let csp = "default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-\(nonce)'; img-src data:; form-action 'none'; base-uri 'none'"
        let nav = HTMLNode.el("nav", [], [.el("ul", [], [("summary", "Summary"), ("map", "Address map"), ("plan", "Plan tree"),
                                                          ("findings", "Findings"), ("masters", "Masters")].map { id, label in
            .el("li", [], [.el("a", [HTMLAttribute("href", "#" + id)], text: label)])
        })])
        return .fragment([
            .trusted("<!DOCTYPE html>\n"),
            .el("html", [HTMLAttribute("lang", "en")], [
                .el("head", [], [
                    .el("meta", [HTMLAttribute("charset", "utf-8")]),
                    .el("meta", [HTMLAttribute("http-equiv", "Content-Security-Policy"), HTMLAttribute("content", csp)]),
                    .el("meta", [HTMLAttribute("name", "viewport"), HTMLAttribute("content", "width=device-width, initial-scale=1")]),
                    .el("meta", [HTMLAttribute("name", "generator"), HTMLAttribute("content", "ipaudit report")]),
                    .el("title", text: title),
                    .el("style", [], [.trusted(ReportAssets.css)]),
                ]),
                .el("body", [], [
                    .el("header", [], [.el("h1", text: title), nav]),
                    .el("main", [], [
                        SummarySection(report: report).render(),
                        AddressMapSection(space: space, findings: report.run.report.findings, zoneIndex: zoneIndex).render(),
                        PlanTreeSection(space: space, counter: InventoryAddressCounter(report.run.input.inventory)).render(),
                        FindingsSection(findings: report.run.report.findings).render(),
                        MastersSection(inventory: report.run.input.inventory).render(),
                    ]),
                    .el("script", [HTMLAttribute("nonce", nonce)], [.trusted(ReportAssets.script)]),
                ]),
            ]),
        ])
    }

    /// 128 random bits, hex: what a script must carry to run on the page.
    static func nonce() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<2).map { _ in
            let v = generator.next() as UInt64
            let hex = String(v, radix: 16)
            return String(repeating: "0", count: 16 - hex.count) + hex
        }.joined()
    }
}
