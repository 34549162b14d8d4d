import Foundation
import Testing

/// Issue 23: bidirectional formatting characters from inventories and plans (U+202E and the
/// rest of UAX #9's explicit controls) reach the terminal escaped, as control characters do.
/// Names may hold them (they are printable text to the importer), so they reach findings and
/// tables; a raw U+202E there makes the terminal draw the rest of the line right to left.
@Suite("terminal: bidirectional overrides from input are written escaped (CLI)")
struct TerminalBidiCLITests {
    /// Every character the escaper must catch, each in a name of its own.
    static let controls: [Unicode.Scalar] = [
        "\u{202A}", "\u{202B}", "\u{202C}", "\u{202D}", "\u{202E}", "\u{2066}", "\u{2067}", "\u{2068}", "\u{2069}",
        "\u{200E}", "\u{200F}", "\u{061C}",
    ]

    static func run(_ arguments: [String], stdin: String = "") throws -> (status: Int32, out: String, err: String) {
        let r = try ProcessRunner.run(CLIRunner.binary.path, arguments, stdin: stdin)
        return (r.status, String(decoding: r.stdoutData, as: UTF8.self), String(decoding: r.stderrData, as: UTF8.self))
    }

    /// No bidi control anywhere in `text`.
    static func raw(_ text: String) -> [String] {
        text.unicodeScalars.filter { controls.contains($0) }.map { "U+" + String($0.value, radix: 16, uppercase: true) }
    }

    @Test("Text findings: every bidi control in an entity name is shown as \\u{…}")
    func textFindings() throws {
        // One address, one entity per control: a duplicate-address finding names them all.
        var csv = "address,name\n"
        for (i, c) in Self.controls.enumerated() { csv += "10.0.0.5,host\(i)\(c)exe.txt\n" }
        let r = try Self.run(["audit", "-", "--format", "text"], stdin: csv)
        #expect(r.status == 1, "\(r.err)")
        #expect(Self.raw(r.out + r.err).isEmpty, "raw bidi controls: \(Self.raw(r.out + r.err))")
        #expect(r.out.contains("[duplicate-address] 10.0.0.5"), "\(r.out)")
        for (i, c) in Self.controls.enumerated() {
            let escaped = "host\(i)\\u{\(String(c.value, radix: 16))}exe.txt"
            #expect(r.out.contains(escaped), "\(escaped) in \(r.out)")
        }
        // JSON keeps the name as it is (escaping there is the JSON encoder's business).
        let json = try Self.run(["audit", "-", "--format", "json"], stdin: csv)
        #expect(json.out.contains("host4\u{202E}exe.txt") || json.out.contains("host4\\u202eexe.txt"), "\(json.out.prefix(400))")
    }

    @Test("Tables: a plan's region name with U+202E in allocate's table is escaped")
    func tables() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = dir.appendingPathComponent("plan.yaml")
        try "pools: [10.0.0.0/16]\nregions:\n  - name: \"eu\u{202E}1ue\"\n    zones:\n      - name: \"z\u{2067}a\u{2069}\"\n"
            .write(to: plan, atomically: true, encoding: .utf8)
        let store = dir.appendingPathComponent("s.db").path
        let table = try Self.run(["allocate", "--store", store, "--plan", plan.path])
        #expect(table.status == 0, "\(table.err)")
        #expect(Self.raw(table.out + table.err).isEmpty, "raw bidi controls in the table: \(table.out)")
        #expect(table.out.contains("eu\\u{202e}1ue"), "\(table.out)")
        #expect(table.out.contains("z\\u{2067}a\\u{2069}"), "\(table.out)")
        // An ordinary right-to-left name is text, not a control: it stays as it is.
        try "pools: [10.1.0.0/16]\nregions:\n  - name: \"\u{5E9}\u{5DC}\u{5D5}\u{5DD}\"\n    zones:\n      - name: z1\n"
            .write(to: plan, atomically: true, encoding: .utf8)
        let hebrew = try Self.run(["allocate", "--store", dir.appendingPathComponent("h.db").path, "--plan", plan.path])
        #expect(hebrew.status == 0, "\(hebrew.err)")
        #expect(hebrew.out.contains("\u{5E9}\u{5DC}\u{5D5}\u{5DD}"), "\(hebrew.out)")
    }
}
