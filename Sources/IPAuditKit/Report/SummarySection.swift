import Foundation

/// The summary: cluster, time, inputs, counts by severity and rule, and the exit status the run implies.
struct SummarySection {
    let report: PlanReport

    func render() -> HTMLNode {
        let findings = report.run.report
        var facts: [(String, String)] = []
        facts.append(("cluster", report.cluster ?? "—"))
        facts.append(("generated", Self.timestamp(report.generated)))
        facts.append(("store", report.store ?? "— (files only)"))
        if let plan = report.planPath { facts.append(("plan", plan)) }
        if !report.files.isEmpty { facts.append(("inventory files", report.files.joined(separator: ", "))) }
        for key in findings.stats.keys.sorted() {
            facts.append((key.replacingOccurrences(of: "_", with: " "), FindingsRenderer.scalarText(findings.stats[key]!)))
        }
        let status = report.exitStatus
        facts.append(("exit status", status == 0
            ? "0: no finding at or above \(report.failOn.rawValue)"
            : "1: findings at or above \(report.failOn.rawValue)"))
        var list: [HTMLNode] = []
        for (k, v) in facts { list.append(.el("dt", text: k)); list.append(.el("dd", text: v)) }

        let counts = Severity.allCases.reversed().map { s in
            HTMLNode.el("li", [HTMLAttribute("class", "count sev-\(s.rawValue)")], [
                .el("strong", [HTMLAttribute("id", "count-\(s.rawValue)")], text: String(findings.count(s))), .text(" " + s.rawValue)])
        }
        var byRule: [String: [Severity: Int]] = [:]
        for f in findings.findings { byRule[f.rule.id, default: [:]][f.severity, default: 0] += 1 }
        let ruleRows = byRule.keys.sorted().map { id in
            HTMLNode.el("tr", [], [.el("td", text: id)] + Severity.allCases.reversed().map { s in
                .el("td", [HTMLAttribute("class", "num")], text: String(byRule[id]![s] ?? 0))
            })
        }
        var children: [HTMLNode] = [
            .el("h2", [HTMLAttribute("id", "summary")], text: "Summary"),
            .el("p", [HTMLAttribute("class", "status status-\(status)")], text: findings.summaryLine),
            .el("ul", [HTMLAttribute("class", "counts")], counts),
            .el("dl", [HTMLAttribute("class", "facts")], list),
        ]
        if !ruleRows.isEmpty {
            children.append(.el("table", [HTMLAttribute("id", "rules-table")], [
                // Number columns right-aligned, heads too: each count sits under its head.
                .el("thead", [], [.el("tr", [], [.el("th", text: "rule")] + ["error", "warning", "info"].map {
                    .el("th", [HTMLAttribute("class", "num")], text: $0)
                })]),
                .el("tbody", [], ruleRows),
            ]))
        }
        return .el("section", children)
    }

    static func timestamp(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }
}
