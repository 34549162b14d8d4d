import ArgumentParser
import IPAuditKit

/// `ipaudit rules`: the rule catalogue that audit and scan report through.
struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the rules findings come from: id, default severity, where applied, meaning.",
        discussion: """
            Every finding of `audit` and `scan` names one of these rules; allow-lists, \
            --fail-on and the Prometheus metrics key on the ids. --format markdown prints \
            the table the README carries.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown }

    @Option(name: .long, help: "Output format: text, json or markdown.")
    var format: Format = .text

    struct Entry: Encodable {
        var id: String
        var severity: String
        var severity_note: String?
        var applies_to: [String]
        var meaning: String
        /// Evidence keys `scan --watch` does not report as a change (per-frame counters, ...).
        var volatile_evidence: [String]
    }

    func run() throws {
        switch format {
        case .markdown:
            try Terminal.out(Rule.markdownTable)
        case .json:
            try Terminal.out(try JSONOut.encode(Rule.allCases.map { rule in
                Entry(id: rule.id, severity: rule.defaultSeverity.rawValue, severity_note: rule.severityNote,
                      applies_to: Rule.Scope.allCases.filter { rule.scopes.contains($0) }.map(\.rawValue),
                      meaning: rule.meaning, volatile_evidence: rule.volatileEvidence.sorted())
            }))
        case .text:
            let width = Rule.allCases.map(\.id.count).max() ?? 0
            var out = ""
            for rule in Rule.allCases {
                let scopes = Rule.Scope.allCases.filter { rule.scopes.contains($0) }.map(\.rawValue).joined(separator: ",")
                out += rule.id.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                    + rule.defaultSeverity.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
                    + scopes.padding(toLength: 12, withPad: " ", startingAt: 0) + rule.meaning + "\n"
            }
            try Terminal.out(out)
        }
    }
}
