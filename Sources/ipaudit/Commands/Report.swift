import ArgumentParser
import Foundation
import IPAuditKit
import IPAuditPostgres
import IPAuditSources

/// `ipaudit report`: the audit of `ipaudit audit`, published as one self-contained HTML page.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write the address plan, its map and the audit's findings as one self-contained HTML page.",
        discussion: """
            Runs exactly the audit of 'ipaudit audit' (same inputs, options and findings) and \
            writes one HTML file: a summary (cluster, time, store, counts by severity and rule, \
            the exit status), an address map per pool (a Hilbert curve: every aligned block is a \
            square or a 2:1 rectangle; blocks coloured by zone, reserved and quarantined space \
            patterned, findings marked; IPv6 pools at region/zone/rack level), the plan tree \
            with used and free space, the findings table (sortable and filterable; complete \
            without JavaScript) and the masters' quorum per zone and rack. Everything is inline: \
            the page fetches nothing, and prints.

            The file is replaced atomically: readers see the old page or the new one.

            Exit status: as 'ipaudit audit': 0 when no finding reaches --fail-on, 1 when one \
            does (the page is written either way), 2 on bad input (nothing is written).
            """)

    @OptionGroup var input: AuditInputOptions

    @Option(name: .long, help: ArgumentHelp("The HTML file to write.", valueName: "FILE"))
    var output: String

    @Option(name: .customLong("fail-on"), help: "Exit 1 when a finding is at or above this severity (info, warning, error).")
    var failOn: Severity = .error

    func validate() throws {
        guard !output.isEmpty else { throw ValidationError("--output is empty") }
    }

    func run() throws {
        let result = try input.run()
        // The page is published: the store's password and a URL's query (tokens) stay out of it.
        let page = PlanReport(run: result, generated: Date(), store: try input.storePath().map(StoreLocator.displayName),
                              files: input.files.map(InventoryInputs.displayName), planPath: input.planOption.plan, failOn: failOn)
        try AtomicFile.write(HTMLReportRenderer.render(page), to: output)
        try Terminal.outText("\(result.report.summaryLine); wrote \(output)\n")
        let status = page.exitStatus
        if status != 0 { throw ExitCode(status) }
    }
}
