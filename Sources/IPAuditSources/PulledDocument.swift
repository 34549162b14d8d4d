/// A whole inventory fetched from a URL, pages merged into one document that the inventory
/// readers take as they take a file.
public struct PulledDocument: Sendable {
    /// The URL without credentials and query: the name errors, output and the store show.
    public let name: String
    public let bytes: [UInt8]
    public let pages: Int
    /// Facts about the pull worth a note (a list restarted, a count that moved under us).
    public let notes: [String]
}
