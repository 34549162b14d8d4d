import ArgumentParser
import Foundation
import IPAuditCapture
import IPAuditKit
import IPCore

/// `scan --watch`: the long-running form, for systemd and for arpwatch users.
extension Scan {
    /// How a watch runs, or nil without --watch (whose options then make no sense).
    struct WatchRequest {
        var settings = WatchSettings()
        var metricsListen: ListenAddress?
    }

    func watchRequest() throws -> WatchRequest? {
        guard watch else {
            if flush != nil { throw ValidationError("--flush needs --watch") }
            if metricsListen != nil { throw ValidationError("--metrics-listen needs --watch") }
            if spoolDir != nil { throw ValidationError("--spool-dir needs --watch") }
            return nil
        }
        var request = WatchRequest()
        request.settings.flushInterval = try flush?.value("--flush").seconds
        request.metricsListen = try metricsListen?.value("--metrics-listen")
        if output.format != .text && output.format != .json {
            throw ValidationError("--watch prints events as text or JSON lines; --format \(output.format.rawValue) is for one-shot reports (use --prometheus or --metrics-listen for metrics)")
        }
        // Silently ignored they would mislead: a watch's status never depends on findings, and
        // every event line is already only the finding.
        if output.failOn != nil { throw ValidationError("--fail-on has no effect with --watch: a watch exits 0 when stopped, whatever the findings") }
        if bindings { throw ValidationError("--bindings is for one-shot reports: a watch prints findings as they open, change and close") }
        if output.quiet { throw ValidationError("--quiet has no effect with --watch: the events have no headings or summary to leave out") }
        return request
    }

    /// The store with its retention applied at each flush (see `RetentionOnFlush`).
    static func retaining(_ store: any ObservationStoring) -> any ObservationStoring {
        guard let retaining = store as? any ObservationStoring & StoreRetaining & WireVerdictStoring else { return store }
        return RetentionOnFlush(store: retaining) { Terminal.warn("applying the store's retention failed (the save stands): \($0)") }
    }

    func runWatch(_ scan: ScanRun, policy: ScanPolicy, settings request: WatchRequest,
                  store: (any ObservationStoring)?, linkPrefixes: [IPPrefix]) throws {
        // `scan --watch | jq` whose reader exits: without this the kernel kills the watcher
        // before the final flush; ignored, the write fails with EPIPE, the checked writer
        // reports it and the watch ends as on a signal, flushing first.
        signal(SIGPIPE, SIG_IGN)
        // Every series names its watcher's L2 domain: ipaudit-scan@eth0 and @eth1 write the
        // same metrics into two textfiles, which node_exporter must tell apart.
        let labels = [(name: "l2_domain", value: scan.domain)]
        let printer = WatchPrinter(format: output.format, prometheus: output.prometheus, labels: labels)
        if let listen = request.metricsListen, let metricsListen = metricsListen?.text {
            do {
                let server = try MetricsServer(host: listen.host, port: listen.port, initial: FindingsReport(tool: "scan", findings: []),
                                               labels: labels)
                printer.metrics = server
                Terminal.note("serving metrics on http://\(server.address)/metrics")
                if server.servesEveryInterface {
                    Terminal.warn("--metrics-listen \(metricsListen): /metrics is served to every network this host is on, "
                                  + "without authentication (it names addresses and findings); listen on 127.0.0.1 or one interface's address, or firewall the port")
                }
            } catch {
                // The listener is opened after root is given up (the scan runs as --user from the
                // moment the device is open), so a privileged port is refused even under root.
                let why = (1..<1024).contains(listen.port)
                    ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE, and the listener starts after the privileges are dropped: use a port from 1024 up, e.g. 9740)"
                    : ""
                throw InputError(path: metricsListen, field: "--metrics-listen", "cannot listen: \(error)\(why)")
            }
        }
        defer { printer.metrics?.stop() }
        if let store { replaySpool(into: store) }
        var settings = request.settings
        settings.linkPrefixes = linkPrefixes
        let result: WatchResult
        do throws(CaptureError) {
            result = try scan.watch(policy: policy, settings: settings, store: store.map(Self.retaining), output: printer)
        } catch {
            throw error.inputError
        }
        if let cut = result.truncation {
            Terminal.warn("\(scan.request.capture.name): the record at byte \(cut.offset) is cut (\(cut.detail)); the watch covered frames 1-\(cut.lastFrame)")
        }
        if let error = result.outputError { throw error }
        if let error = result.storeError {
            spool(result.unsaved)
            throw error
        }
        // Stopped by a signal, its duration or count, or the end of the file: the events were
        // the report, so findings do not set the status.
    }
}
