import Foundation

/// Turns a report into text for terminals and cron mail, JSON, CSV or Prometheus textfile metrics.
public enum FindingsRenderer {
    public static func render(_ report: FindingsReport, as format: ReportFormat, quiet: Bool = false) throws -> String {
        switch format {
        case .text: text(report, quiet: quiet)
        case .json: try json(report)
        case .csv: csv(report)
        case .prometheus: prometheus(report)
        }
    }

    // MARK: text

    /// Grouped by severity, one finding per paragraph, a summary line last. Names, zones and
    /// messages quote the inventory: their control characters are written out, not obeyed.
    public static func text(_ report: FindingsReport, quiet: Bool = false) -> String {
        TerminalText.escaped(plainText(report, quiet: quiet), keepingNewlines: true)
    }

    private static func plainText(_ report: FindingsReport, quiet: Bool) -> String {
        var out = ""
        for severity in Severity.allCases.reversed() {
            let group = report.findings.filter { $0.severity == severity }
            if group.isEmpty { continue }
            if !quiet { out += "\(severity.rawValue.uppercased())S (\(group.count))\n" }
            for f in group {
                var head = "  [\(f.rule)]"
                if let a = f.address { head += " \(a)" }
                if let z = f.zone { head += " zone=\(TerminalText.escaped(z))" }
                if let v = f.vlan, !v.isEmpty { head += " vlan=\(v.map(String.init).joined(separator: "."))" }
                out += head + ": " + TerminalText.escaped(f.message) + "\n"
                if !f.entities.isEmpty { out += "      entities: \(TerminalText.escaped(f.entities.joined(separator: ", ")))\n" }
                if let m = f.macs, !m.isEmpty { out += "      macs: \(m.joined(separator: ", "))\n" }
            }
            if !quiet { out += "\n" }
        }
        if !quiet {
            if !report.stats.isEmpty {
                let parts = report.stats.keys.sorted().map { "\($0)=\(scalarText(report.stats[$0]!))" }
                out += "stats: " + parts.joined(separator: " ") + "\n"
            }
            out += report.summaryLine + "\n"
        }
        return out
    }

    static func scalarText(_ v: JSONValue) -> String {
        switch v {
        case .string(let s): s
        case .int(let i): String(i)
        case .double(let d): String(d)
        case .bool(let b): String(b)
        case .null: "null"
        case .array(let a): a.map(scalarText).joined(separator: ",")
        case .object(let o): o.keys.sorted().map { "\($0):\(scalarText(o[$0]!))" }.joined(separator: ",")
        }
    }

    // MARK: json

    struct Summary: Codable {
        var total: Int
        var error: Int
        var warning: Int
        var info: Int
        var by_rule: [String: Int]
    }

    struct Document: Codable {
        var tool: String
        var findings: [Finding]
        var summary: Summary
        var stats: [String: JSONValue]
    }

    public static func json(_ report: FindingsReport) throws -> String {
        var byRule: [String: Int] = [:]
        for f in report.findings { byRule[f.rule.id, default: 0] += 1 }
        let doc = Document(tool: report.tool, findings: report.findings,
                           summary: Summary(total: report.findings.count, error: report.count(.error),
                                            warning: report.count(.warning), info: report.count(.info), by_rule: byRule),
                           stats: report.stats)
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try enc.encode(doc), as: UTF8.self) + "\n"
    }

    // MARK: csv

    public static func csv(_ report: FindingsReport) -> String {
        var out = "rule,severity,address,zone,entities,macs,vlan,message\n"
        for f in report.findings {
            let fields = [f.rule.id, f.severity.rawValue, f.address ?? "", f.zone ?? "",
                          f.entities.joined(separator: ";"), (f.macs ?? []).joined(separator: ";"),
                          (f.vlan ?? []).map(String.init).joined(separator: "."), f.message]
            out += fields.map(CSVField.escape).joined(separator: ",") + "\n"
        }
        return out
    }

    // MARK: prometheus

    /// The exposition format's spelling of a sample value (Swift would print "nan" and "inf").
    static func prometheusNumber(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d > 0 ? "+Inf" : "-Inf" }
        return String(d)
    }

    /// A label value in the exposition format: backslash, quote and newline escaped.
    static func prometheusLabelValue(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }

    /// node_exporter textfile format: one gauge per (rule, severity), plus totals.
    /// `labels` are added to every series: two watchers (one per interface) writing the same
    /// series into two textfiles would be a gather error in node_exporter.
    public static func prometheus(_ report: FindingsReport, labels: [(name: String, value: String)] = []) -> String {
        let tool = report.tool.replacingOccurrences(of: "-", with: "_")
        let extra = labels.map { ",\($0.name)=\"\(prometheusLabelValue($0.value))\"" }.joined()
        let only = extra.isEmpty ? "" : "{\(extra.dropFirst())}"
        var counts: [String: Int] = [:]
        for f in report.findings { counts["\(f.rule)\t\(f.severity.rawValue)", default: 0] += 1 }
        var out = "# HELP ipaudit_findings Findings of the last ipaudit run, by rule and severity.\n"
        out += "# TYPE ipaudit_findings gauge\n"
        for key in counts.keys.sorted() {
            let parts = key.split(separator: "\t")
            out += "ipaudit_findings{tool=\"\(tool)\",rule=\"\(parts[0])\",severity=\"\(parts[1])\"\(extra)} \(counts[key]!)\n"
        }
        out += "# HELP ipaudit_findings_total Findings of the last ipaudit run, by severity.\n"
        out += "# TYPE ipaudit_findings_total gauge\n"
        for s in Severity.allCases {
            out += "ipaudit_findings_total{tool=\"\(tool)\",severity=\"\(s.rawValue)\"\(extra)} \(report.count(s))\n"
        }
        for key in report.stats.keys.sorted() {
            let name = "ipaudit_\(tool)_" + key.map { $0.isLetter || $0.isNumber ? $0 : "_" }.reduce("") { $0 + String($1) }
            switch report.stats[key]! {
            case .int(let i): out += "# TYPE \(name) gauge\n\(name)\(only) \(i)\n"
            case .double(let d): out += "# TYPE \(name) gauge\n\(name)\(only) \(prometheusNumber(d))\n"
            default: continue
            }
        }
        out += "# HELP ipaudit_last_run_timestamp_seconds When the run finished.\n"
        out += "# TYPE ipaudit_last_run_timestamp_seconds gauge\n"
        out += "ipaudit_last_run_timestamp_seconds{tool=\"\(tool)\"\(extra)} \(Int(Date().timeIntervalSince1970))\n"
        return out
    }
}
