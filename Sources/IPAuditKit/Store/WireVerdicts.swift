import IPCore

/// The findings the wire's verdict engine raised on one watched L2 domain (an analyzer's
/// domain, its VLAN sub-domains included) in one evaluation: what `scan`, `probe` and
/// `scan --watch` said, kept so `audit --store` and `report --store` say it too.
public struct DomainVerdicts: Sendable, Hashable {
    /// The analyzer's domain (`host/iface`, `pcap/file`): an evaluation of it judges every
    /// VLAN below it, so it supersedes every verdict stored under it.
    public var scope: String
    public var findings: [Finding]
    /// What the evaluation judged: nil, the whole scope (a scan or watch); a probe judges only
    /// the addresses it probed, so only its verdicts on them are superseded.
    public var targets: Set<IPAddress>?

    public init(scope: String, findings: [Finding], targets: Set<IPAddress>? = nil) {
        self.scope = scope
        self.findings = findings.filter(Self.isKept)
        self.targets = targets
    }

    /// `unknown-address` is judged by the audit itself against the inventory it reads now
    /// (a scan's `--inventory` may be another one): it is not a wire verdict to keep. Nor are
    /// the verdicts on a link's DHCP servers and routers: they judge who answers the link
    /// now, no address of the inventory, and a run reports them itself.
    static func isKept(_ f: Finding) -> Bool { f.rule != .unknownAddress && !Rule.linkServiceRules.contains(f.rule) }
}

/// A prefix a live capture or a probe watched on one L2 domain, and when: the space where the
/// wire's silence means something (`stale-address`). A replayed file covers what
/// `--link-prefix` says it did.
public struct LinkCoverage: Sendable, Hashable {
    public var domain: String
    public var prefix: IPPrefix
    /// Epoch seconds (capture time: a replayed file covers the time its frames span).
    public var firstWatched: Double
    public var lastWatched: Double

    public init(domain: String, prefix: IPPrefix, firstWatched: Double, lastWatched: Double) {
        self.domain = domain
        self.prefix = prefix
        self.firstWatched = firstWatched
        self.lastWatched = lastWatched
    }
}

/// What one evaluation of the wire writes with its observations, in the same transaction.
public struct WireEvaluation: Sendable {
    public var verdicts: [DomainVerdicts]
    public var coverage: [LinkCoverage]
    /// Wall-clock seconds of the evaluation: a verdict's first-raised and last-evaluated time.
    public var time: Double

    public init(verdicts: [DomainVerdicts], coverage: [LinkCoverage] = [], time: Double) {
        self.verdicts = verdicts
        self.coverage = coverage
        self.time = time
    }
}

/// A verdict the store keeps open: the finding as the engine raised it, with when.
public struct StoredVerdict: Sendable, Hashable {
    public var scope: String
    public var finding: Finding
    public var firstRaised: Double
    public var lastEvaluated: Double

    public init(scope: String, finding: Finding, firstRaised: Double, lastEvaluated: Double) {
        self.scope = scope
        self.finding = finding
        self.firstRaised = firstRaised
        self.lastEvaluated = lastEvaluated
    }

    /// The finding as the audit reports it: the engine's, saying since when it stands.
    public var reported: Finding {
        var f = finding
        f.evidence["first_raised"] = .double(firstRaised)
        f.evidence["last_evaluated"] = .double(lastEvaluated)
        return f
    }

    /// The verdict's identity within its scope: a verdict raised again (same rule, domain and
    /// subject) keeps its first-raised time; one not raised again is closed.
    public static func subject(of f: Finding) -> (domain: String, subject: String) {
        let domain = f.entities.first ?? ""
        let macs = (f.macs ?? []).sorted().joined(separator: ",")
        // One address can have several sender/source MAC pairs that disagree: each its own verdict.
        if f.rule == .macMismatch, let address = f.address { return (domain, address + " " + macs) }
        // Proxy ARP names no address: its subject is the MAC answering.
        return (domain, f.address ?? macs)
    }
}

/// The store side: observations, verdicts and coverage of one evaluation are written in ONE
/// transaction, so the audit never reads verdicts without the observations behind them.
/// Verdicts of a scope not raised again are closed (the evaluation supersedes them).
public protocol WireVerdictStoring: Sendable {
    func saveObservations(_ observations: [Observation], evaluation: WireEvaluation) throws
    /// The verdicts still open, in a stable order (scope, domain, rule, subject).
    func openVerdicts() throws -> [StoredVerdict]
    /// Every span a prefix was watched, per (domain, prefix), in start order: spans within
    /// `LinkCoverage.bridge` of each other are one.
    func linkCoverage() throws -> [LinkCoverage]
    /// Both of the above from one read transaction.
    func wireState() throws -> WireState
}
