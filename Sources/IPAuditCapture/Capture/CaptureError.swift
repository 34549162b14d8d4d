import IPAuditKit

/// Opening or running a capture failed. Turned into `InputError` (exit 2) by the command.
public struct CaptureError: Error, CustomStringConvertible, Sendable {
    public let source: String
    public let message: String

    public init(source: String, _ message: String) {
        self.source = source
        self.message = message
    }

    public var description: String { "\(source): \(message)" }

    public var inputError: InputError { InputError(file: source, message) }
}
