import Foundation
import Testing

/// Issue 27: ESC and BEL from an inventory or a plan never reach the terminal raw. Each input
/// path is checked on the raw bytes ipaudit writes (stdout and stderr), not on decoded text.
@Suite("terminal: control characters from input are written escaped (CLI)")
struct TerminalEscapeCLITests {
    /// Clears the screen, sets the window title, rings the bell.
    static let payload = "\u{1b}[2J\u{1b}]0;owned\u{7}"

    /// Runs ipaudit capturing raw bytes (CLIRunner decodes them as text).
    static func run(_ arguments: [String], stdin: String = "", in dir: URL? = nil) throws -> (status: Int32, out: Data, err: Data) {
        let run = try ProcessRunner.run(CLIRunner.binary.path, arguments, stdin: stdin, currentDirectory: dir)
        return (run.status, run.stdoutData, run.stderrData)
    }

    /// No ESC, BEL or C1 CSI byte anywhere, and the payload shown written out where expected.
    static func expectEscaped(_ r: (status: Int32, out: Data, err: Data), shownOn stream: KeyPath<(status: Int32, out: Data, err: Data), Data>,
                              _ comment: Comment) {
        for (name, data) in [("stdout", r.out), ("stderr", r.err)] {
            #expect(!data.contains(0x1B) && !data.contains(0x07), "\(comment): raw control byte on \(name): \(String(decoding: data, as: UTF8.self))")
            #expect(!Array(data).indices.dropLast().contains { data[data.startIndex + $0] == 0xC2 && data[data.startIndex + $0 + 1] == 0x9B },
                    "\(comment): raw CSI on \(name)")
        }
        let shown = String(decoding: r[keyPath: stream], as: UTF8.self)
        #expect(shown.contains("\\x1b[2J\\x1b]0;owned\\x07"), "\(comment): \(shown)")
    }

    @Test("An address and a role in CSV, JSON and YAML inventories: the error quotes them escaped")
    func inventoryErrors() throws {
        let p = Self.payload
        let inputs: [(String, String)] = [
            ("address,name\n10.0.0.\(p),a\n", "csv address"),
            ("address,name,role\n10.0.0.1,a,\(p)\n", "csv role"),
            ("[{\"address\": \"10.0.0.1\", \"name\": \"a\", \"role\": \"\\u001b[2J\\u001b]0;owned\\u0007\"}]", "json role"),
            ("[{\"address\": \"10.0.0.\\u001b[2J\\u001b]0;owned\\u0007\", \"name\": \"a\"}]", "json address"),
            ("- address: 10.0.0.1\n  name: a\n  role: \"\\e[2J\\e]0;owned\\a\"\n", "yaml role"),
        ]
        for (stdin, comment) in inputs {
            let r = try Self.run(["audit", "-"], stdin: stdin)
            #expect(r.status == 2, "\(comment)")
            Self.expectEscaped(r, shownOn: \.err, "\(comment)")
        }
        // The same through import (a different command, the same way out).
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Self.run(["import", "--store", dir.appendingPathComponent("s.db").path, "-"], stdin: inputs[1].0)
        #expect(r.status == 2)
        Self.expectEscaped(r, shownOn: \.err, "import")
    }

    static func plan(region: String) -> String {
        "pools: [10.0.0.0/16]\nregions:\n  - name: \"\(region)\"\n    zones:\n      - name: z1\n"
    }

    @Test("A plan's region name: allocate's table and its error messages show it escaped")
    func planNames() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = dir.appendingPathComponent("plan.yaml")
        try Self.plan(region: "eu\\e[2J\\e]0;owned\\a").write(to: plan, atomically: true, encoding: .utf8)
        let store = dir.appendingPathComponent("s.db").path
        let table = try Self.run(["allocate", "--store", store, "--plan", plan.path])
        #expect(table.status == 0, "\(String(decoding: table.err, as: UTF8.self))")
        Self.expectEscaped(table, shownOn: \.out, "allocate table")
        // The stored name comes back from the store too: `allocate` with nothing asked shows it.
        let shown = try Self.run(["allocate", "--store", store])
        Self.expectEscaped(shown, shownOn: \.out, "stored plan")
        let released = try Self.run(["release", "--store", store, "eu\u{1b}[2J\u{1b}]0;owned\u{7}/nope"])
        #expect(released.status == 2)
        Self.expectEscaped(released, shownOn: \.err, "release error")
    }

    @Test("Text findings: a zone name from the plan in an out-of-zone finding is escaped")
    func textFindings() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = dir.appendingPathComponent("plan.yaml")
        try "pools: [10.0.0.0/16]\nregions:\n  - name: r1\n    zones:\n      - name: \"z\\e[2J\\e]0;owned\\a\"\n      - name: z2\n"
            .write(to: plan, atomically: true, encoding: .utf8)
        let store = dir.appendingPathComponent("s.db").path
        #expect(try Self.run(["allocate", "--store", store, "--plan", plan.path]).status == 0)
        // Zones from inventories are refused at input (control characters in names); the plan's
        // name reaches the out-of-zone finding's message: an address of z2 in the hostile zone's block.
        let findings = try Self.run(["audit", "--store", store, "--plan", plan.path, "-"],
                                    stdin: "address,name,region,zone\n10.0.0.5,b,r1,z2\n")
        #expect(findings.status == 1, "\(String(decoding: findings.err, as: UTF8.self))")
        let text = String(decoding: findings.out, as: UTF8.self)
        #expect(text.contains("[out-of-zone] 10.0.0.5 zone=z2"), "\(text)")
        Self.expectEscaped(findings, shownOn: \.out, "text findings")
    }
}
