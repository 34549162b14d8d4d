import NIOCore

/// Settings speak Swift's `Duration`; swift-nio and async-http-client take `TimeAmount`.
extension TimeAmount {
    /// Saturating: a duration past what Int64 nanoseconds hold (~292 years) is that maximum,
    /// not a trap (the CLI refuses such a --timeout first; the library's callers may not).
    init(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        let (sum, overflowAgain) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        self = .nanoseconds(overflow || overflowAgain ? (seconds < 0 ? .min : .max) : sum)
    }
}
