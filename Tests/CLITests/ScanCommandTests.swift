import Foundation
import Testing

/// `ipaudit scan --read FILE` end to end: formats, exit statuses, errors, the store.
@Suite struct ScanCommandTests {
    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func duplicateExitsOneWithMACsAndVLANInJSON() throws {
        let r = try CLIRunner.run(["scan", "--read", CLIRunner.fixture("pcap/duplicate-vlan.pcap"), "--format", "json"])
        #expect(r.status == 1)
        let doc = try Self.json(r.stdout)
        #expect(doc["tool"] as? String == "scan")
        let findings = try #require(doc["findings"] as? [[String: Any]])
        #expect(findings.count == 1)
        #expect(findings[0]["rule"] as? String == "duplicate-address")
        #expect(findings[0]["macs"] as? [String] == ["02:00:00:00:00:21", "02:00:00:00:00:22"])
        #expect(findings[0]["vlan"] as? [Int] == [20])
        let stats = try #require(doc["stats"] as? [String: Any])
        #expect(stats["packets"] as? Int == (try Self.recordCount(CLIRunner.fixture("pcap/duplicate-vlan.pcap"))))
    }

    /// Counts the records of a classic little-endian pcap by walking its headers (independent of libpcap).
    static func recordCount(_ path: String) throws -> Int {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        var offset = 24, n = 0
        while offset + 16 <= bytes.count { offset += 16 + u32(offset + 8); n += 1 }
        return n
    }

    @Test func cleanCaptureExitsZero() throws {
        let r = try CLIRunner.run(["scan", "--read", CLIRunner.fixture("pcap/ecmp-north-south.pcap")])
        #expect(r.status == 0)
        #expect(r.stdout.contains("scan: no findings"))
        #expect(r.stderr.isEmpty)   // no status line when stderr is not a terminal
    }

    @Test func warningsFailOnlyWhenAsked() throws {
        let file = CLIRunner.fixture("pcap/probe-defended.pcap")
        #expect(try CLIRunner.run(["scan", "--read", file]).status == 0)
        let strict = try CLIRunner.run(["scan", "--read", file, "--fail-on", "warning", "--format", "csv"])
        #expect(strict.status == 1)
        #expect(strict.stdout.hasPrefix("rule,severity,address,zone,entities,macs,vlan,message\n"))
        #expect(strict.stdout.contains("duplicate-attempt,warning,10.0.0.80,"))
        #expect(strict.stdout.contains("02:00:00:00:00:51;02:00:00:00:00:52"))
    }

