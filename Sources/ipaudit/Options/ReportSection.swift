import IPAuditCapture
import IPAuditKit

/// A table printed with a findings report: a top-level array of the JSON document, and in
/// text after the findings when asked for. Rows are written in chunks, never as one string.
struct ReportSection {
    /// The JSON key (the report's keys are sorted; this one comes last, after `tool`).
    var key: String
    var json: ((String) throws -> Void) throws -> Void
    /// Nil: the section is in JSON only.
    var text: (((String) throws -> Void) throws -> Void)?

    /// `scan`'s bindings table: always in JSON, in text with `--bindings`.
    static func bindings(_ rows: BindingsTable, inText: Bool) -> ReportSection {
        ReportSection(key: "bindings", json: { try BindingsRenderer.jsonElements(rows, write: $0) },
                      text: inText ? { try BindingsRenderer.text(rows, write: $0) } : nil)
    }

    /// Prints `rendered` (the report in `format`) with the section in it.
    func emit(after rendered: String, format: ReportFormat) throws {
        switch format {
        case .json:
            // The pretty-printed document ends "\n}\n": the array goes in as its last member.
            guard rendered.hasSuffix("\n}\n") else { return try Terminal.out(rendered) }
            try Terminal.out(String(rendered.dropLast(3)) + ",\n  \"\(key)\" : [\n")
            try json { try Terminal.out($0) }
            try Terminal.out("\n  ]\n}\n")
        case .text:
            if let text {
                try text { try Terminal.out($0) }
            }
            try Terminal.out(rendered)
        case .csv, .prometheus:
            try Terminal.out(rendered)
        }
    }
}
