import Foundation
import IPAuditKit

/// How a watch ended.
public struct WatchResult {
    public var end: CaptureEnd
    public var truncation: CaptureTruncation?
    /// The final save's error: observations since the last good flush are in `unsaved`.
    public var storeError: (any Error)?
    /// What the final save could not write (each with its flush id), for the caller to spool.
    public var unsaved: [UnsavedFlush]
    /// The output's error that ended the watch (stdout closed).
    public var outputError: (any Error)?
    /// The open findings at the end.
    public var openFindings: [Finding]
    /// The largest (domain, address) table seen at an evaluation.
    public var peakTrackedAddresses: Int
    /// Bindings the store ledger still remembers at the end.
    public var ledgerEntries: Int
}

extension Scanner {
    /// `scan --watch`: runs until the capture ends (signal, duration, count, end of file),
    /// reporting findings as they open, change and close, flushing on the period and at the end.
    public static func watch(_ capture: OpenedCapture, config: CaptureConfiguration, policy: ScanPolicy, domainBase: String,
                             settings: WatchSettings, store: (any ObservationStoring)?,
                             output: any WatchOutput) throws(CaptureError) -> WatchResult {
        var settings = settings
        let statistics: () -> CaptureStatistics?
        if case .libpcap(let c) = capture {
            statistics = { c.statistics() }
            settings.live = c.isLive
        } else {
            statistics = { nil }
        }
        var policy = policy
        policy.agesOutWhenFull = false   // retireIdle does it, every eighth of the idle timeout
        var sink = WatchSink(analyzers: AnalyzerSink(policy: policy, domainBase: domainBase), settings: settings,
                             store: store, output: output, statistics: statistics)
        let tick: (inout WatchSink) -> Void = { $0.tick() }
        let end: CaptureEnd
        let truncation: CaptureTruncation?
        do throws(CaptureError) {
            switch capture {
            case .libpcap(let c):
                end = try c.run(into: &sink, duration: config.duration, count: config.count, tick: tick)
                truncation = c.truncation
            case .pcapng(let c):
                end = try c.run(into: &sink, count: config.count, tick: tick)
                truncation = c.truncation
            }
        } catch {
            // The interface went away or the file is corrupt: what was captured until then is
            // still evaluated, stored and written to the textfile (a store failure is reported
            // through the output), then the capture's error ends the watch.
            sink.finish()
            _ = sink.flush(final: true)
            throw error
        }
        sink.finish()
        let storeError = sink.flush(final: true)
        return WatchResult(end: end, truncation: truncation, storeError: storeError,
                           unsaved: storeError == nil ? [] : sink.backlog.unsaved, outputError: sink.outputError,
                           openFindings: sink.open.findings, peakTrackedAddresses: sink.peakTrackedAddresses,
                           ledgerEntries: sink.ledger.count)
    }
}
