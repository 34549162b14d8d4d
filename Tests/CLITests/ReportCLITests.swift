import Foundation
import Testing

@Suite("ipaudit report (CLI)")
struct ReportCLITests {
    let plan = CLIRunner.fixture("inventory/plan.yaml")

    @Test("Exit statuses follow the audit's: 0 clean, 1 at --fail-on; the page is written either way")
    func exitStatuses() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("plan.html").path
        let clean = CLIRunner.fixture("inventory/cluster.csv")
        let r0 = try CLIRunner.run(["report", clean, "--plan", plan, "--output", page])
        #expect(r0.status == 0, "\(r0.stderr)")
        #expect(r0.stdout == "audit: no findings; wrote \(page)\n")
        #expect(try String(contentsOfFile: page, encoding: .utf8).hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))

        let warnings = CLIRunner.fixture("inventory/broken/pool-utilization.csv")
        for extra in [[], ["--fail-on", "warning"], ["--utilization-error", "85"]] {
            let audit = try CLIRunner.run(["audit", warnings] + extra)
            let report = try CLIRunner.run(["report", warnings, "--output", page] + extra)
            #expect(report.status == audit.status, "\(extra): report \(report.status), audit \(audit.status)")
        }
        #expect(try CLIRunner.run(["report", warnings, "--output", page, "--fail-on", "warning"]).status == 1)
        #expect(try String(contentsOfFile: page, encoding: .utf8).contains("pool-utilization"))
    }

    @Test("Bad input exits 2 and leaves the previous page as it was")
    func badInputKeepsPage() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("plan.html").path
        let fresh = dir.appendingPathComponent("never.html").path
        #expect(try CLIRunner.run(["report", CLIRunner.fixture("inventory/cluster.csv"), "--output", page]).status == 0)
        let before = try Data(contentsOf: URL(fileURLWithPath: page))
        let bad = try CLIRunner.run(["report", CLIRunner.fixture("inventory/broken/bad-address.csv"), "--output", page])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bad-address.csv:3 field 'address'"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: page)) == before)
        #expect(try CLIRunner.run(["report", CLIRunner.fixture("inventory/broken/bad-address.csv"), "--output", fresh]).status == 2)
        #expect(!FileManager.default.fileExists(atPath: fresh))
        // No temporary file is left behind either.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["plan.html"])
        let nowhere = try CLIRunner.run(["report", CLIRunner.fixture("inventory/cluster.csv"), "--output", dir.appendingPathComponent("no/such/dir.html").path])
        #expect(nowhere.status == 2)
        #expect(nowhere.stderr.contains("cannot write"))
        let noStore = try CLIRunner.run(["report", "--store", dir.appendingPathComponent("missing.db").path, "--output", fresh])
        #expect(noStore.status == 2)
        #expect(noStore.stderr.contains("no store here"))
        #expect(try CLIRunner.run(["report", CLIRunner.fixture("inventory/cluster.csv")]).status == 2, "--output is required")
    }

    @Test("The page is self-contained: no source or link leaves it; a policy forbids fetching")
    func selfContained() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let page = dir.appendingPathComponent("plan.html").path
        _ = try CLIRunner.run(["report", CLIRunner.fixture("inventory/broken/duplicate-address.csv"), "--plan", plan, "--output", page])
        let html = try String(contentsOfFile: page, encoding: .utf8)
        #expect(!html.contains(" src="))
        #expect(!html.contains("<link"))
        let hrefs = html.components(separatedBy: " href=\"").dropFirst().map { $0.prefix(1) }
        #expect(!hrefs.isEmpty && hrefs.allSatisfy { $0 == "#" }, "links only within the page")
        #expect(html.contains("http-equiv=\"Content-Security-Policy\" content=\"default-src 'none';".replacingOccurrences(of: "'", with: "&#39;")))
        #expect(html.components(separatedBy: "<script").count == 2, "one script element")
        #expect(html.contains("@media print"))
    }
}
