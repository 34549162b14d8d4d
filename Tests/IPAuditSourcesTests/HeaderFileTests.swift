import Foundation
import IPAuditKit
import Testing
@testable import IPAuditSources

@Suite("Header files: Name: value lines, errors by file:line without the value")
struct HeaderFileTests {
    @Test("Comments, blank lines and CRLF are skipped; values keep inner spaces")
    func parsesLines() throws {
        let fields = try HeaderFile.parse("# NetBox\r\n\r\nAuthorization: Token 0123abcd\r\nX-Tenant:  blue team \n", file: "h")
        #expect(fields == [HeaderField(name: "Authorization", value: "Token 0123abcd"), HeaderField(name: "X-Tenant", value: "blue team")])
    }

    @Test("A bad line is refused naming file and line, never echoing the value", arguments: [
        ("Authorization Token s3cr3tvalue", 2, "no ':'"),
        ("Author ization: s3cr3tvalue", 2, "header name"),
        ("Authorization:    ", 2, "value is empty"),
        ("Authorization: s3cr3tvalue\u{1}", 2, "control character"),
    ])
    func refusesBadLine(line: String, number: Int, reason: String) throws {
        let error = try #require(throws: InputError.self) { try HeaderFile.parse("Accept: application/json\n\(line)\n", file: "/etc/h") }
        #expect(error.file == "/etc/h")
        #expect(error.line == number)
        #expect(error.description.contains(reason))
        #expect(!error.description.contains("s3cr3tvalue"))
    }

    @Test("A file without a header line is refused")
    func refusesEmpty() throws {
        #expect(throws: InputError.self) { try HeaderFile.parse("# nothing\n\n", file: "h") }
    }

    @Test("A header file others may read is flagged; 0600 is not")
    func flagsLooseMode() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-hf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("h").path
        _ = FileManager.default.createFile(atPath: path, contents: Data("Authorization: Bearer x\n".utf8), attributes: [.posixPermissions: 0o644])
        #expect(try HeaderFile.load(path: path).looseMode == "644")
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        #expect(try HeaderFile.load(path: path).looseMode == nil)
    }

    @Test("A header field's description hides its value")
    func redactedDescription() {
        #expect("\(HeaderField(name: "Authorization", value: "Token abc123"))" == "Authorization: [redacted]")
    }
}