    @Test func prometheusFileIsWrittenWithCaptureStats() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.openToTheScanUser(dir)
        let prom = dir.appendingPathComponent("scan.prom").path
        let r = try CLIRunner.run(["scan", "--read", CLIRunner.fixture("pcap/duplicate-static.pcap"), "--prometheus", prom, "--quiet"])
        #expect(r.status == 1)
        let text = try String(contentsOfFile: prom, encoding: .utf8)
        #expect(text.contains("ipaudit_findings{tool=\"scan\",rule=\"duplicate-address\",severity=\"error\"} 1"))
        #expect(text.contains("ipaudit_scan_decode_errors 0"))
    }

    @Test func allowListFromFile() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let allow = dir.appendingPathComponent("allow.csv")
        try "address,entities,reason\n10.1.1.20,02:00:00:00:01:01;02:00:00:00:01:02,bond0 balance-alb\n"
            .write(to: allow, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["scan", "--read", CLIRunner.fixture("pcap/bonding-alb.pcap"), "--allow", allow.path])
        #expect(r.status == 0)
        #expect(r.stdout.contains("[allow-listed] 10.1.1.20: allow-listed (bond0 balance-alb)"))

        try "address,entities,reason\n10.1.1.300,02:00:00:00:01:01,typo\n".write(to: allow, atomically: true, encoding: .utf8)
        let bad = try CLIRunner.run(["scan", "--read", CLIRunner.fixture("pcap/bonding-alb.pcap"), "--allow", allow.path])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("allow.csv:2 field 'address'"))
        #expect(bad.stdout.isEmpty)
    }

    @Test func inventoryFlagsOnLinkAddressesItLacks() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let inventory = dir.appendingPathComponent("hosts.csv")
        try """
            address,name,role,region,zone,rack,mac,network,vlan,host,owner
            10.0.0.5,db-1,agent,dc1,dc1-a,r1,,,,,ops
            10.0.0.100,web-1,agent,dc1,dc1-a,r1,,,,,ops
            10.0.0.101,web-2,agent,dc1,dc1-a,r1,,,,,ops

            """.write(to: inventory, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["scan", "--read", CLIRunner.fixture("pcap/duplicate-static.pcap"), "--inventory", inventory.path,
                                   "--format", "csv"])
        #expect(r.status == 1)
        let unknown = r.stdout.split(separator: "\n").filter { $0.hasPrefix("unknown-address,") }.map { $0.split(separator: ",")[2] }
        #expect(unknown.sorted() == ["10.0.0.102", "10.0.0.103"])
    }

    @Test func storeMergesObservationsAcrossRuns() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try Self.openToTheScanUser(dir)
        let db = dir.appendingPathComponent("obs.db").path
        let file = CLIRunner.fixture("pcap/duplicate-static.pcap")
        for _ in 0..<2 { #expect(try CLIRunner.run(["scan", "--read", file, "--store", db, "--quiet"]).status == 1) }
        let query = try CLIRunner.runTool("/usr/bin/python3", ["-c", """
            import sqlite3, sys
            c = sqlite3.connect(sys.argv[1])
            for row in c.execute("SELECT domain, address, mac, frames FROM observation WHERE address='10.0.0.5' ORDER BY mac"):
                print("|".join(map(str, row)))
            """, db])
        #expect(query == "pcap/duplicate-static.pcap|10.0.0.5|02:00:00:00:00:0a|24\npcap/duplicate-static.pcap|10.0.0.5|02:00:00:00:00:0b|24\n")
    }

    /// Started as root, scan runs as `nobody` once the capture is open, and writes its outputs
    /// as that user: the test directory must let it.
    static func openToTheScanUser(_ dir: URL) throws {
        try FileManager.default.setAttributes([.posixPermissions: 0o777], ofItemAtPath: dir.path)
    }

    /// An output the scan user cannot write is refused before the capture, naming the option.
    @Test func outputsNotWritableAfterTheDropAreRefusedUpFront() throws {
        let dir = try CLIRunner.temporaryDirectory()   // 0755, owned by whoever runs the tests
        defer { try? FileManager.default.removeItem(at: dir) }
        let prom = dir.appendingPathComponent("scan.prom").path
        let r = try CLIRunner.run(["scan", "--read", CLIRunner.fixture("pcap/duplicate-static.pcap"), "--prometheus", prom, "--quiet"])
        if geteuid() == 0 {
            #expect(r.status == 2)
            #expect(r.stderr.contains("--prometheus"))
            #expect(r.stderr.contains("'nobody'"))
            #expect(!FileManager.default.fileExists(atPath: prom))
            // Naming root keeps root, and the write works.
            let asRoot = try CLIRunner.run(["scan", "--read", CLIRunner.fixture("pcap/duplicate-static.pcap"), "--prometheus", prom,
                                            "--quiet", "--user", "root"])
            #expect(asRoot.status == 1)
            #expect(FileManager.default.fileExists(atPath: prom))
        } else {
            #expect(r.status == 1)   // not root: nobody to drop to, the directory is ours
        }
        let noUser = try CLIRunner.run(["scan", "--read", CLIRunner.fixture("pcap/duplicate-static.pcap"), "--user", "ipaudit-no-such-user"])
        #expect(noUser.status == 2)
        #expect(noUser.stderr.contains("ipaudit-no-such-user"))
    }

    @Test func badInputExitsTwoNamingIt() throws {
        let missing = try CLIRunner.run(["scan", "--read", "/nonexistent/x.pcap"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("/nonexistent/x.pcap"))
        let notPcap = try CLIRunner.run(["scan", "--read", CLIRunner.packageRoot.appendingPathComponent("Package.swift").path])
        #expect(notPcap.status == 2)
        #expect(notPcap.stderr.contains("Package.swift: cannot read capture"))
        let noInterface = try CLIRunner.run(["scan", "ipaudit-no-such0", "--duration", "1s"])
        #expect(noInterface.status == 2)
        #expect(noInterface.stderr.contains("ipaudit-no-such0"))
        let both = try CLIRunner.run(["scan", "eth0", "--read", "x.pcap"])
        #expect(both.status == 2)
        let badDuration = try CLIRunner.run(["scan", "--read", "x.pcap", "--duration", "soon"])
        #expect(badDuration.status == 2)
        #expect(badDuration.stderr.contains("--duration 'soon'"))
        let badFilter = try CLIRunner.run(["scan", "--read", CLIRunner.fixture("pcap/duplicate-static.pcap"), "--filter", "arp and and"])
        #expect(badFilter.status == 2)
        #expect(badFilter.stderr.contains("bad --filter"))
        let badRoutable = try CLIRunner.run(["scan", "--read", CLIRunner.fixture("pcap/duplicate-static.pcap"), "--routable", "10.0.0.1/8"])
        #expect(badRoutable.status == 2)
        #expect(badRoutable.stderr.contains("--routable"))
    }
}

extension CLIRunner {
    /// Runs another program (python3 for reading the SQLite store) and returns its stdout.
    static func runTool(_ path: String, _ arguments: [String]) throws -> String {
        try ProcessRunner.run(path, arguments).stdout
    }
}
