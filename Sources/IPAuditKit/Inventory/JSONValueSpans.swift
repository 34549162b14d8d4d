import Foundation

/// A byte-level walk over JSON text that finds where values start and end without building
/// them: the streamed JSON inventory reader hands each record's bytes to the parser alone, so
/// only one record's tree is alive at a time, never the whole file's.
///
/// It checks only the punctuation between the spans it returns (brackets, commas, colons,
/// white space); every span is then parsed by `JSONSerialization`, which checks the rest. Any
/// doubt (a BOM, a byte it does not expect) is `nil`: the caller then parses the whole file
/// as before, which gives the same records or the same error message.
struct JSONValueSpans {
    let bytes: UnsafeBufferPointer<UInt8>
    var position: Int

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        position = 0
    }

    var atEnd: Bool { position >= bytes.count }
    var current: UInt8? { atEnd ? nil : bytes[position] }

    mutating func skipWhiteSpace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default: return
            }
        }
    }

    /// Consumes `byte` (after white space) or returns false.
    mutating func take(_ byte: UInt8) -> Bool {
        skipWhiteSpace()
        guard current == byte else { return false }
        position += 1
        return true
    }

    /// The span of the value that starts here (after white space), or nil when none can start.
    mutating func value() -> Range<Int>? {
        skipWhiteSpace()
        let start = position
        guard let first = current else { return nil }
        switch first {
        case UInt8(ascii: "\""):
            guard skipString() else { return nil }
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            guard skipContainer() else { return nil }
        default:
            // A number or a literal: its characters up to the next delimiter; the parser judges them.
            while let b = current, !Self.delimits(b) { position += 1 }
            guard position > start else { return nil }
        }
        return start..<position
    }

    /// Past the closing quote; false at the end of the input. Escapes are skipped, not judged.
    private mutating func skipString() -> Bool {
        position += 1
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\""):
                position += 1
                return true
            case UInt8(ascii: "\\"): position += 2
            default: position += 1
            }
        }
        return false
    }

    /// Past the bracket that closes the one here, counting brackets outside strings (whether
    /// they pair up is the parser's to check when it reads the span).
    private mutating func skipContainer() -> Bool {
        var depth = 0
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "\""):
                guard skipString() else { return false }
                continue
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 {
                    position += 1
                    return true
                }
            default: break
            }
            position += 1
        }
        return false
    }

    private static func delimits(_ b: UInt8) -> Bool {
        switch b {
        case 0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: ","), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ":"),
             UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "\""): true
        default: false
        }
    }

    /// The span parsed on its own, as `JSONSerialization` parses it inside the whole file;
    /// nil when it is not valid JSON.
    func parse(_ span: Range<Int>) -> Any? {
        let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: bytes.baseAddress! + span.lowerBound),
                        count: span.count, deallocator: .none)
        return try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
    }

    /// An object's key: plain ASCII is read directly, anything else by the parser.
    func key(_ span: Range<Int>) -> String? {
        guard span.count >= 2, bytes[span.lowerBound] == UInt8(ascii: "\"") else { return nil }
        let inner = bytes[(span.lowerBound + 1)..<(span.upperBound - 1)]
        if inner.allSatisfy({ $0 >= 0x20 && $0 < 0x80 && $0 != UInt8(ascii: "\\") && $0 != UInt8(ascii: "\"") }) {
            return String(decoding: UnsafeBufferPointer(rebasing: inner), as: UTF8.self)
        }
        return parse(span) as? String
    }
}
