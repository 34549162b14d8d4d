import Foundation
import Testing

/// The store gives back what the files say: an inventory imported and then audited from the
/// store has the file's findings, and an old store still opens, migrates and bulk-imports.
@Suite("Store round trip (CLI)")
struct StoreRoundTripCLITests {
    static let files = ["store/odd-rows.csv", "store/odd-prefixes.csv"].map(CLIRunner.fixture)

    /// The findings of an `audit --format json` run, each re-serialized with sorted keys.
    static func findings(_ run: CLIResult) throws -> [String] {
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
        let findings = try #require(doc["findings"] as? [[String: Any]])
        return try findings.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
    }

    @Test("Odd rows (IPv6, prefixes, labels, unicode names, empty fields) audit the same from the store as from the files")
    func importedThenAuditedMatchesTheFiles() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        let direct = try CLIRunner.run(["audit", "--format", "json"] + Self.files)
        #expect(direct.status == 1, "\(direct.stderr)")
        let imported = try CLIRunner.run(["import", "--store", store] + Self.files)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("10 records (csv)"), "\(imported.stdout)")
        let stored = try CLIRunner.run(["audit", "--store", store, "--format", "json"])
        #expect(stored.status == 1, "\(stored.stderr)")
        let expected = try Self.findings(direct)
        // The odd rows do raise findings: duplicates in both families, unroutable space, a unicode name.
        let text = expected.joined(separator: "\n")
        for needle in ["\"address\":\"10.0.0.1\"", "\"address\":\"2001:db8::1\"", "unroutable-address", "tâche-名前", "web, two"] {
            #expect(text.contains(needle), "\(needle) not in \(text)")
        }
        #expect(try Self.findings(stored) == expected)
    }

    @Test("A bulk import replaces a source, keeps the others and leaves the indexes in place")
    func bulkImportKeepsIndexesAndOtherSources() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        #expect(try CLIRunner.run(["import", "--store", store, "--source", "small", "-"], stdin: "address,name\n10.9.0.1,kept\n").status == 0)
        // Big enough for the drop-and-rebuild of the indexes; one address held twice.
        var csv = "address,name\n10.9.0.2,bulk-dup\n10.9.0.2,bulk-dup-2\n"
        for i in 0..<20_000 { csv += "10.8.\(i / 256).\(i % 256),bulk-\(i)\n" }
        for _ in 0..<2 {   // the second run replaces the first run's rows
            let r = try CLIRunner.run(["import", "--store", store, "--source", "bulk", "-"], stdin: csv)
            #expect(r.status == 0, "\(r.stderr)")
        }
        #expect(try HardeningCLITests.sqliteValue(store, "SELECT count(*) FROM inventory_record") == "20003")
        #expect(try HardeningCLITests.sqliteValue(store, """
            SELECT group_concat(name) FROM (SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'inventory_record' ORDER BY name)
            """) == "inventory_record_by_address,inventory_record_by_source,inventory_record_prefixes")
        let audit = try CLIRunner.run(["audit", "--store", store, "--format", "json"])
        let findings = try Self.findings(audit)
        #expect(findings.count == 1 && findings[0].contains("\"address\":\"10.9.0.2\"") && findings[0].contains("bulk-dup-2"), "\(findings)")
    }

    @Test("A store written before the later migrations opens, migrates on import and keeps its rows")
    func oldSchemaStoreMigrates() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("old.db").path
        // The store as an ipaudit with only the allocation and inventory migrations left it,
        // with rows that ipaudit wrote (text addresses, JSON labels): two hosts at one address.
        #expect(try CLIRunner.run(["import", "--store", store, "--source", "seed", "-"], stdin: "address,name\n10.7.0.9,seed\n").status == 0)
        try HardeningCLITests.sqlite(store, """
            DELETE FROM inventory_record;
            INSERT INTO inventory_record (source, address, name, role, zone, labels, file, line)
                VALUES ('old', '10.7.0.1', 'old-host', 'agent', 'z1', '{"owner":"ops"}', 'old.csv', 2),
                       ('old', '10.7.0.1', 'old-host-2', 'agent', 'z1', '{}', 'old.csv', 3);
            DELETE FROM grdb_migrations WHERE identifier NOT IN ('allocation.v1', 'inventory-v1');
            PRAGMA user_version = 2;
            """)
        // Every table and index the later migrations made (observations, the wire's verdicts,
        // events and settings, the query indexes) goes too.
        for table in try HardeningCLITests.sqliteValue(store, """
            SELECT group_concat(name, ' ') FROM sqlite_master WHERE type = 'table'
              AND (name LIKE 'observation%' OR name LIKE 'wire\\_%' ESCAPE '\\' OR name = 'store_setting')
            """).split(separator: " ") {
            try HardeningCLITests.sqlite(store, "DROP TABLE \(table)")
        }
        try HardeningCLITests.sqlite(store, "DROP INDEX inventory_record_prefixes")
        // Read-only commands refuse it until a writing command upgrades it.
        #expect(try CLIRunner.run(["audit", "--store", store]).stderr.contains("written by an older ipaudit"))
        let r = try CLIRunner.run(["import", "--store", store, "--source", "new", "-"], stdin: "address,name\n10.7.0.2,new-host\n")
        #expect(r.status == 0, "\(r.stderr)")
        let audit = try CLIRunner.run(["audit", "--store", store, "--format", "json"])
        #expect(audit.status == 1, "\(audit.stderr)")
        let findings = try Self.findings(audit)
        #expect(findings.count == 1, "\(findings)")
        #expect(findings.first?.contains("old-host-2") == true && findings.first?.contains("old.csv:2") == true, "\(findings)")
        #expect(audit.stdout.contains("\"records\":3") || audit.stdout.contains("\"records\" : 3"), "\(audit.stdout)")
        #expect(try HardeningCLITests.sqliteValue(store, "SELECT count(*) FROM grdb_migrations WHERE identifier LIKE 'observation%'") != "0")
    }

    @Test("scan saves to the store IPAUDIT_STORE names, as --store does; without either it keeps none")
    func scanHonoursTheEnvironment() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try ScanCommandTests.openToTheScanUser(dir)
        let store = dir.appendingPathComponent("env.db").path
        let pcap = CLIRunner.fixture("pcap/duplicate-static.pcap")
        let r = try CLIRunner.run(["scan", "--read", pcap, "--quiet"], environment: ["IPAUDIT_STORE": store])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(try HardeningCLITests.sqliteValue(store, "SELECT count(*) FROM observation WHERE address = '10.0.0.5'") == "2")
        // No store named: nothing written, not even ./ipaudit.db.
        let none = try CLIRunner.run(["scan", "--read", pcap, "--quiet"], currentDirectory: dir)
        #expect(none.status == 1, "\(none.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("ipaudit.db").path))
        // An empty one is refused, as for every command.
        let empty = try CLIRunner.run(["scan", "--read", pcap, "--quiet"], environment: ["IPAUDIT_STORE": ""])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("IPAUDIT_STORE"), "\(empty.stderr)")
    }

    @Test("probe reads the store IPAUDIT_STORE names: it is a target source and --save needs no --store")
    func probeHonoursTheEnvironment() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Usage is checked before any device opens: with the variable set, neither "give targets"
        // nor "--save needs --store" is said.
        let r = try CLIRunner.run(["probe", "no-such-if0", "--save"], environment: ["IPAUDIT_STORE": dir.appendingPathComponent("p.db").path])
        #expect(r.status == 2)
        #expect(!r.stderr.contains("give targets") && !r.stderr.contains("--save needs"), "\(r.stderr)")
        let without = try CLIRunner.run(["probe", "no-such-if0", "--save"])
        #expect(without.stderr.contains("give targets") || without.stderr.contains("--save needs --store"), "\(without.stderr)")
    }
}
