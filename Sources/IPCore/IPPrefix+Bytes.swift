extension IPPrefix {
    /// Parses UTF-8 bytes without building a String first: the hot path for files of
    /// millions of lines. `bareAddress` lets a plain address stand for its /32 or /128.
    /// The error's `input` is built only when parsing fails.
    @inlinable
    public init(utf8 bytes: UnsafeBufferPointer<UInt8>, bareAddress: Bool = true, masking: Bool = false) throws(IPParseError) {
        do throws(TextParser.Failure) {
            self = try TextParser.prefix(bytes, start: 0, end: bytes.count, bareAddress: bareAddress, masking: masking)
        } catch {
            throw IPParseError(input: String(decoding: bytes, as: UTF8.self), position: error.position,
                               reason: error.reason, suggestion: error.suggestion)
        }
    }
}

extension IPAddress {
    @inlinable
    public init(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(IPParseError) {
        do throws(TextParser.Failure) {
            self = try TextParser.address(bytes, start: 0, end: bytes.count)
        } catch {
            throw IPParseError(input: String(decoding: bytes, as: UTF8.self), position: error.position,
                               reason: error.reason, suggestion: error.suggestion)
        }
    }
}
