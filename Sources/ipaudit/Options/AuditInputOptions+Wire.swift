import Foundation
import IPAuditKit

/// The wire's side of an audit of a store: the verdicts scan, probe and watch kept, and how
/// long silence must last before a record is stale.
extension AuditInputOptions {
    /// `--stale-after`, by the one duration parser (`history --since`, `prune --older-than`).
    static func duration(_ text: String) throws -> Double {
        try DurationText.seconds(text, argument: "--stale-after")
    }
}
