import Foundation
import Testing

/// `show`, `history` and `prune` through the binary, on a store written by `allocate`, `import`
/// and `scan --store` of a capture.
@Suite struct QueryCLITests {
    static let plan = """
        pools: [10.0.0.0/16]
        ula: false
        sizes: {region: 17, zone: 18, rack: 24}
        regions:
          - name: eu
            zones:
              - name: eu-a
                racks:
                  - name: r1
                    prefix: 10.0.0.0/24
                    roles:
                      web: 26

        """
    /// A label value may span lines (a NetBox description); the text output escapes it.
    static let inventory = """
        address,name,role,region,zone,rack,mac,owner
        10.0.0.60,web-60,app,eu,eu-a,r1,52:54:00:00:00:01,"team
        web"
        10.0.0.70,web-70,app,eu,eu-a,r1,,ops

        """

    /// A directory with a store built from the plan, the inventory and moved-nic-replacement.pcap
    /// (10.0.0.60 answers from 52:54:00:00:00:01, later from :02).
    static func builtStore() throws -> (dir: URL, store: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-querycli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let store = dir.appendingPathComponent("s.db").path
        try plan.write(to: dir.appendingPathComponent("plan.yaml"), atomically: true, encoding: .utf8)
        try inventory.write(to: dir.appendingPathComponent("hosts.csv"), atomically: true, encoding: .utf8)
        let allocate = try CLIRunner.run(["allocate", "--plan", dir.appendingPathComponent("plan.yaml").path, "--store", store])
        #expect(allocate.status == 0, "\(allocate.stderr)")
        let imported = try CLIRunner.run(["import", dir.appendingPathComponent("hosts.csv").path, "--store", store])
        #expect(imported.status == 0, "\(imported.stderr)")
        let scan = try CLIRunner.run(["scan", "--read", CLIRunner.fixture("pcap/moved-nic-replacement.pcap"), "--store", store, "--user", TestUser.name])
        #expect(scan.status != 2, "\(scan.stderr)")
        return (dir, store)
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func showAnAddressFieldByField() throws {
        let (dir, store) = try Self.builtStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CLIRunner.run(["show", "10.0.0.60", "--store", store, "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let report = try Self.json(run.stdout)
        #expect(report["kind"] as? String == "address")
        let plan = try #require(report["plan"] as? [[String: Any]])
        #expect(plan.compactMap { $0["kind"] as? String } == ["region", "zone", "rack", "role"])
        #expect(plan.compactMap { $0["path"] as? String } == ["eu", "eu/eu-a", "eu/eu-a/r1", "eu/eu-a/r1/web"])
        #expect(plan[2]["prefix"] as? String == "10.0.0.0/24")
        #expect(plan[3]["prefix"] as? String == "10.0.0.0/26")
        let records = try #require(report["records"] as? [[String: Any]])
        #expect(records.count == 1)
        #expect(records.first?["entity"] as? String == "web-60")
        #expect(records.first?["role"] as? String == "app")
        #expect(records.first?["zone"] as? String == "eu-a")
        #expect(records.first?["mac"] as? String == "52:54:00:00:00:01")
        #expect((records.first?["labels"] as? [String: String])?["owner"] == "team\nweb")
        let wire = try #require(report["wire"] as? [[String: Any]])
        #expect(wire.compactMap { $0["domain"] as? String } == ["pcap/moved-nic-replacement.pcap"])
        let bindings = try #require(wire.first?["bindings"] as? [[String: Any]])
        #expect(bindings.compactMap { $0["mac"] as? String } == ["52:54:00:00:00:01", "52:54:00:00:00:02"])
        // tcpdump: :01 answers from 22:13:20 (five replies); :02 from 22:13:50.
        let firsts = bindings.compactMap { $0["first_seen"] as? Double }
        #expect(firsts.count == 2 && firsts[1] - firsts[0] == 30)
        #expect((bindings.first?["frames"] as? Int ?? 0) >= 5)

        let text = try CLIRunner.run(["show", "10.0.0.60", "--store", store])
        #expect(text.status == 0)
        #expect(text.stdout.contains("owner=team\\x0aweb"))
        #expect(text.stdout.contains("web-60"))
        #expect(text.stdout.contains("rack   eu/eu-a/r1  10.0.0.0/24"))
    }

    @Test func historyReportsTheNICReplacement() throws {
        let (dir, store) = try Self.builtStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let run = try CLIRunner.run(["history", "10.0.0.60", "--store", store, "--format", "jsonl"])
        #expect(run.status == 0, "\(run.stderr)")
        let lines = try run.stdout.split(separator: "\n").map { try Self.json(String($0)) }
        #expect(lines.compactMap { $0["event"] as? String } == ["new station", "changed MAC"])
        #expect(lines.compactMap { $0["mac"] as? String } == ["52:54:00:00:00:01", "52:54:00:00:00:02"])
        #expect(lines.last?["previous_mac"] as? String == "52:54:00:00:00:01")
        #expect(lines.first?["previous_mac"] == nil)
        #expect(lines.first?["time"] as? String == "2023-11-14T22:13:20Z" || (lines.first?["time"] as? String)?.hasSuffix("22:13:20Z") == true)
        let text = try CLIRunner.run(["history", "52-54-00-00-00-02", "--store", store])
        #expect(text.stdout.split(separator: "\n").count == 1)
        #expect(text.stdout.contains("changed MAC  10.0.0.60  52:54:00:00:00:02 (was 52:54:00:00:00:01)  pcap/moved-nic-replacement.pcap"))
        // Scanning the same capture again: the same MACs again are no new events.
        _ = try CLIRunner.run(["scan", "--read", CLIRunner.fixture("pcap/moved-nic-replacement.pcap"), "--store", store, "--user", TestUser.name])
        let again = try CLIRunner.run(["history", "10.0.0.60", "--store", store, "--format", "jsonl"])
        #expect(again.stdout == run.stdout)
        // A recent --since leaves out the capture's old events.
        let since = try CLIRunner.run(["history", "--since", "1h", "--store", store])
        #expect(since.status == 0 && since.stdout.isEmpty)
    }

    @Test func showAPrefixPages() throws {
        let (dir, store) = try Self.builtStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let first = try Self.json(try CLIRunner.run(["show", "10.0.0.0/24", "--limit", "1", "--store", store, "--format", "json"]).stdout)
        let inside = try #require(first["inside"] as? [[String: Any]])
        #expect(inside.compactMap { $0["address"] as? String } == ["10.0.0.60"])
        #expect(first["next_after"] as? String == "10.0.0.60")
        let second = try Self.json(try CLIRunner.run(["show", "10.0.0.0/24", "--limit", "1", "--after", "10.0.0.60",
                                                      "--store", store, "--format", "json"]).stdout)
        #expect((second["inside"] as? [[String: Any]])?.compactMap { $0["address"] as? String } == ["10.0.0.70"])
        let mac = try Self.json(try CLIRunner.run(["show", "52:54:00:00:00:02", "--store", store, "--format", "json"]).stdout)
        let bindings = (mac["wire"] as? [[String: Any]])?.first?["bindings"] as? [[String: Any]]
        #expect(bindings?.compactMap { $0["address"] as? String } == ["10.0.0.60"])
    }

    @Test func badInputExitsTwoNamingTheArgument() throws {
        let (dir, store) = try Self.builtStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let cases: [([String], String)] = [
            (["show", "web-60"], "ADDRESS|PREFIX|MAC"),
            (["show", "10.0.0.0/33"], "ADDRESS|PREFIX|MAC"),
            (["show", "10.0.0.0/24", "--after", "nope"], "--after"),
            (["show", "10.0.0.0/24", "--limit", "0"], "--limit"),
            (["history", "10.0.0.0/24"], "ADDRESS|MAC"),
            (["history", "--since", "yesterday"], "--since"),
            (["prune", "--older-than", "90 days"], "--older-than"),
            (["prune", "--keep", "-1d"], "--keep"),
        ]
        for (arguments, named) in cases {
            let run = try CLIRunner.run(arguments + ["--store", store])
            #expect(run.status == 2, "\(arguments)")
            #expect(run.stderr.contains(named), "\(arguments): \(run.stderr)")
        }
        // A store that does not exist is named, and not created.
        let missing = dir.appendingPathComponent("typo.db").path
        for arguments in [["show", "10.0.0.60"], ["history"], ["prune", "--older-than", "1d"]] {
            let run = try CLIRunner.run(arguments + ["--store", missing])
            #expect(run.status == 2)
            #expect(run.stderr.contains("typo.db"))
            #expect(!FileManager.default.fileExists(atPath: missing))
        }
        let viaEnvironment = try CLIRunner.run(["history"], environment: ["IPAUDIT_STORE": missing])
        #expect(viaEnvironment.status == 2 && viaEnvironment.stderr.contains("typo.db"))
    }

    @Test func readCommandsWorkOnAReadOnlyStore() throws {
        let (dir, store) = try Self.builtStore()
        defer {
            chmod(dir.path, 0o755)
            try? FileManager.default.removeItem(at: dir)
        }
        let before = try Data(contentsOf: URL(fileURLWithPath: store))
        chmod(store, 0o444)
        chmod(dir.path, 0o555)
        // As root the permission bits do not bind: run as nobody when we can.
        let runner = getuid() == 0 ? ["/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", CLIRunner.binary.path]
                                    : [CLIRunner.binary.path]
        for arguments in [["show", "10.0.0.60"], ["history", "10.0.0.60"], ["show", "10.0.0.0/24"]] {
            let run = try CLIRunner.runExecutable(runner[0], Array(runner.dropFirst()) + arguments + ["--store", store])
            #expect(run.status == 0, "\(arguments): \(run.stderr)")
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: store)) == before)
    }

    /// kill -9 in the middle of a prune: every batch is a transaction, so what is newer than the
    /// bound is all there, the old rows left are whole batches, and the store checks clean.
    @Test(.requires(.sqlite3)) func pruneKilledMidwayLosesNothingThatShouldStay() throws {
        let (dir, store) = try Self.builtStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let now = Int(Date().timeIntervalSince1970)
        let old = now - 200 * 86_400, recent = now - 86_400
        // 60,000 old and 3,000 recent rows in each table, written as another tool would.
        let fill = """
            DELETE FROM observation; DELETE FROM wire_event;
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 62999)
            INSERT INTO observation (domain, address, mac, first_seen, last_seen, frames)
            SELECT 'd', '10.' || (i / 65536) || '.' || (i / 256 % 256) || '.' || (i % 256), '02:00:00:00:00:01',
                   CASE WHEN i < 60000 THEN \(old) ELSE \(recent) END, CASE WHEN i < 60000 THEN \(old) ELSE \(recent) END, 1 FROM n;
            INSERT INTO wire_event (time, kind, domain, address, mac)
            SELECT last_seen, 'new station', domain, address, mac FROM observation;
            """
        let filled = try CLIRunner.runExecutable("/usr/bin/sqlite3", [store, fill])
        #expect(filled.status == 0, "\(filled.stderr)")
        let prune = try RunningProcess(CLIRunner.binary.path, ["prune", "--test-pause-between-batches", "0.2",
                                                               "--older-than", "90d", "--batch", "1000", "--store", store])
        // Killed after a few batches, while later ones are still to come.
        #expect(prune.waitUntil(timeout: 60) { $0.stderr.components(separatedBy: "pruned").count > 4 })
        prune.kill()
        _ = prune.wait(timeout: 10)
        func count(_ sql: String) throws -> Int {
            Int(try CLIRunner.runExecutable("/usr/bin/sqlite3", [store, sql]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        }
        #expect(try CLIRunner.runExecutable("/usr/bin/sqlite3", [store, "PRAGMA integrity_check"]).stdout == "ok\n")
        #expect(try count("SELECT count(*) FROM observation WHERE last_seen >= \(recent)") == 3000)
        #expect(try count("SELECT count(*) FROM wire_event WHERE time >= \(recent)") == 3000)
        let oldLeft = try count("SELECT count(*) FROM observation WHERE last_seen < \(recent)")
        #expect(oldLeft > 0 && oldLeft < 60_000 && oldLeft % 1000 == 0, "\(oldLeft) old rows left")
        // Run again to the end: only the recent rows stay.
        let finish = try CLIRunner.run(["prune", "--older-than", "90d", "--store", store])
        #expect(finish.status == 0, "\(finish.stderr)")
        #expect(try count("SELECT count(*) FROM observation") == 3000)
        #expect(try count("SELECT count(*) FROM wire_event") == 3000)
    }

    @Test(.requires(.sqlite3)) func theStoredRetentionIsKeptAndApplied() throws {
        let (dir, store) = try Self.builtStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let set = try CLIRunner.run(["prune", "--keep", "30d", "--store", store])
        #expect(set.status == 0, "\(set.stderr)")
        // The capture is from 2023: older than 30 days, so it went at once.
        #expect(set.stdout.hasPrefix("removed 2 observations"), "\(set.stdout)")
        let value = try CLIRunner.runExecutable("/usr/bin/sqlite3", [store, "SELECT value FROM store_setting"]).stdout
        #expect(value.trimmingCharacters(in: .whitespacesAndNewlines) == "2592000.0")
        #expect(try CLIRunner.run(["prune", "--store", store]).status == 0)
        #expect(try CLIRunner.run(["prune", "--keep", "off", "--store", store]).status == 0)
        let none = try CLIRunner.run(["prune", "--store", store])
        #expect(none.status == 2 && none.stderr.contains("--older-than"))
    }

    /// `scan --watch` applies the stored retention at its flush, counting from the newest
    /// sighting it saves: the 22:14 capture goes, the watch's own recent rows stay.
    @Test(.requires(.sqlite3)) func theWatchAppliesTheStoredRetentionAtItsFlush() throws {
        let (dir, store) = try Self.builtStore()
        defer { try? FileManager.default.removeItem(at: dir) }
        let set = try CLIRunner.runExecutable("/usr/bin/sqlite3", [store, "INSERT INTO store_setting VALUES ('retention_seconds', '1800')"])
        #expect(set.status == 0, "\(set.stderr)")
        let watch = try CLIRunner.run(["scan", "--read", CLIRunner.fixture("pcap/watch-lifecycle.pcap"), "--watch", "--store", store,
                                       "--user", TestUser.name])
        #expect(watch.status == 0, "\(watch.stderr)")
        func rows(_ sql: String) throws -> String {
            try CLIRunner.runExecutable("/usr/bin/sqlite3", [store, sql]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(try rows("SELECT count(*) FROM observation WHERE domain = 'pcap/moved-nic-replacement.pcap'") == "0")
        #expect(try rows("SELECT count(*) FROM wire_event WHERE domain = 'pcap/moved-nic-replacement.pcap'") == "0")
        // The watch ends at 23:23:20; everything it saved last seen after 22:53:20 is kept.
        #expect(try rows("SELECT address FROM observation WHERE address = '10.0.0.100'") == "10.0.0.100")
        #expect(try rows("SELECT count(*) FROM observation WHERE last_seen < (SELECT max(last_seen) FROM observation) - 1800") == "0")
    }
}
