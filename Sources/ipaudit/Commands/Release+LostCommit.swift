import ArgumentParser
import Foundation
import IPAuditKit
import IPAuditPostgres

extension Release {
    /// The COMMIT went out and its answer was lost; the retry found PATH gone. Whether our
    /// COMMIT did it or another operator's release did cannot be told apart, so say what the
    /// store now holds: PATH's blocks in quarantine (exit 0), or nothing at all (exit 2).
    func reportAfterLostCommit(_ unknown: CommitOutcomeUnknown, store: any IPAuditStore) throws {
        let state = try store.allocationState()
        let quarantined = state.quarantined.filter { $0.path == path || $0.path.hasPrefix(path + "/") }
        guard !quarantined.isEmpty else {
            Terminal.err("ipaudit: error: \(unknown)\n")
            throw ExitCode(2)
        }
        Terminal.note("\(unknown.store): the connection was lost while committing; the store now holds these blocks "
                      + "released (by this run, or by another at the same time):")
        for a in quarantined { try Terminal.out("released \(a.prefix) \(a.kind) \(a.path)\n") }
    }
}
