import IPAuditKit

/// How inventories are fetched: headers (from a header file), trust, time limits, retries.
public struct HTTPSourceSettings: Sendable {
    public var headers: [HeaderField] = []
    /// PEM file of a private CA, trusted in addition to the system roots.
    public var caCertificateFile: String?
    /// No certificate checks at all (only when the user asks; the command warns).
    public var insecure = false
    public var connectTimeout: Duration = .seconds(10)
    /// The whole pull of one URL: every page, redirect and attempt, and the waits between
    /// attempts, from the first connection to the last byte (a cron run must end).
    public var timeout: Duration = .seconds(300)
    /// Further attempts after a connection lost mid-request or a 5xx answer (a refused
    /// connection is retried by the client itself within `connectTimeout`).
    public var retries = 3
    /// The first wait between attempts; it doubles each time.
    public var retryDelay: Duration = .milliseconds(500)
    public var maxRedirects = 5
    /// The whole pull (all pages together) may not exceed the file input cap.
    public var sizeLimit = InputReader.defaultLimit

    public init() {}
}
