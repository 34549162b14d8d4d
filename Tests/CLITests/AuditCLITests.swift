import Foundation
import Testing

@Suite("ipaudit audit (CLI)")
struct AuditCLITests {
    let plan = CLIRunner.fixture("inventory/plan.yaml")

    @Test("A clean cluster exits 0 with a summary line")
    func clean() throws {
        let r = try CLIRunner.run(["audit", CLIRunner.fixture("inventory/cluster.csv"), "--plan", plan])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("audit: no findings"))
    }

    @Test("Findings exit 1; text is grouped by severity with a summary")
    func findingsText() throws {
        let r = try CLIRunner.run(["audit", CLIRunner.fixture("inventory/broken/duplicate-address.csv")])
        #expect(r.status == 1)
        #expect(r.stdout.contains("ERRORS (1)"))
        #expect(r.stdout.contains("[duplicate-address] 10.20.1.21"))
        #expect(r.stdout.contains("audit: 1 finding: 1 error, 0 warnings, 0 info"))
    }

    @Test("JSON follows the documented schema")
    func json() throws {
        let r = try CLIRunner.run(["audit", CLIRunner.fixture("inventory/broken/unroutable-address.csv"), "--format", "json"])
        #expect(r.status == 1)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let findings = try #require(doc["findings"] as? [[String: Any]])
        let summary = try #require(doc["summary"] as? [String: Any])
        #expect(summary["total"] as? Int == findings.count)
        let loopback = try #require(findings.first { $0["address"] as? String == "127.0.0.1" && $0["rule"] as? String == "unroutable-address" })
        #expect(loopback["severity"] as? String == "error")
        #expect(loopback["entities"] as? [String] == ["agent-lo"])
        let evidence = try #require(loopback["evidence"] as? [String: Any])
        #expect((evidence["registry"] as? [String: Any])?["rfc"] as? String == "RFC 1122, Section 3.2.1.3")
    }

    @Test("--fail-on warning turns warnings into exit 1; default keeps 0")
    func failOn() throws {
        let file = CLIRunner.fixture("inventory/broken/pool-utilization.csv")
        #expect(try CLIRunner.run(["audit", file]).status == 0)
        #expect(try CLIRunner.run(["audit", file, "--fail-on", "warning"]).status == 1)
        #expect(try CLIRunner.run(["audit", file, "--utilization-error", "85"]).status == 1)
    }

    @Test("--routable, --plan and --allow")
    func options() throws {
        let outside = CLIRunner.fixture("inventory/broken/outside-routable-space.csv")
        #expect(try CLIRunner.run(["audit", outside]).status == 0)
        let r = try CLIRunner.run(["audit", outside, "--routable", "10.20.0.0/16", "--format", "csv"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("outside-routable-space,error,172.16.5.5"))
        let zone = try CLIRunner.run(["audit", CLIRunner.fixture("inventory/broken/out-of-zone.csv"), "--plan", plan, "--quiet"])
        #expect(zone.stdout.contains("[out-of-zone] 10.20.1.22"))
        let allowed = try CLIRunner.run(["audit", CLIRunner.fixture("inventory/broken/duplicate-address.csv"),
                                         "--allow", CLIRunner.fixture("inventory/allow-list.csv")])
        #expect(allowed.status == 0)
        #expect(allowed.stdout.contains("[allow-listed] 10.20.1.21"))
    }

    @Test("Bad input exits 2 naming file, line and field; nothing on stdout")
    func badInput() throws {
        let r = try CLIRunner.run(["audit", CLIRunner.fixture("inventory/broken/bad-address.csv")])
        #expect(r.status == 2)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("bad-address.csv:3 field 'address'"))
        let bad = try CLIRunner.run(["audit", CLIRunner.fixture("inventory/cluster.csv"), "--routable", "10.0.0.1/8"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--routable"))
    }

    @Test("--prometheus writes textfile metrics; stdin input works")
    func prometheus() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let prom = dir.appendingPathComponent("ipaudit.prom").path
        let csv = "address,name,role\n10.0.0.1,a,agent\n10.0.0.1,b,agent\n"
        let r = try CLIRunner.run(["audit", "-", "--prometheus", prom, "--quiet"], stdin: csv)
        #expect(r.status == 1)
        let text = try String(contentsOfFile: prom, encoding: .utf8)
        #expect(text.contains("ipaudit_findings{tool=\"audit\",rule=\"duplicate-address\",severity=\"error\"} 1"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["ipaudit.prom"])  // no temp file left
    }

    @Test("Audit with no files and no store is bad input")
    func noStore() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try CLIRunner.run(["audit"], currentDirectory: dir)
        #expect(r.status == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test("The cron wrapper in fixtures/cron runs and maps exit codes")
    func cron() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let script = CLIRunner.fixture("cron/ipaudit-audit.sh")
        let process = try ProcessRunner.run("/bin/sh", [script], environment: [
            "IPAUDIT_STORE": dir.appendingPathComponent("none.db").path,  // ignored: files are given
            "IPAUDIT": CLIRunner.binary.path,
            "IPAUDIT_INVENTORY": CLIRunner.fixture("inventory/broken/duplicate-address.csv"),
            "IPAUDIT_TEXTFILE_DIR": dir.path,
        ])
        #expect(process.status == 1)
        #expect(process.stdout.contains("duplicate-address"))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("ipaudit_audit.prom").path))
    }

    @Test("Real-file generations: the canonical NetBox duplicate exits 1; a wrong --input-format and an empty file exit 2")
    func generations() throws {
        let netbox = try CLIRunner.run(["audit", CLIRunner.fixture("inventory/netbox-2.5-ip-addresses.json"), "--quiet"])
        #expect(netbox.status == 1)
        #expect(netbox.stdout.contains("[duplicate-address] 10.50.1.2"))
        let wrong = try CLIRunner.run(["audit", "--input-format", "marathon", CLIRunner.fixture("inventory/mesos-state.json")])
        #expect(wrong.status == 2 && wrong.stdout.isEmpty)
        #expect(wrong.stderr.contains("expected a Marathon answer"))
        #expect(wrong.stderr.contains("found top-level keys: "))
        let empty = try CLIRunner.run(["audit", "-"], stdin: #"{"apps": [{"id": "/a", "tasks": []}]}"#)
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("(1 apps)"))
        #expect(try CLIRunner.run(["audit", "--allow-empty", "-"], stdin: #"{"apps": [{"id": "/a", "tasks": []}]}"#).status == 0)
        let page = try CLIRunner.run(["audit", CLIRunner.fixture("inventory/netbox-4-ip-addresses-page.json")])
        #expect(page.stderr.contains("note: "))
        #expect(page.stderr.contains("5 of 120 results"))
    }

    @Test("A DC/OS cluster on the default overlay: one public-space warning for the overlay, not one per task")
    func oneFindingPerCause() throws {
        let r = try CLIRunner.run(["audit", CLIRunner.fixture("inventory/mesos-v1-get-state.json"), "--format", "json"])
        #expect(r.status == 0)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let findings = try #require(doc["findings"] as? [[String: Any]])
        #expect(findings.count == 1)
        #expect(findings.first?["rule"] as? String == "public-space" && findings.first?["address"] as? String == "9.0.0.0/8")
        #expect((findings.first?["evidence"] as? [String: Any])?["count"] as? Int == 2)
    }
}
