import Foundation
import IPAuditKit

/// Feeds captured frames to the analyzer (the capture loop's sink).
struct AnalyzerSink: PacketSink {
    var analyzer: WireAnalyzer

    mutating func packet(_ bytes: UnsafeRawBufferPointer, linkType: LinkType, time: Double, frame: Int) {
        analyzer.process(bytes, linkType: linkType, time: time, frame: frame)
    }
}

/// What one scan produced: the report (findings + stats) and the observations for `--store`.
public struct ScanResult: Sendable {
    public var report: FindingsReport
    public var observations: [Observation]
    public var end: CaptureEnd
}

/// Progress shown on the status line while attached to a terminal.
public struct ScanProgress: Sendable {
    public var packets: Int
    public var packetsPerSecond: Double
    public var dropped: UInt32?
    public var multiMACAddresses: Int
}

/// One scan, start to end: open, capture, analyse, conclude.
public enum Scanner {
    /// `observations`: also return one observation per (domain, address, MAC), for `--store`
    /// (off by default: a million addresses make a million rows of text).
    public static func run(_ config: CaptureConfiguration, policy: ScanPolicy, domainBase: String,
                           observations wantObservations: Bool = false,
                           progress: ((ScanProgress) -> Void)? = nil) throws(CaptureError) -> ScanResult {
        let capture = try PacketCapture.open(config)
        var sink = AnalyzerSink(analyzer: WireAnalyzer(policy: policy, domainBase: domainBase))
        let started = Date().timeIntervalSince1970
        var lastReport = started
        let end = try capture.run(into: &sink, duration: config.duration, count: config.count) { current in
            guard let progress else { return }
            let now = Date().timeIntervalSince1970
            guard now - lastReport >= 0.5 else { return }
            lastReport = now
            let packets = current.analyzer.counters.packets
            progress(ScanProgress(packets: packets, packetsPerSecond: Double(packets) / max(now - started, 1e-3),
                                  dropped: capture.statistics()?.dropped,
                                  multiMACAddresses: current.analyzer.counters.multiMACAddresses))
        }
        let elapsed = Date().timeIntervalSince1970 - started
        var stats = sink.analyzer.counters.stats
        stats["tracked_addresses"] = .int(sink.analyzer.trackedAddresses)
        stats["source"] = .string(capture.name)
        stats["link_type"] = .string(PacketCapture.linkTypeName(capture.handle))
        stats["end"] = .string(end.rawValue)
        stats["elapsed_seconds"] = .double((elapsed * 1000).rounded() / 1000)
        if let s = capture.statistics() {
            stats["received"] = .int(Int(s.received))
            stats["dropped"] = .int(Int(s.dropped))
            stats["ifdropped"] = .int(Int(s.interfaceDropped))
        }
        let report = FindingsReport(tool: "scan", findings: sink.analyzer.findings(), stats: stats)
        return ScanResult(report: report, observations: wantObservations ? sink.analyzer.observations() : [], end: end)
    }
}
