import IPCore

/// What one probe run did, for the report's `stats`.
public struct ProbeRunStatistics: Sendable {
    public var probesSent = 0
    /// Probes sent to each target: what a silent target's `unresponsive-address` may claim.
    public var probesPerTarget: [IPAddress: Int] = [:]
    /// Rounds that sent a probe (the first, then one per retry while targets stay silent).
    public var rounds = 0
    public var elapsed = 0.0
    /// SIGINT/SIGTERM ended the run early; the report covers what was sent.
    public var interrupted = false
    /// Sending or reading failed mid-run (the interface went down): the report covers what was
    /// heard before, and the command then exits 2.
    public var failure: CaptureError?
    public var capture: CaptureStatistics?
}
