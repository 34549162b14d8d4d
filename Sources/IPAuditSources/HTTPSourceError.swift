/// A pull that failed: the URL (without credentials or query), the HTTP status when there was
/// an answer, and what went wrong (the start of the answer's body, or the transport's error).
/// Commands exit 2 on it with nothing stored.
public struct HTTPSourceError: Error, CustomStringConvertible, Sendable {
    public let url: String
    public let status: Int?
    public let detail: String

    public init(url: String, status: Int? = nil, _ detail: String) {
        self.url = url
        self.status = status
        self.detail = detail
    }

    public var description: String {
        if let status { return "HTTP \(status) from \(url): \(detail)" }
        return "\(url): \(detail)"
    }
}
