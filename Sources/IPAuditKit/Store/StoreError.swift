/// A store operation that failed, said in words: what failed, which store, and the engine's
/// own code kept as detail (never the SQL statement).
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public let store: String
    public let reason: String
    public let detail: String?

    public init(store: String, reason: String, detail: String? = nil) {
        self.store = store
        self.reason = reason
        self.detail = detail
    }

    public var description: String {
        "store \(store): \(reason)" + (detail.map { " (\($0))" } ?? "")
    }
}
