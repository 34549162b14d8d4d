/// Bad input: names the file, the line (or JSON path) and the field, so the user can fix it.
/// Commands turn it into exit status 2 with nothing written.
public struct InputError: Error, CustomStringConvertible, Sendable {
    public let file: String?
    public let line: Int?
    public let path: String?
    public let field: String?
    public let message: String

    public init(file: String? = nil, line: Int? = nil, path: String? = nil, field: String? = nil, _ message: String) {
        self.file = file
        self.line = line
        self.path = path
        self.field = field
        self.message = message
    }

    /// Messages quote the offending text; a huge field or line must not become a huge
    /// message, so what is past `maxMessage` bytes is elided.
    public static let maxMessage = 2_000

    static func bounded(_ text: String) -> String {
        let bytes = text.utf8
        guard bytes.count > maxMessage else { return text }
        return String(decoding: bytes.prefix(maxMessage), as: UTF8.self) + "… (message of \(bytes.count) bytes cut)"
    }

    public var description: String {
        var location = file ?? "<input>"
        if let line { location += ":\(line)" }
        if let path { location += " at \(path)" }
        if let field { location += " field '\(field)'" }
        return "\(location): \(Self.bounded(message))"
    }
}
