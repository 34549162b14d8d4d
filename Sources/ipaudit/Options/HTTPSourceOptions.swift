import ArgumentParser
import Foundation
import IPAuditKit
import IPAuditSources

/// How http:// and https:// inventory inputs are fetched; shared by import, audit and scan.
struct HTTPSourceOptions: ParsableArguments, URLInputSettings {
    @OptionGroup var access: HTTPAccessOptions

    @Option(name: .long, help: ArgumentHelp("Further attempts for a URL input after a lost connection or a 5xx answer (with backoff).", valueName: "N"))
    var retries = 3

    func validate() throws {
        guard (0...10).contains(retries) else { throw ValidationError("--retries must be between 0 and 10") }
    }

    func inputs(_ loader: InventoryLoader, locations: [String]) throws -> InventoryInputs {
        try access.inputs(loader, locations: locations, retries: retries)
    }

    /// Long pulls only: a quick one would just flicker.
    static func showProgress(_ progress: PullProgress) {
        guard progress.elapsed >= 1 else { return }
        let megabytes = Double(progress.bytes) / 1_048_576
        Terminal.err("\r\u{1b}[Kpulling \(progress.name): page \(progress.pages), \(progress.records) objects, "
                     + String(format: "%.1f MB", megabytes))
    }

    /// One input; a status line left by its pull is cleared whatever the outcome, so that an
    /// error message starts a clean line.
    static func load(_ location: String, source: String? = nil, with inputs: inout InventoryInputs) throws -> Inventory {
        defer { if InventoryInputs.isURL(location) { clearProgress() } }
        return try inputs.load(location, source: source)
    }

    static func clearProgress() {
        if Terminal.stderrIsTerminal { Terminal.err("\r\u{1b}[K") }
    }
}

/// Where FILE and URL inputs get their pull settings.
protocol URLInputSettings {
    /// FILE and URL inputs over one loader; a status line on a terminal during long pulls.
    func inputs(_ loader: InventoryLoader, locations: [String]) throws -> InventoryInputs
}

/// How a URL input is reached: its headers, whom to trust, how long it may take. `probe` takes
/// these without `--retries`, which counts its probes; its pulls make the default attempts.
struct HTTPAccessOptions: ParsableArguments, URLInputSettings {
    @Option(name: .customLong("header-file"), help: ArgumentHelp(
        "Request headers for URL inputs, one 'Name: value' line each (e.g. 'Authorization: Token ...'); keep it mode 0600.",
        valueName: "FILE"))
    var headerFile: String?

    @Option(name: .long, help: ArgumentHelp("PEM file of a private CA trusted (besides the system roots) for https:// inputs.", valueName: "FILE"))
    var cacert: String?

    @Flag(name: .long, help: "Do not check https:// inputs' certificates (the token and the inventory are then open to anyone on the path).")
    var insecure = false

    @Option(name: .long, help: ArgumentHelp("Limit for the whole pull of each URL input: all pages, redirects, retries and the waits between them (same forms as scan --duration; at most 24h).", valueName: "TIME"))
    var timeout = Given<TimeSpan>(argument: "5m")

    static let maxTimeoutSeconds: Double = 24 * 3600

    func validate() throws {
        let seconds = try timeout.value("--timeout").seconds
        // Beyond a day is no limit a cron run needs, and past ~292 years the nanosecond count
        // swift-nio keeps would overflow.
        guard seconds <= Self.maxTimeoutSeconds else { throw ValidationError("--timeout '\(timeout.text)': at most 24h") }
    }

    /// Reads the header file (refusing a bad line by file:line, never showing a value) and
    /// warns about what weakens the pull: a header file others may read, its headers sent in
    /// clear over http://, --insecure.
    func settings(locations: [String] = [], retries: Int = HTTPSourceSettings().retries) throws -> HTTPSourceSettings {
        var settings = HTTPSourceSettings()
        if let headerFile {
            let file = try HeaderFile.load(path: headerFile)
            if let mode = file.looseMode {
                Terminal.warn("\(headerFile): group or others may read it (mode \(mode)); chmod 600 \(headerFile)")
            }
            settings.headers = file.fields
            if !file.fields.isEmpty, let warning = SourceURL.plainHTTPHeaderWarning(locations) { Terminal.warn(warning) }
        }
        settings.caCertificateFile = cacert
        settings.insecure = insecure
        if insecure {
            Terminal.warn("--insecure: https:// certificates are not checked; anyone on the path can read the headers and change the inventory")
        }
        let seconds = (try? timeout.value("--timeout").seconds) ?? 300
        settings.timeout = .milliseconds(Int64((seconds * 1000).rounded(.up)))
        settings.retries = retries
        return settings
    }

    func inputs(_ loader: InventoryLoader, locations: [String]) throws -> InventoryInputs {
        try inputs(loader, locations: locations, retries: HTTPSourceSettings().retries)
    }

    func inputs(_ loader: InventoryLoader, locations: [String], retries: Int) throws -> InventoryInputs {
        let http = locations.contains(where: InventoryInputs.isURL) ? try settings(locations: locations, retries: retries) : HTTPSourceSettings()
        var progress: (@Sendable (PullProgress) -> Void)?
        if Terminal.stderrIsTerminal { progress = { HTTPSourceOptions.showProgress($0) } }
        return InventoryInputs(loader: loader, http: http, progress: progress)
    }
}
