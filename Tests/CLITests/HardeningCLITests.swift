import Foundation
import Testing

/// Faults and hostile input (issue 17): each case once lost data, crashed or exited wrongly.
@Suite("hardening: faults and hostile input (CLI)")
struct HardeningCLITests {
    /// Runs `script` under bash with `$IPAUDIT` set to the binary; returns status and stderr.
    static func shell(_ script: String, in dir: URL? = nil) throws -> CLIResult {
        try CLIRunner.runExecutable("/bin/bash", ["-c", script], environment: ["IPAUDIT": CLIRunner.binary.path],
                                    currentDirectory: dir)
    }

    static func sqlite(_ db: String, _ sql: String) throws {
        let r = try CLIRunner.runExecutable("/usr/bin/env", ["python3", "-c",
            "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit()", db, sql])
        #expect(r.status == 0, "\(r.stderr)")
    }

    static func sqliteValue(_ db: String, _ sql: String) throws -> String {
        let r = try CLIRunner.runExecutable("/usr/bin/env", ["python3", "-c",
            "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])", db, sql])
        return r.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: data loss

    @Test("An empty store path is refused (SQLite would use a temporary database and keep nothing)")
    func emptyStorePath() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = "address,name\n10.0.0.1,a\n"
        let viaEnv = try CLIRunner.run(["import", "-"], stdin: csv, environment: ["IPAUDIT_STORE": ""], currentDirectory: dir)
        #expect(viaEnv.status == 2)
        #expect(viaEnv.stderr.contains("IPAUDIT_STORE"))
        #expect(viaEnv.stdout.isEmpty)
        let viaOption = try CLIRunner.run(["import", "--store", "", "-"], stdin: csv, currentDirectory: dir)
        #expect(viaOption.status == 2)
        #expect(viaOption.stderr.contains("store path is empty"))
        let allocate = try CLIRunner.run(["allocate", "--zones", "2"], environment: ["IPAUDIT_STORE": ""], currentDirectory: dir)
        #expect(allocate.status == 2)
        #expect(allocate.stdout.isEmpty)
        #expect(try CLIRunner.run(["scan", "--read", "/dev/null", "--store", ""]).status == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test("A NUL or other control character in a name or label is refused with its place, nothing stored")
    func controlCharactersInNames() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        let json = dir.appendingPathComponent("inv.json")
        try #"[{"address": "10.0.0.1", "name": "web\u00001"}, {"address": "10.0.0.1", "name": "web\u00002"}]"#
            .write(to: json, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["import", "--store", store, json.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("inv.json"))
        #expect(r.stderr.contains("field 'name'"))
        #expect(r.stderr.contains("U+0000"))
        #expect(!FileManager.default.fileExists(atPath: store))
        let csv = try CLIRunner.run(["import", "--store", store, "-"], stdin: "address,name,team\n10.0.0.1,a,ops\n10.0.0.2,b,o\u{0}ps\n")
        #expect(csv.status == 2)
        #expect(csv.stderr.contains("<stdin>:3"))
        #expect(csv.stderr.contains("label team"))
        #expect(!FileManager.default.fileExists(atPath: store))
        let bell = try CLIRunner.run(["import", "--store", store, "-"], stdin: "address,name\n10.0.0.1,a\u{7}b\n")
        #expect(bell.status == 2)
        #expect(bell.stderr.contains("U+0007"))
        let zone = try CLIRunner.run(["audit", "-"], stdin: "address,name,zone\n10.0.0.1,a,z1\n10.0.0.2,b,z\u{1}2\n")
        #expect(zone.status == 2)
        #expect(zone.stderr.contains("<stdin>:3 field 'zone'"), "\(zone.stderr)")
        #expect(!FileManager.default.fileExists(atPath: store))
        // Printable names, accents included, and multi-line label values (a NetBox description) still import.
        let fine = try CLIRunner.run(["import", "--store", store, "-"],
                                     stdin: "address,name,description\n10.0.0.1,wéb-1,\"line one\nline two\ttabbed\"\n")
        #expect(fine.status == 0, "\(fine.stderr)")
        // --skip-invalid drops only the offending row, with a warning naming it.
        let skipped = try CLIRunner.run(["import", "--store", store, "--skip-invalid", "--source", "s", "-"],
                                        stdin: "address,name\n10.0.0.1,a\n10.0.0.2,b\u{1}\n10.0.0.3,c\n")
        #expect(skipped.status == 0, "\(skipped.stderr)")
        #expect(skipped.stderr.contains("<stdin>:3"))
        #expect(skipped.stdout.contains("2 records"), "\(skipped.stdout)")
    }

    @Test("aggregate and exclude report a full disk: exit 2, not 0")
    func fullDisk() throws {
        for command in ["printf '10.0.0.0/8\\n' | \"$IPAUDIT\" aggregate > /dev/full",
                        "printf '10.1.0.0/16\\n' | \"$IPAUDIT\" exclude 10.0.0.0/8 --minus - > /dev/full",
                        "\"$IPAUDIT\" calc 10.0.0.0/8 > /dev/full",
                        "\"$IPAUDIT\" rules > /dev/full"] {
            let r = try Self.shell(command)
            #expect(r.status == 2, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("no space left"), "\(command): \(r.stderr)")
        }
    }

    @Test("A closed pipe with SIGPIPE ignored (as under systemd) is exit 2 with a message, not a crash")
    func closedPipe() throws {
        // 40,000 disjoint /32s print ~560 kB, far more than a pipe buffer: the write must meet EPIPE.
        let script = """
            trap '' PIPE
            python3 -c 'print("\\n".join("10.%d.%d.1" % (i // 200, i % 200) for i in range(40000)))' > in.txt
            "$IPAUDIT" aggregate < in.txt | head -c 1 > /dev/null
            echo "status=${PIPESTATUS[0]}"
            """
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try Self.shell(script, in: dir)
        #expect(r.stdout.contains("status=2"), "\(r.stdout) \(r.stderr)")
        #expect(r.stderr.contains("closed the pipe"))
        // An import that committed, then met the closed pipe, says so by its status; its rows are kept.
        let store = dir.appendingPathComponent("s.db").path
        let imp = try Self.shell("""
            trap '' PIPE
            printf 'address,name\\n10.0.0.1,a\\n' > inv.csv
            exec 3>&1
            "$IPAUDIT" import --store '\(store)' inv.csv 1>&- 2>&3
            echo "status=$?"
            """, in: dir)
        #expect(imp.stdout.contains("status=2"), "\(imp.stdout) \(imp.stderr)")
        #expect(try Self.sqliteValue(store, "SELECT count(*) FROM inventory_record") == "1")
    }

    @Test("A YAML alias bomb as inventory, plan or allow-list is refused quickly, naming the file")
    func yamlAliasBomb() throws {
        let bomb = CLIRunner.fixture("hostile/yaml-alias-bomb.yaml")
        let started = Date()
        let inventory = try CLIRunner.run(["audit", bomb])
        #expect(inventory.status == 2)
        #expect(inventory.stderr.contains("yaml-alias-bomb.yaml"))
        #expect(inventory.stderr.contains("expands to more than"))
        let allow = try CLIRunner.run(["audit", "--allow", bomb, "-"], stdin: "address,name\n10.0.0.1,a\n")
        #expect(allow.status == 2)
        #expect(allow.stderr.contains("yaml-alias-bomb.yaml"))
        let plan = try CLIRunner.run(["allocate", "--dry-run", "--plan", bomb])
        #expect(plan.status == 2)
        #expect(plan.stderr.contains("expands to more than"))
        #expect(Date().timeIntervalSince(started) < 30)
        // Ordinary anchors and merge keys still work.
        let anchors = """
            - &base {address: 10.0.0.1, name: a, zone: z1}
            - {<<: *base, address: 10.0.0.2, name: b}
            """
        let ok = try CLIRunner.run(["audit", "--format", "json", "-"], stdin: anchors)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("\"records\" : 2"))
    }

