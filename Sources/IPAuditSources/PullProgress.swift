/// Where a long pull is, for a status line on a terminal.
public struct PullProgress: Sendable {
    public let name: String
    public let pages: Int
    public let records: Int
    public let bytes: Int
    /// Seconds since the pull began: a quick pull needs no status line.
    public let elapsed: Double
}
