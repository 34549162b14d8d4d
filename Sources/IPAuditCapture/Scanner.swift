import Foundation
import IPAuditKit

/// What one scan produced: the report (findings + stats) and the observations for `--store`.
public struct ScanResult: Sendable {
    public var report: FindingsReport
    public var observations: [Observation]
    /// The bindings table, when asked for (`--bindings`, JSON).
    public var bindings = BindingsTable(parts: [])
    /// The findings per analyzer's domain, for the store (the same the report holds).
    public var verdicts: [DomainVerdicts]
    /// Capture times of the first and last frame analysed.
    public var frameSpan: ClosedRange<Double>?
    public var end: CaptureEnd
    /// Where the file ended inside a record, when it did (`end == .truncated`).
    public var truncation: CaptureTruncation?
}

/// Progress shown on the status line while attached to a terminal.
public struct ScanProgress: Sendable {
    public var packets: Int
    public var packetsPerSecond: Double
    public var dropped: UInt32?
    public var multiMACAddresses: Int
}

/// An open capture: libpcap's (live interfaces, classic pcap files) or the pcapng block reader's.
public enum OpenedCapture {
    case libpcap(PacketCapture)
    case pcapng(PcapngCapture)
}

/// One scan, start to end: open, capture, analyse, conclude.
public enum Scanner {
    /// Opens the interface or file (what may need privileges); nothing is read yet.
    public static func open(_ config: CaptureConfiguration) throws(CaptureError) -> OpenedCapture {
        if case .file(let path) = config.source, PcapngCapture.isPcapng(path: path) {
            return .pcapng(try PcapngCapture(path: path, filter: config.filter))
        }
        return .libpcap(try PacketCapture.open(config))
    }

    /// Opens and runs in one step.
    public static func run(_ config: CaptureConfiguration, policy: ScanPolicy, domainBase: String,
                           observations wantObservations: Bool = false,
                           progress: ((ScanProgress) -> Void)? = nil) throws(CaptureError) -> ScanResult {
        try run(open(config), config: config, policy: policy, domainBase: domainBase,
                observations: wantObservations, progress: progress)
    }

    /// `observations`: also return one observation per (domain, address, MAC), for `--store`
    /// (off by default: a million addresses make a million rows of text).
    public static func run(_ capture: OpenedCapture, config: CaptureConfiguration, policy: ScanPolicy, domainBase: String,
                           observations wantObservations: Bool = false, bindings wantBindings: Bool = false,
                           progress: ((ScanProgress) -> Void)? = nil) throws(CaptureError) -> ScanResult {
        var sink = AnalyzerSink(policy: policy, domainBase: domainBase)
        let started = Date().timeIntervalSince1970
        var lastReport = started
        let statistics: () -> CaptureStatistics?
        if case .libpcap(let c) = capture { statistics = { c.statistics() } } else { statistics = { nil } }
        let tick: (inout AnalyzerSink) -> Void = { current in
            guard let progress else { return }
            let now = Date().timeIntervalSince1970
            guard now - lastReport >= 0.5 else { return }
            lastReport = now
            let packets = current.packets
            progress(ScanProgress(packets: packets, packetsPerSecond: Double(packets) / max(now - started, 1e-3),
                                  dropped: statistics()?.dropped, multiMACAddresses: current.multiMACAddresses))
        }
        let end: CaptureEnd
        let truncation: CaptureTruncation?
        var stats: [String: JSONValue] = [:]
        switch capture {
        case .libpcap(let c):
            end = try c.run(into: &sink, duration: config.duration, count: config.count, tick: tick)
            truncation = c.truncation
            stats["source"] = .string(c.name)
            stats["link_type"] = .string(PacketCapture.linkTypeName(c.handle))
        case .pcapng(let c):
            end = try c.run(into: &sink, count: config.count, tick: tick)
            truncation = c.truncation
            stats["source"] = .string(c.name)
            stats["link_type"] = .string(c.linkTypeNames)
            stats["interfaces"] = .int(c.interfaceCount)
        }
        let elapsed = Date().timeIntervalSince1970 - started
        let analyzers = sink.active
        stats.merge(Self.stats(of: analyzers, capture: statistics())) { a, _ in a }
        stats["end"] = .string(end.rawValue)
        stats["elapsed_seconds"] = .double((elapsed * 1000).rounded() / 1000)
        if let truncation {
            stats["truncated_at_byte"] = .int(truncation.offset)
            stats["truncated_after_frame"] = .int(truncation.lastFrame)
        }
        let judged = analyzers.map { (scope: $0.domainBase, findings: $0.findings()) }
        let verdicts = judged.map { DomainVerdicts(scope: $0.scope, findings: $0.findings) }
        let report = FindingsReport(tool: "scan", findings: judged.flatMap(\.findings), stats: stats)
        let spans = analyzers.compactMap(\.frameSpan)
        return ScanResult(report: report, observations: wantObservations ? analyzers.flatMap { $0.observations() } : [],
                          bindings: BindingsTable(parts: wantBindings ? analyzers.flatMap { $0.bindings().parts } : []),
                          verdicts: verdicts,
                          frameSpan: spans.isEmpty ? nil : spans.map(\.lowerBound).min()!...spans.map(\.upperBound).max()!,
                          end: end, truncation: truncation)
    }

    /// The counters of a capture so far: packets by kind, tracked addresses, and libpcap's
    /// received and dropped counts for a live one.
    static func stats(of analyzers: [WireAnalyzer], capture: CaptureStatistics?) -> [String: JSONValue] {
        var stats = ScanCounters.sum(analyzers.map(\.counters)).stats
        stats["tracked_addresses"] = .int(analyzers.reduce(0) { $0 + $1.trackedAddresses })
        if let s = capture {
            stats["received"] = .int(Int(s.received))
            stats["dropped"] = .int(Int(s.dropped))
            stats["ifdropped"] = .int(Int(s.interfaceDropped))
        }
        return stats
    }
}
