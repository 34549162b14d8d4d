import Foundation
import IPAuditKit

/// `--header-file FILE`: one `Name: value` line per header, so tokens stay off the command
/// line (where `ps` and shell history show them). Blank lines and `#` comments are skipped.
/// Errors name the file and line, never the value.
public struct HeaderFile: Sendable {
    public let path: String
    public let fields: [HeaderField]
    /// Set when group or others may read the file (mode shown as octal): a token there is not secret.
    public let looseMode: String?

    /// A header file is a few lines; anything larger is not one.
    static let maxBytes = 64 << 10

    public static func load(path: String) throws -> HeaderFile {
        let bytes = try InputReader.readAll(path, limit: maxBytes)
        let fields = try parse(String(decoding: bytes, as: UTF8.self), file: path)
        var looseMode: String?
        var st = stat()
        // A file opened before root was given up is looked at through that descriptor: by name,
        // the user the run became may not even see it.
        let looked: Int32
        if let fd = HeldInputs.descriptor(path) {
            looked = fstat(fd, &st)
            close(fd)
        } else {
            looked = stat(path, &st)
        }
        if looked == 0, (st.st_mode & S_IFMT) == S_IFREG, st.st_mode & 0o077 != 0 {
            looseMode = String(st.st_mode & 0o7777, radix: 8)
        }
        return HeaderFile(path: path, fields: fields, looseMode: looseMode)
    }

    static func parse(_ text: String, file: String) throws -> [HeaderField] {
        var fields: [HeaderField] = []
        var number = 0
        // "\r\n" is one Character in Swift: isNewline splits on it as on "\n".
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            number += 1
            let trimmed = line.drop(while: { $0 == " " || $0 == "\t" })
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else {
                throw InputError(file: file, line: number, "expected 'Name: value' (no ':' on the line)")
            }
            let name = String(line[..<colon])
            guard !name.isEmpty, name.utf8.allSatisfy(isTokenByte) else {
                throw InputError(file: file, line: number, field: "name",
                                 "a header name is letters, digits and !#$%&'*+-.^_`|~ with no spaces before the ':'")
            }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: " \t"))
            guard !value.isEmpty else {
                throw InputError(file: file, line: number, field: name, "the value is empty")
            }
            // Control characters would split or corrupt the request; the value itself is not shown.
            guard value.unicodeScalars.allSatisfy({ $0 == "\t" || ($0.value >= 0x20 && $0.value != 0x7F) }) else {
                throw InputError(file: file, line: number, field: name, "the value holds a control character")
            }
            fields.append(HeaderField(name: name, value: value))
        }
        guard !fields.isEmpty else { throw InputError(file: file, "no 'Name: value' lines") }
        return fields
    }

    /// RFC 9110 token characters.
    private static func isTokenByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        default:
            return "!#$%&'*+-.^_`|~".utf8.contains(byte)
        }
    }
}
