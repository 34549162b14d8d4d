import ArgumentParser
import Foundation
import IPAuditCapture
import IPAuditKit
import IPCore

/// What a scan writes to its store beside the observations: the verdicts it raised and the
/// space it watched (for `stale-address`).
extension Scan {
    func validateLinkPrefixes() throws {
        if !linkPrefix.isEmpty, store == nil { throw ValidationError("--link-prefix needs --store (it tells the store which space the capture watched)") }
        for text in linkPrefix where (try? IPPrefix(text)) == nil {
            throw ValidationError("--link-prefix '\(text)': expected a CIDR prefix with no host bits, e.g. 10.0.0.0/24")
        }
    }

    /// `--link-prefix`, and for a live capture the interface's prefixes and connected routes
    /// (as `probe` works them out). An interface that is not Ethernet (`any`, a tunnel) adds none.
    func linkPrefixes() throws -> [IPPrefix] {
        var out = Set(linkPrefix.compactMap { try? IPPrefix($0) })
        if read == nil, let interface, let link = try? InterfaceLink.read(interface) { out.formUnion(link.prefixes) }
        return out.sorted()
    }

    /// A replayed file covers the span of its frames; a live capture also the time it listened
    /// to a silent link.
    static func evaluation(_ result: ScanResult, domain: String, linkPrefixes: [IPPrefix], live: Bool) -> WireEvaluation {
        let now = Date().timeIntervalSince1970
        let span = result.frameSpan ?? (live ? now...now : nil)
        let coverage = span.map { s in
            linkPrefixes.map { LinkCoverage(domain: domain, prefix: $0, firstWatched: s.lowerBound, lastWatched: live ? max(s.upperBound, now) : s.upperBound) }
        } ?? []
        return WireEvaluation(verdicts: result.verdicts, coverage: coverage, time: now)
    }
}
