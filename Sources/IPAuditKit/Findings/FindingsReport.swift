import IPCore

/// What `audit` and `scan` print: the findings, sorted, plus a summary and
/// run statistics (`stats`, e.g. packets received and dropped for a live scan).
public struct FindingsReport: Sendable, Codable {
    public var tool: String
    public var findings: [Finding]
    public var stats: [String: JSONValue]

    public init(tool: String, findings: [Finding], stats: [String: JSONValue] = [:]) {
        self.tool = tool
        self.findings = Self.inOrder(findings)
        self.stats = stats
    }

    /// The findings in `order`, each address parsed once rather than in every comparison.
    public static func inOrder<S: Sequence<Finding>>(_ findings: S) -> [Finding] {
        findings.map { (FindingAddressKey($0.address), $0) }.sorted { order($0.1, $0.0, $1.1, $1.0) }.map(\.1)
    }

    /// Most severe first, then rule, then address, then entities: stable output for diffs and cron mail.
    public static func order(_ a: Finding, _ b: Finding) -> Bool {
        order(a, FindingAddressKey(a.address), b, FindingAddressKey(b.address))
    }

    /// Addresses compare as numbers (10.0.0.2 before 10.0.0.10), IPv4 before IPv6, then by
    /// prefix length; text that is no address sorts after, as text.
    static func order(_ a: Finding, _ ka: FindingAddressKey, _ b: Finding, _ kb: FindingAddressKey) -> Bool {
        if a.severity != b.severity { return a.severity > b.severity }
        if a.rule != b.rule { return a.rule < b.rule }
        if ka != kb { return ka < kb }
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
