import ArgumentParser
import IPAuditKit

extension ReportFormat: ExpressibleByArgument {}
extension Severity: ExpressibleByArgument {}

/// Output options shared by `audit` and `scan`: one findings model, one set of formats and exit rules.
struct FindingsOutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output format: text, json, csv or prometheus.")
    var format: ReportFormat = .text

    // Optional so that `scan --watch` can tell it was given (a watch's status ignores findings).
    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding is at or above this severity (info, warning, error; default: error).")
    var failOn: Severity?

    @Flag(name: .long, help: "Print only the findings: no headings, no summary.")
    var quiet = false

    @Option(name: .long, help: ArgumentHelp("Also write node_exporter textfile metrics to FILE (atomically).", valueName: "FILE"))
    var prometheus: String?

    /// Prints the report, writes the metrics file, and throws ExitCode(1) when findings reach --fail-on.
    /// `section` adds a table to the JSON document (and to text when it has one for text).
    func emit(_ report: FindingsReport, section: ReportSection? = nil) throws {
        // Metrics first: a closed or full stdout must not leave node_exporter a stale file.
        if let path = prometheus {
            try AtomicFile.write(FindingsRenderer.prometheus(report), to: path)
        }
        let rendered = try FindingsRenderer.render(report, as: format, quiet: quiet)
        if let section {
            try section.emit(after: rendered, format: format)
        } else {
            try Terminal.out(rendered)
        }
        let status = report.exitStatus(failOn: failOn ?? .error)
        if status != 0 { throw ExitCode(status) }
    }
}
