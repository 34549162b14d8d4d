import IPCore

/// How often a watcher looks at its state and writes it out.
public struct WatchSettings: Sendable {
    /// Capture seconds between evaluations of the findings (stretched when one evaluation is
    /// slow, so a huge table costs at most a tenth of the time; in a file replay by the table's
    /// size, so the same file always gives the same events).
    public var evaluationInterval: Double = 1
    /// Wall seconds between writes of the store and the textfile (`--flush`); nil: only at the end.
    public var flushInterval: Double?
    /// A live capture: when the link is silent, its clock still moves (aging, flushes).
    public var live = false
    /// Wall seconds above which a flush is reported: it runs on the capture thread, so while a
    /// store waits (a lock, a PostgreSQL outage) the kernel's ring fills and frames drop.
    public var slowFlush: Double = 1
    /// What the watched link covers (its prefixes and connected routes, or `--link-prefix`):
    /// written to the store with each flush, so `stale-address` knows where silence counts.
    public var linkPrefixes: [IPPrefix] = []

    public init(evaluationInterval: Double = 1, flushInterval: Double? = nil, live: Bool = false) {
        self.evaluationInterval = evaluationInterval
        self.flushInterval = flushInterval
        self.live = live
    }
}
