import IPAuditKit

/// A COMMIT went out and its answer never came back; the retry, on a new connection, found the
/// store already changed in a way the operation refuses (a `release` whose path is gone). The
/// caller should look at the store and say what is there instead of reporting `error`.
public struct CommitOutcomeUnknown: Error, CustomStringConvertible {
    public let store: String
    /// What the retry said about the store as it now is.
    public let error: any Error

    public var description: String {
        "\(store): connection lost while committing; the change may have been saved (the retry found: \(error))"
    }
}
