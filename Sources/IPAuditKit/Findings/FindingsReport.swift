/// What `audit` and `scan` print: the findings, sorted, plus a summary and
/// run statistics (`stats`, e.g. packets received and dropped for a live scan).
public struct FindingsReport: Sendable, Codable {
    public var tool: String
    public var findings: [Finding]
    public var stats: [String: JSONValue]

    public init(tool: String, findings: [Finding], stats: [String: JSONValue] = [:]) {
        self.tool = tool
        self.findings = findings.sorted(by: FindingsReport.order)
        self.stats = stats
    }

    /// Most severe first, then rule, then address, then entities: stable output for diffs and cron mail.
    public static func order(_ a: Finding, _ b: Finding) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        if a.rule != b.rule { return a.rule < b.rule }
        if (a.address ?? "") != (b.address ?? "") { return (a.address ?? "") < (b.address ?? "") }
        return a.entities.lexicographicallyPrecedes(b.entities)
    }

    public func count(_ s: Severity) -> Int { findings.reduce(0) { $0 + ($1.severity == s ? 1 : 0) } }

    /// Exit status for cron: 1 when any finding is at or above `failOn`, else 0.
    public func exitStatus(failOn: Severity) -> Int32 {
        findings.contains { $0.severity >= failOn } ? 1 : 0
    }

    public var summaryLine: String {
        let e = count(.error), w = count(.warning), i = count(.info)
        if findings.isEmpty { return "\(tool): no findings" }
        return "\(tool): \(findings.count) finding\(findings.count == 1 ? "" : "s"): \(e) error\(e == 1 ? "" : "s"), \(w) warning\(w == 1 ? "" : "s"), \(i) info"
    }
}
