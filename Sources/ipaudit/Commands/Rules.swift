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
            // Each column as wide as its widest cell plus two spaces (`audit,scan,probe` is 16).
            func scopes(_ rule: Rule) -> String {
                Rule.Scope.allCases.filter { rule.scopes.contains($0) }.map(\.rawValue).joined(separator: ",")
            }
            let idWidth = Rule.allCases.map(\.id.count).max() ?? 0
            let severityWidth = Rule.allCases.map(\.defaultSeverity.rawValue.count).max() ?? 0
            let scopeWidth = Rule.allCases.map { scopes($0).count }.max() ?? 0
            var out = ""
            for rule in Rule.allCases {
                out += rule.id.padding(toLength: idWidth + 2, withPad: " ", startingAt: 0)
                    + rule.defaultSeverity.rawValue.padding(toLength: severityWidth + 2, withPad: " ", startingAt: 0)
                    + scopes(rule).padding(toLength: scopeWidth + 2, withPad: " ", startingAt: 0) + rule.meaning + "\n"
            }
            try Terminal.out(out)
        }
    }
}
