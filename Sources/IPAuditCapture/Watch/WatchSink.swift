import Foundation
import IPAuditKit

/// The capture loop's sink in `scan --watch`: frames go to the analyzers as in a one-shot scan;
/// every `evaluationInterval` of capture time the findings are drawn again and diffed against
/// those reported (`OpenFindings`), idle state is retired (the existing aging, on time instead
/// of only on a full table), and on the flush period the store and textfile are written.
struct WatchSink: PacketSink {
    var analyzers: AnalyzerSink
    let settings: WatchSettings
    let store: (any ObservationStoring)?
    let output: any WatchOutput
    let statistics: () -> CaptureStatistics?
    private(set) var open = OpenFindings()
    private(set) var ledger = ObservationLedger()
    /// The latest frame's capture time.
    private(set) var now = -Double.infinity
    private var nextEvaluation = -Double.infinity
    private var nextRetirement = -Double.infinity
    private var nextFlush: Double
    private var interval: Double
    private var storeFailing = false
    /// This run's flush ids: a flush retried after a lost COMMIT answer is never counted twice.
    private let flushInstance = UUID().uuidString.lowercased()
    private var flushSequence = 0
    /// Failed flushes, resent under their own ids; at the end, what is left for the spool.
    private(set) var backlog = FlushBacklog()
    /// The first error the output raised (stdout closed): ends the watch.
    private(set) var outputError: (any Error)?
    /// Largest table seen at an evaluation (the bounded-memory check reads it).
    private(set) var peakTrackedAddresses = 0
    /// The verdicts of the latest evaluation per analyzer's domain (what `open` holds), and
    /// those last written to the store: a flush writes them when they changed.
    private var verdicts: [DomainVerdicts] = []
    private var savedVerdicts: [DomainVerdicts]?
    /// Wall clock of the first evaluation: a live watch covers its link from then.
    private var watchStarted: Double?

    init(analyzers: AnalyzerSink, settings: WatchSettings, store: (any ObservationStoring)?, output: any WatchOutput,
         statistics: @escaping () -> CaptureStatistics?) {
        self.analyzers = analyzers
        self.settings = settings
        self.store = store
        self.output = output
        self.statistics = statistics
        interval = settings.evaluationInterval
        nextFlush = Date().timeIntervalSince1970 + (settings.flushInterval ?? .infinity)
    }

    mutating func startInterface(_ index: Int, domainSuffix: String?) {
        analyzers.startInterface(index, domainSuffix: domainSuffix)
    }

    mutating func packet(_ bytes: UnsafeRawBufferPointer, linkType: LinkType, time: Double, frame: Int, interface: Int) {
        analyzers.packet(bytes, linkType: linkType, time: time, frame: frame, interface: interface)
        if time > now { now = time }
        if now >= nextEvaluation { evaluate() }
    }

    /// The loop's periodic call: a silent live link still ages and flushes on the wall clock.
    mutating func tick() {
        if settings.live { now = max(now, Date().timeIntervalSince1970) }
        if now >= nextEvaluation { evaluate() }
    }

    /// The last evaluation, when the capture ends (a live one at the wall clock's time).
    mutating func finish() {
        if settings.live { now = max(now, Date().timeIntervalSince1970) }
        evaluate()
    }

    /// Draws the findings, reports what changed, and flushes when the period is up.
    mutating func evaluate() {
        guard now.isFinite else { return }
        let started = Date().timeIntervalSince1970
        if now >= nextRetirement {
            // As often as the full-table aging tries: an eighth of the idle timeout.
            nextRetirement = now + analyzers.policy.idleTimeout / 8
            let retired = analyzers.retireIdle(now: now)
            // Without a store nobody takes what the ledger owes: keeping it would grow forever.
            if store != nil { ledger.retire(retired) }
        }
        if watchStarted == nil { watchStarted = settings.live ? started : now }
        let judged = analyzers.active.map { (scope: $0.domainBase, findings: $0.findings()) }
        verdicts = judged.map { DomainVerdicts(scope: $0.scope, findings: $0.findings) }
        let events = open.update(to: judged.flatMap(\.findings), time: now)
        if !events.isEmpty, outputError == nil {
            // Nobody reads the events any more (stdout closed): stop as a signal would.
            do { try output.report(events) } catch { outputError = error; StopSignal.request() }
        }
        peakTrackedAddresses = max(peakTrackedAddresses, analyzers.trackedAddresses)
        output.evaluated(self.snapshot)
        // Live, the stretch follows the measured cost. A file replay's must not depend on how
        // busy the machine is (one file, one event stream), so it follows the table's size at
        // about what an evaluation costs per tracked address.
        let cost = settings.live ? Date().timeIntervalSince1970 - started
                                 : Double(analyzers.trackedAddresses) * Self.secondsPerTrackedAddress
        interval = max(settings.evaluationInterval, cost * 10)
        nextEvaluation = now + interval
        if started >= nextFlush {
            nextFlush = started + (settings.flushInterval ?? .infinity)
            _ = flush()
        }
    }

