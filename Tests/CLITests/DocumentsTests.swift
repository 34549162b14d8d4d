import Foundation
import Testing

/// Issue 23, "the documents": what a new user reads (help, man page, README) says what the
/// program does, in a form that survives the way it is read.
@Suite("documents: help, man page and README agree with the program")
struct DocumentsTests {
    static func readme() throws -> String {
        try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
    }

    /// The subcommands `ipaudit --help` lists, plus the hidden oracle (it is in the man page too).
    static func commands() throws -> [String] {
        let help = try CLIRunner.run(["--help"]).stdout
        let listed = help.split(separator: "\n").drop { !$0.hasPrefix("SUBCOMMANDS") }.dropFirst()
            .compactMap { $0.hasPrefix("  ") ? $0.split(separator: " ").first.map(String.init) : nil }
        return listed + ["oracle"]
    }

    @Test("`ipaudit rules` prints every rule's scopes whole, columns aligned")
    func rulesTable() throws {
        let text = try CLIRunner.run(["rules"]).stdout
        let rules = try #require(try JSONSerialization.jsonObject(with: Data(try CLIRunner.run(["rules", "--format", "json"]).stdout.utf8)) as? [[String: Any]])
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.count == rules.count)
        var meaningColumns = Set<Int>()
        for (line, rule) in zip(lines, rules) {
            let scopes = (rule["applies_to"] as? [String] ?? []).joined(separator: ",")
            let fields = line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
            #expect(fields.count > 3 && fields[0] == rule["id"] as? String && fields[1] == rule["severity"] as? String, "\(line)")
            #expect(fields.count > 3 && fields[2] == scopes, "the scope column is cut: \(fields.count > 2 ? fields[2] : "") for \(scopes)")
            let meaning = try #require(rule["meaning"] as? String)
            let at = try #require(line.range(of: meaning), "\(line)")
            meaningColumns.insert(line.distance(from: line.startIndex, to: at.lowerBound))
        }
        #expect(meaningColumns.count == 1, "meanings start in one column: \(meaningColumns)")
    }

    @Test("`free` and `allocate` write IPv6 counts alike: powers of two, never 25 digits")
    func freeCountsAsAllocate() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        let table = try CLIRunner.run(["allocate", "--store", store, "--zones", "3"])
        #expect(table.status == 0, "\(table.stderr)")
        let free = try CLIRunner.run(["free", "--store", store])
        #expect(free.status == 0, "\(free.stderr)")
        let longNumber = try Regex("[0-9]{16,}")
        #expect(free.stdout.firstMatch(of: longNumber) == nil, "a long count in free: \(free.stdout)")
        // The ULA /48 pool: 2^80 addresses in allocate's table and in free's line; its one /52
        // region taken leaves 15 × 2^76 free, said exactly.
        let ula = try #require(free.stdout.split(separator: "\n").first { $0.contains("::/48 (underlay)") }, "\(free.stdout)")
        #expect(ula.hasSuffix(": 15×2^76 of 2^80 addresses free"), "\(ula)")
        let poolRow = try #require(table.stdout.split(separator: "\n").first { $0.contains("::/48") }, "\(table.stdout)")
        #expect(poolRow.contains(" 2^80 "), "\(poolRow)")
        #expect(free.stdout.contains("/52  2^76\n"), "free blocks as allocate sizes them: \(free.stdout)")
        // JSON stays exact, for programs.
        let json = try CLIRunner.run(["free", "--store", store, "--format", "json"]).stdout
        #expect(json.contains("\"size\": \"1208925819614629174706176\""), "\(json.prefix(300))")
    }

    @Test("The header file has one name everywhere: NAME.header")
    func headerFileName() throws {
        let root = CLIRunner.packageRoot
        let files = ["README.md", "contrib/systemd/ipaudit-audit.service", "fixtures/cron/crontab", "CONTRIBUTING.md"]
        let name = try Regex("/etc/ipaudit/[a-z0-9-]+\\.(header[a-z]*)")
        var seen: [String: Set<String>] = [:]
        for f in files {
            let text = (try? String(contentsOf: root.appendingPathComponent(f), encoding: .utf8)) ?? ""
            for m in text.matches(of: name) { seen[String(m.output[1].substring ?? ""), default: []].insert(f) }
        }
        #expect(Set(seen.keys) == ["header"], "header file names used: \(seen)")
    }

    @Test("--retries is said to count probes after the first, unlike arp-scan's -r, in help and README")
    func retriesSaid() throws {
        let help = try CLIRunner.run(["probe", "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(help.contains("2 means up to 3 probes in all"), "\(help)")
        #expect(help.contains("its -r 2 is --retries 1"), "\(help)")
        let readme = try Self.readme().split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(readme.contains("three in all; arp-scan's `-r N` counts every attempt, so its `-r 2` is `--retries 1`"))
        // The benchmark compares equal attempts, and the README says which.
        let bench = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("Benchmarks/probe/run.sh"), encoding: .utf8)
        #expect(bench.contains("--retries 1 --wait 500ms") && bench.contains("arp-scan -I vp -q -x -r 2"))
        #expect(readme.contains("2 attempts (`--retries 1`)"))
    }

    @Test("Help is plain ASCII (the man page generator drops everything else)")
    func helpIsASCII() throws {
        let commands = try Self.commands()
        #expect(commands.count >= 15, "\(commands)")
        for command in commands {
            let help = try CLIRunner.run([command, "--help"]).stdout
            let foreign = Set(help.unicodeScalars.filter { !$0.isASCII }.map { String($0) })
            #expect(foreign.isEmpty, "\(command) --help: \(foreign.sorted())")
        }
        // The rule list of audit's help: one rule a line, the first after its heading.
        let audit = try CLIRunner.run(["audit", "--help"]).stdout
        #expect(audit.contains("lists them all):\n  duplicate-address (error): audit: one address, >= 2 entities"), "\(audit)")
    }

    @Test("The man page is ASCII, keeps >= and ->, and keeps its lists as lists")
    func manPage() throws {
        let page = CLIRunner.packageRoot.appendingPathComponent("man/ipaudit.1")
        let source = try Data(contentsOf: page)
        #expect(source.allSatisfy { $0 < 0x80 }, "man/ipaudit.1 holds non-ASCII bytes")
        let text = String(decoding: source, as: UTF8.self)
        #expect(text.contains("one address, >= 2 entities"))
        #expect(text.contains("(10.1.2.3/8 -> 10.0.0.0/8)"))
        // Rendered as `man` shows it (groff, ASCII device): each rule starts its own line.
        let rendered = try CLIRunner.runExecutable("/usr/bin/env", ["MANWIDTH=100", "LC_ALL=C", "man", "-l", page.path])
        #expect(rendered.status == 0, "\(rendered.stderr)")
        let lines = rendered.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        let rules = try #require(try JSONSerialization.jsonObject(with: Data(try CLIRunner.run(["rules", "--format", "json"]).stdout.utf8)) as? [[String: Any]])
        for rule in rules where (rule["applies_to"] as? [String])?.contains("audit") == true {
            let id = try #require(rule["id"] as? String)
            #expect(lines.contains { $0.hasPrefix("\(id) (") }, "\(id) does not start a line in the man page")
        }
        let oracle = try #require(lines.firstIndex { $0.hasPrefix("Reads tab-separated cases") })
        #expect(lines[oracle + 1].hasPrefix("addr TEXT -> canonical address"), "\(lines[oracle + 1])")
        #expect(lines.contains { $0.hasPrefix("Findings are sorted by severity") }, "the paragraph after the JSON shape starts a line")
    }

    @Test("The README's Testing section holds no pasted fragment")
    func testingSection() throws {
        let readme = try Self.readme()
        let start = try #require(readme.range(of: "\n## Testing\n"))
        let end = try #require(readme.range(of: "\n## Benchmarks\n"))
        let section = readme[start.upperBound..<end.lowerBound]
        // The capture tests' item says "the status line on a pty from `script`)"; a second copy of
        // that tail was pasted into the systemd item, followed by the probe tests without a bullet.
        #expect(section.components(separatedBy: "pty from `script`").count == 2, "the pty check is told once")
        #expect(section.contains("\n- live probes in namespaces"))
    }

    @Test("calc's help names the JSON keys an IPv6 prefix gets: no netmask, wildcard or broadcast")
    func calcJSONKeys() throws {
        let v6 = try CLIRunner.run(["calc", "fd00:1:2::/48", "--format", "json"])
        let v4 = try CLIRunner.run(["calc", "10.0.0.0/31", "--format", "json"])
        let keys6 = try #require((try JSONSerialization.jsonObject(with: Data(v6.stdout.utf8)) as? [[String: Any]])?.first).keys
        let keys4 = try #require((try JSONSerialization.jsonObject(with: Data(v4.stdout.utf8)) as? [[String: Any]])?.first).keys
        #expect(!keys6.contains("broadcast") && !keys6.contains("netmask") && !keys6.contains("wildcard"), "\(keys6)")
        #expect(keys4.contains("netmask") && !keys4.contains("broadcast"), "\(keys4)")
        let help = try CLIRunner.run(["calc", "--help"]).stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(!help.contains("null otherwise"), "the help promised a null key that is never printed")
        #expect(help.contains("netmask and wildcard (IPv4 only), broadcast (IPv4 to /30 only; the keys are absent where they do not apply)"), "\(help)")
    }
}
