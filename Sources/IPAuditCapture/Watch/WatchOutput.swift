import IPAuditKit

/// Where a watcher's results go while it runs (the command prints, writes files, serves metrics).
/// Called on the capture loop's thread, one call at a time.
public protocol WatchOutput: AnyObject {
    /// Changes of the open findings, as soon as an evaluation sees them.
    func report(_ events: [FindingEvent]) throws
    /// After every evaluation: the open findings and the counters (built only if asked for:
    /// a replay evaluates thousands of times).
    func evaluated(_ snapshot: @autoclosure () -> FindingsReport)
    /// Every flush period and at the end: the textfile metrics. A failure is reported, not fatal.
    func flush(_ snapshot: FindingsReport) throws
    /// A save to the store failed (it is retried at the next flush) or, `error` nil, succeeded again.
    func storeStatus(_ error: (any Error)?, unsaved: Int)
    /// A flush took `seconds` (over `WatchSettings.slowFlush`) on the capture thread; `dropped`:
    /// the frames libpcap dropped meanwhile (nil when not live).
    func slowFlush(seconds: Double, dropped: Int?)
}
