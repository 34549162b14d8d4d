import Foundation

/// Where bytes stop being UTF-8.
///
/// Decoding invalid bytes replaces them with U+FFFD, so `host\xff1` and `host\xfe1` both
/// become `host\u{fffd}1`: two machines would become one entity and their duplicate address
/// would vanish. Inputs are checked here first and refused with the place of the bad byte.
public enum UTF8Check {
    /// The offset of the first byte that is not part of a well-formed UTF-8 sequence, or nil.
    /// ASCII, the usual case, is skipped eight bytes at a time.
    public static func firstInvalid(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let n = bytes.count
        var i = 0
        while i < n {
            if i + 8 <= n {
                let word = UnsafeRawPointer(bytes.baseAddress! + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            let b0 = bytes[i]
            if b0 < 0x80 { i += 1; continue }
            let length: Int, low: UInt8, high: UInt8  // the allowed range of the second byte
            switch b0 {
            case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
            case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)  // no overlong forms
            case 0xED: (length, low, high) = (3, 0x80, 0x9F)  // no surrogates
            case 0xE1...0xEC, 0xEE...0xEF: (length, low, high) = (3, 0x80, 0xBF)
            case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
            case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
            case 0xF4: (length, low, high) = (4, 0x80, 0x8F)  // nothing past U+10FFFF
            default: return i
            }
            guard i + length <= n, (low...high).contains(bytes[i + 1]) else { return i }
            for k in 2..<length where bytes[i + k] & 0xC0 != 0x80 { return i }
            i += length
        }
        return nil
    }

    public static func firstInvalid(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { firstInvalid($0) }
    }

    /// The message for a bad byte: which byte, and why it is not read as text.
    public static func message(byte: UInt8) -> String {
        "not valid UTF-8 (byte 0x\(String(byte, radix: 16, uppercase: true))); ipaudit reads text as UTF-8 only, "
            + "as bytes it cannot decode would make distinct names one"
    }

    /// An `InputError` for `bytes` of a text file (YAML, a plan): the line of the bad byte and,
    /// when that line is `key: value`, the key as the field.
    public static func check(_ bytes: [UInt8], file: String, keyed: Bool = true) throws {
        guard let bad = firstInvalid(bytes) else { return }
        let lineStart = bytes[..<bad].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        let line = bytes[..<bad].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
        let before = String(decoding: bytes[lineStart..<bad], as: UTF8.self)
        var field: String?
        if keyed, let colon = before.firstIndex(of: ":") {
            let key = before[..<colon].trimmingCharacters(in: .whitespaces)
            let bare = key.hasPrefix("- ") ? String(key.dropFirst(2)) : key
            let unquoted = bare.trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            // A plain `key:` line (YAML); a JSON line holds many keys and names none of them.
            if !unquoted.isEmpty, unquoted.count <= 64, !unquoted.contains(where: { "{}[],\"".contains($0) }) { field = unquoted }
        }
        throw InputError(file: file, line: line, field: field, message(byte: bytes[bad]))
    }
}
