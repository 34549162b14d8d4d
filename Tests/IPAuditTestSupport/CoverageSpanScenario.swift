import IPAuditKit
import IPCore

/// One scenario of coverage spans run on either engine (the SQLite and PostgreSQL tests hold
/// it to the same spans): hourly one-minute scans bridged into one span, two watches 60 days
/// apart kept apart, a span written later that joins its neighbours, and a prune that trims.
public enum CoverageSpanScenario {
    public static let hour = 3600.0, day = 86_400.0

    /// A span as the tests compare it: domain, prefix, first and last watched.
    public struct Span: Equatable, Sendable, CustomStringConvertible {
        public var domain: String, prefix: String, first: Double, last: Double
        public init(_ domain: String, _ prefix: String, _ first: Double, _ last: Double) {
            (self.domain, self.prefix, self.first, self.last) = (domain, prefix, first, last)
        }
        public var description: String { "\(domain) \(prefix) \(first)...\(last)" }
    }

    public struct Result: Equatable, Sendable {
        /// After 40 days of hourly 60 s scans of h/eth0 and two one-day watches of g/eth0 60 days apart.
        public var written: [Span]
        /// After a replayed span that reaches both of g/eth0's first span and a later one-minute scan.
        public var joined: [Span]
        /// After `prune` of everything before day 61.5.
        public var pruned: [Span]
    }

    public static func run(_ store: some WireVerdictStoring & StoreRetaining) throws -> Result {
        let h = try IPPrefix("10.0.0.0/24"), g = try IPPrefix("10.0.1.0/24")
        func watch(_ domain: String, _ prefix: IPPrefix, _ first: Double, _ last: Double) throws {
            try store.saveObservations([], evaluation: WireEvaluation(verdicts: [], coverage: [
                LinkCoverage(domain: domain, prefix: prefix, firstWatched: first, lastWatched: last),
            ], time: last))
        }
        for k in 0..<(40 * 24) { try watch("h/eth0", h, Double(k) * hour, Double(k) * hour + 60) }
        try watch("g/eth0", g, 0, day)
        try watch("g/eth0", g, 61 * day, 62 * day)
        let written = try spans(store)
        try watch("g/eth0", g, 30 * day, 30 * day + 60)
        try watch("g/eth0", g, day + hour, 30 * day)     // within the bridge of day 1, overlapping day 30
        let joined = try spans(store)
        _ = try store.prune(before: 61.5 * day, batch: 10)
        return Result(written: written, joined: joined, pruned: try spans(store))
    }

    static func spans(_ store: some WireVerdictStoring) throws -> [Span] {
        try store.linkCoverage().map { Span($0.domain, $0.prefix.description, $0.firstWatched, $0.lastWatched) }
            .sorted { ($0.domain, $0.prefix, $0.first) < ($1.domain, $1.prefix, $1.first) }
    }

    /// What both engines must hold.
    public static let expected = Result(
        written: [Span("g/eth0", "10.0.1.0/24", 0, day), Span("g/eth0", "10.0.1.0/24", 61 * day, 62 * day),
                  Span("h/eth0", "10.0.0.0/24", 0, 959 * hour + 60)],
        joined: [Span("g/eth0", "10.0.1.0/24", 0, 30 * day + 60), Span("g/eth0", "10.0.1.0/24", 61 * day, 62 * day),
                 Span("h/eth0", "10.0.0.0/24", 0, 959 * hour + 60)],
        pruned: [Span("g/eth0", "10.0.1.0/24", 61.5 * day, 62 * day)])
}