    @Test("A YAML key that is a mapping (found by fuzzing: Yams trapped on it) is refused with its line")
    func yamlComplexKey() throws {
        let r = try CLIRunner.run(["audit", CLIRunner.fixture("hostile/yaml-complex-key.yaml")])
        #expect(r.status == 2)
        #expect(r.stderr.contains("yaml-complex-key.yaml:"), "\(r.stderr)")
        #expect(r.stderr.contains("keys must be plain text"))
        let allow = try CLIRunner.run(["audit", "--allow", CLIRunner.fixture("hostile/yaml-complex-key.yaml"), "-"],
                                      stdin: "address,name\n10.0.0.1,a\n")
        #expect(allow.status == 2)
    }

    @Test("Inputs past IPAUDIT_MAX_INPUT_BYTES are refused with the limit named")
    func inputLimit() throws {
        let r = try CLIRunner.run(["audit", "-"], stdin: "address,name\n" + String(repeating: "10.0.0.1,a\n", count: 30),
                                  environment: ["IPAUDIT_MAX_INPUT_BYTES": "100"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("input limit of 100 bytes"))
    }

    // MARK: crashes found by reading

    @Test("--buffer-size that overflows when scaled is a usage error, not a trap")
    func bufferSizeOverflow() throws {
        let r = try CLIRunner.run(["scan", "--read", "/dev/null", "--buffer-size", "9223372036854775807K"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--buffer-size"))
    }

    @Test("oracle answers a short line with an error line instead of trapping")
    func oracleShortLine() throws {
        let r = try CLIRunner.run(["oracle"], stdin: "sub\t10.0.0.0/8\naddr\nagg\t10.0.0.0/9 10.128.0.0/9\n")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "error missing operand\nerror missing operand\n10.0.0.0/8\n")
    }

    // MARK: wrong exits and unclear errors

    @Test("Reading commands work on a store the user cannot write")
    func readOnlyStore() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer {
            chmod(dir.path, 0o755)
            try? FileManager.default.removeItem(at: dir)
        }
        let store = dir.appendingPathComponent("s.db").path
        #expect(try CLIRunner.run(["allocate", "--store", store, "--zones", "2", "--no-ula"]).status == 0)
        #expect(try CLIRunner.run(["import", "--store", store, "-"], stdin: "address,name\n10.0.0.1,a\n10.0.0.1,b\n").status == 0)
        chmod(store, 0o444)
        chmod(dir.path, 0o555)
        // As root, permission bits do not bind: run the reader as nobody, as a real read-only user would be.
        let prefix = getuid() == 0 ? "setpriv --reuid=65534 --regid=65534 --clear-groups " : ""
        let audit = try Self.shell(prefix + "\"$IPAUDIT\" audit --store '\(store)'")
        #expect(audit.status == 1, "\(audit.stderr)")
        #expect(audit.stdout.contains("duplicate-address"))
        let free = try Self.shell(prefix + "\"$IPAUDIT\" free --store '\(store)'")
        #expect(free.status == 0, "\(free.stderr)")
        #expect(free.stdout.contains("10.0.0.0/8"))
        let show = try Self.shell(prefix + "\"$IPAUDIT\" allocate --store '\(store)'")
        #expect(show.status == 0, "\(show.stderr)")
        // A writing command says the store is read-only, in words.
        let write = try Self.shell("printf 'address,name\\n10.0.0.9,c\\n' | " + prefix + "\"$IPAUDIT\" import --store '\(store)' -")
        #expect(write.status == 2)
        #expect(write.stderr.contains("store \(store)"), "\(write.stderr)")
        #expect(!write.stderr.contains("INSERT"))
    }

    @Test("A store written by a newer ipaudit is refused by name before anything touches it")
    func newerStore() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        #expect(try CLIRunner.run(["import", "--store", store, "-"], stdin: "address,name\n10.0.0.1,a\n").status == 0)
        try Self.sqlite(store, "PRAGMA user_version = 99;")
        for args in [["free"], ["audit"], ["import", "-"], ["allocate", "--zones", "1"]] {
            let r = try CLIRunner.run(args + ["--store", store], stdin: "address,name\n10.0.0.2,b\n")
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.contains("written by a newer ipaudit (schema 99)"), "\(args): \(r.stderr)")
        }
        #expect(try Self.sqliteValue(store, "SELECT count(*) FROM inventory_record") == "1")
        // A migration this build does not know is the same signal.
        try Self.sqlite(store, "PRAGMA user_version = 0; INSERT INTO grdb_migrations VALUES ('v99-from-the-future');")
        #expect(try CLIRunner.run(["free", "--store", store]).stderr.contains("newer ipaudit"))
    }

    @Test("A damaged store file is named in words, without SQL")
    func damagedStore() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db")
        try Data(repeating: 0x5A, count: 8192).write(to: store)
        let r = try CLIRunner.run(["audit", "--store", store.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("store \(store.path): not an ipaudit store, or the file is damaged"), "\(r.stderr)")
        #expect(!r.stderr.contains("SELECT"))
    }

    @Test("A huge bad field is quoted in at most ~80 characters")
    func hugeBadLine() throws {
        let huge = String(repeating: "9", count: 5_000_000)
        let r = try CLIRunner.run(["audit", "-"], stdin: "address,name\n10.0.0.1,a\n1\(huge).0.0.1,b\n")
        #expect(r.status == 2)
        #expect(r.stderr.contains("<stdin>:3"))
        #expect(r.stderr.utf8.count < 1_000, "stderr is \(r.stderr.utf8.count) bytes")
    }

    @Test("Duplicate CSV header columns are refused")
    func duplicateHeader() throws {
        let r = try CLIRunner.run(["audit", "-"], stdin: "address,name,Address\n10.0.0.1,a,10.0.0.2\n")
        #expect(r.status == 2)
        #expect(r.stderr.contains("appears twice"))
        #expect(r.stderr.contains("columns 1 and 3"))
        let synonyms = try CLIRunner.run(["audit", "-"], stdin: "address,name,ip\n10.0.0.1,a,10.0.0.2\n")
        #expect(synonyms.status == 2)
        #expect(synonyms.stderr.contains("columns 'address' and 'ip' both mean address"), "\(synonyms.stderr)")
    }

    @Test("A damaged stored ULA or pool list is an error, never silently replaced")
    func damagedSettings() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        #expect(try CLIRunner.run(["allocate", "--store", store, "--zones", "2"]).status == 0)
        try Self.sqlite(store, "UPDATE allocation_meta SET value = 'fd00:zz::/48' WHERE key = 'ula';")
        let r = try CLIRunner.run(["allocate", "--store", store, "--zones", "3"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("setting 'ula'"), "\(r.stderr)")
        #expect(try Self.sqliteValue(store, "SELECT value FROM allocation_meta WHERE key = 'ula'") == "fd00:zz::/48")
        // The ULA mended, the pool list damaged: reported too, by its own name.
        try Self.sqlite(store, "UPDATE allocation_meta SET value = 'fd00:1::/48' WHERE key = 'ula';")
        try Self.sqlite(store, "UPDATE allocation_meta SET value = (SELECT value FROM allocation_meta WHERE key = 'pools') || ' 10.300.0.0/16' WHERE key = 'pools';")
        let free = try CLIRunner.run(["free", "--store", store])
        #expect(free.status == 2)
        #expect(free.stderr.contains("setting 'pools' holds '10.300.0.0/16'"), "\(free.stderr)")
    }

    @Test("Allow-lists: a YAML of the wrong shape is an error; a CSV may start with comments")
    func allowListShapes() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let wrong = dir.appendingPathComponent("allow.yaml")
        try "allowed:\n  - 10.0.0.1\n".write(to: wrong, atomically: true, encoding: .utf8)
        let inventory = "address,name\n10.0.0.1,a\n10.0.0.1,b\n"
        let r = try CLIRunner.run(["audit", "--allow", wrong.path, "-"], stdin: inventory)
        #expect(r.status == 2)
        #expect(r.stderr.contains("allow.yaml"))
        let commented = dir.appendingPathComponent("allow.csv")
        try "# accepted pairs\n# reviewed 2026-11\naddress,entities,reason\n10.0.0.1,a;b,\"anycast, by design\"\n10.0.0.2,c;d,kept until CHG-1, then removed\n"
            .write(to: commented, atomically: true, encoding: .utf8)
        let ok = try CLIRunner.run(["audit", "--allow", commented.path, "--format", "json", "-"],
                                   stdin: inventory + "10.0.0.2,c\n10.0.0.2,d\n")
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("anycast, by design"))
        #expect(ok.stdout.contains("kept until CHG-1, then removed"))
    }

    // MARK: one rule catalogue

    @Test("The README's rule table is the catalogue's")
    func readmeRuleTable() throws {
        let r = try CLIRunner.run(["rules", "--format", "markdown"])
        #expect(r.status == 0)
        let readme = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        #expect(readme.contains("<!-- rules:begin -->\n" + r.stdout + "<!-- rules:end -->"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try CLIRunner.run(["rules", "--format", "json"]).stdout.utf8)) as? [[String: Any]])
        let ids = json.compactMap { $0["id"] as? String }
        #expect(ids.contains("duplicate-address") && ids.contains("address-moved") && ids.count == Set(ids).count)
        // What a watcher does not report as a change, per rule: per-frame counters for a scan rule, none for audit's.
        let volatile = Dictionary(uniqueKeysWithValues: json.map { ($0["id"] as? String ?? "", $0["volatile_evidence"] as? [String]) })
        #expect(volatile["duplicate-address"] == ["example_frames", "frames", "last_seen"])
        #expect(volatile["proxy-arp"] == ["address_count", "addresses"])
        #expect(volatile["quorum-at-risk"] == [])
        // --help of audit and scan list the rules from the same catalogue.
        let scanHelp = try CLIRunner.run(["scan", "--help"]).stdout
        #expect(scanHelp.contains("address-moved (info)"))
        #expect(!scanHelp.contains("quorum-at-risk"))
        #expect(try CLIRunner.run(["audit", "--help"]).stdout.contains("quorum-at-risk (error; warning for 1, 7 or 9 masters)"))
    }
}