    /// An evaluation's cost per tracked address, as measured on the week replay (about 1 ms for
    /// 600 addresses, rounded up).
    static let secondsPerTrackedAddress = 2e-6

    /// Writes the textfile and the store; returns the store's error, if the save failed.
    /// `final`: the watch's last flush, which waits for a server that is down (within the
    /// store's reconnect window) rather than failing at once.
    mutating func flush(final: Bool = false) -> (any Error)? {
        let started = Date().timeIntervalSince1970
        let droppedBefore = statistics().map(Self.drops)
        defer {
            let took = Date().timeIntervalSince1970 - started
            if took >= settings.slowFlush {
                let droppedAfter = statistics().map(Self.drops)
                output.slowFlush(seconds: took, dropped: droppedAfter.flatMap { after in droppedBefore.map { after - $0 } })
            }
        }
        let report = snapshot
        do { try output.flush(report) } catch { Self.warn("the metrics file was not written: \(error)") }
        guard let store else { return nil }
        let current = analyzers.observations
        // Failed flushes first, as they were: one whose COMMIT did land is skipped by the store.
        while let first = backlog.unsaved.first {
            do {
                try store.saveObservations(first.observations, flushIfSupported: first.flush, waitForServer: final)
                backlog.resent()
            } catch {
                // Nothing new goes out before it: the new batch's frames would be counted from
                // the same baseline. At the end the rest is spooled under a new id, less it.
                if final { keepUnsaved(ledger.pending(current: current)) }
                storeFailing = true
                output.storeStatus(error, unsaved: backlog.unsaved.reduce(0) { $0 + $1.observations.count })
                return error
            }
        }
        let batch = backlog.fresh(ledger.pending(current: current))
        // A store that keeps verdicts gets them (and the link's coverage) with the observations,
        // in one transaction: the verdicts the event stream closed are closed in the store.
        let wire = store as? any WireVerdictStoring
        let evaluation = wire == nil ? nil : self.evaluation
        guard !batch.isEmpty || (evaluation.map { !$0.coverage.isEmpty || savedVerdicts != verdicts } ?? false) else { return nil }
        flushSequence += 1
        let id = FlushID(instance: flushInstance, sequence: flushSequence)
        do {
            try store.saveObservations(batch, evaluation: evaluation, flushIfSupported: id, waitForServer: final)
            if evaluation != nil { savedVerdicts = verdicts }
            ledger.committed(current: current)
            backlog.committed()
            if storeFailing { output.storeStatus(nil, unsaved: 0) }
            storeFailing = false
            return nil
        } catch {
            storeFailing = true
            backlog.failed(UnsavedFlush(store: "", flush: id, observations: batch))
            output.storeStatus(error, unsaved: batch.count)
            return error
        }
    }

    /// Adds what `pending` owes beyond the backlog as one more unsaved flush (for the spool).
    private mutating func keepUnsaved(_ pending: [Observation]) {
        let rest = backlog.fresh(pending).filter { $0.frames > 0 }
        guard !rest.isEmpty else { return }
        flushSequence += 1
        backlog.failed(UnsavedFlush(store: "", flush: FlushID(instance: flushInstance, sequence: flushSequence), observations: rest))
    }

    /// The latest verdicts and the link watched from the first frame (or the start, live) to now.
    var evaluation: WireEvaluation {
        let first = min(watchStarted ?? now, analyzers.active.compactMap(\.frameSpan?.lowerBound).min() ?? now)
        let coverage = now.isFinite ? settings.linkPrefixes.map {
            LinkCoverage(domain: analyzers.domainBase, prefix: $0, firstWatched: first, lastWatched: now)
        } : []
        return WireEvaluation(verdicts: verdicts, coverage: coverage, time: Date().timeIntervalSince1970)
    }

    /// The open findings with the capture's counters: what /metrics and the textfile show.
    var snapshot: FindingsReport {
        FindingsReport(tool: "scan", findings: open.findings,
                       stats: Scanner.stats(of: analyzers.active, capture: statistics()))
    }

    static func drops(_ s: CaptureStatistics) -> Int { Int(s.dropped) + Int(s.interfaceDropped) }

    static func warn(_ text: String) {
        FileHandle.standardError.write(Data("ipaudit: warning: \(text)\n".utf8))
    }
}
