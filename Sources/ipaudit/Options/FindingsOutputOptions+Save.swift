import ArgumentParser
import IPAuditKit

extension FindingsOutputOptions {
    /// Saves (scan's and probe's observations), then prints the report whatever the save did:
    /// the report stands, and a failed save, or a run that stopped early, exits 2 after it —
    /// the worse news outranks the findings' exit 1.
    func emit(_ report: FindingsReport, section: ReportSection? = nil, saving save: (() throws -> Void)?,
              stoppedEarly failure: Error? = nil) throws {
        var saveError: Error?
        if let save {
            do { try save() } catch { saveError = error }
        }
        do {
            try emit(report, section: section)
        } catch let status as ExitCode where saveError != nil || failure != nil {
            _ = status  // exit 2 below
        }
        if let saveError {
            Terminal.err("ipaudit: error: the report above stands, but its observations were not saved\n")
            throw saveError
        }
        if let failure {
            Terminal.err("ipaudit: error: the run stopped early; the report above covers what was heard before\n")
            throw failure
        }
    }
}
