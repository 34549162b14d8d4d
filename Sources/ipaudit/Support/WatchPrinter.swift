import Foundation
import IPAuditCapture
import IPAuditKit

/// `scan --watch`'s output: event lines on stdout as they come, the textfile on each flush,
/// the /metrics snapshot after each evaluation, and the store's trouble on stderr.
final class WatchPrinter: WatchOutput {
    let format: ReportFormat
    let prometheus: String?
    /// On every series: which watcher wrote it (one textfile per interface).
    let labels: [(name: String, value: String)]
    var metrics: MetricsServer?

    init(format: ReportFormat, prometheus: String?, labels: [(name: String, value: String)]) {
        self.format = format
        self.prometheus = prometheus
        self.labels = labels
    }

    func report(_ events: [FindingEvent]) throws {
        var text = ""
        for event in events { text += try FindingEventRenderer.render(event, as: format) }
        // One write per evaluation, straight to the descriptor: a reader sees each line at once.
        try Terminal.out(text)
    }

    func evaluated(_ snapshot: @autoclosure () -> FindingsReport) {
        metrics?.publish(snapshot())
    }

    func flush(_ snapshot: FindingsReport) throws {
        guard let prometheus else { return }
        try AtomicFile.write(FindingsRenderer.prometheus(snapshot, labels: labels), to: prometheus)
    }

    func slowFlush(seconds: Double, dropped: Int?) {
        let took = String(format: "%.1f", seconds)
        let lost = dropped.map { $0 > 0 ? "; libpcap dropped \($0) frames meanwhile" : "; no frames dropped" } ?? ""
        Terminal.warn("a flush took \(took) s on the capture thread\(lost) (a slow store: SQLite waits up to 60 s for a lock; bound PostgreSQL with connect_timeout= and timeout= in the URL)")
    }

    func storeStatus(_ error: (any Error)?, unsaved: Int) {
        if let error {
            Terminal.error("saving \(unsaved) observation\(unsaved == 1 ? "" : "s") failed (retried at the next flush; the capture goes on): \(error)")
        } else {
            Terminal.note("the store accepts observations again; nothing was lost")
        }
    }
}
