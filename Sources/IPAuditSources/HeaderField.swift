/// One request header from a header file. Its value is a secret: `description` never shows it.
public struct HeaderField: Sendable, Equatable, CustomStringConvertible {
    public let name: String
    public let value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    public var description: String { "\(name): [redacted]" }
}