/// `scan --store` that cannot be opened fails before the capture, not after it (issue 17).
@Suite("hardening: scan opens its store first (CLI)")
struct ScanStoreFirstTests {
    @Test("A live scan with an unreachable store exits 2 at once instead of capturing for --duration", .requires(.root))
    func unreachableStoreFailsFirst() throws {
        let started = Date()
        let r = try CLIRunner.run(["scan", "lo", "--duration", "30s",
                                   "--store", "postgres://ipaudit:x@127.0.0.1:1/none?connect_timeout=2"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("127.0.0.1:1"), "\(r.stderr)")   // the store's error, so the capture had opened
        #expect(Date().timeIntervalSince(started) < 15)
        #expect(r.stdout.isEmpty)
    }
}

/// The metrics file survives a power loss: written to a temp file that is synced, renamed over
/// the target, and then the directory is synced so the rename itself is on disk. Traced with
/// strace, the system calls are the oracle.
@Suite("hardening: durable atomic writes (CLI, strace)")
struct DurableWriteTests {
    @Test(.requires(.strace)) func metricsFileIsSyncedRenamedAndItsDirectorySynced() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let metrics = dir.appendingPathComponent("ipaudit.prom").path
        let r = try CLIRunner.runExecutable("/usr/bin/env", ["strace", "-f", "-e", "trace=openat,fsync,rename,renameat,renameat2",
                                                          CLIRunner.binary.path, "audit", "--prometheus", metrics, "-"],
                                            stdin: "address,name\n10.0.0.1,a\n")
        #expect(r.status == 0, "\(r.stderr)")
        let calls = r.stderr.split(separator: "\n").map(String.init)
        let open = try #require(calls.firstIndex { $0.contains("/.ipaudit.prom.tmp-") && $0.contains("O_CREAT") })
        let rename = try #require(calls.firstIndex { $0.hasPrefix("rename") && $0.contains("ipaudit.prom\"") })
        let openDir = try #require(calls.lastIndex { $0.contains("\"\(dir.path)\"") && $0.contains("O_DIRECTORY") })
        #expect(open < rename && rename < openDir)
        #expect(calls[open..<rename].contains { $0.hasPrefix("fsync(") }, "the file is synced before the rename")
        #expect(calls[openDir...].contains { $0.hasPrefix("fsync(") }, "the directory is synced after the rename")
    }
}

@Suite("scan --read from a pipe (CLI)")
struct ScanPipeTests {
    @Test(arguments: ["duplicate-static.pcap", "duplicate-static.pcapng"])
    func aCaptureReadFromAPipeGivesTheFilesFindings(_ name: String) throws {
        let file = CLIRunner.fixture("pcap/\(name)")
        let direct = try CLIRunner.run(["scan", "--read", file, "--format", "json", "--user", TestUser.name])
        let piped = try CLIRunner.runExecutable("/bin/bash", ["-c", "cat \"$1\" | \"$0\" scan --read /dev/stdin --format json --user \(TestUser.name)",
                                                              CLIRunner.binary.path, file])
        #expect(piped.status == direct.status, "\(piped.stderr)")
        func rules(_ r: CLIResult) throws -> [String] {
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            return (doc["findings"] as? [[String: Any]] ?? []).map { "\($0["rule"] ?? "") \($0["address"] ?? "")" }.sorted()
        }
        #expect(try rules(piped) == rules(direct))
    }
}
