import Foundation
import Testing

/// Issue 23: the units' `Documentation=man:ipaudit(1)` names a page that exists. `systemd-analyze
/// verify` checks such references by asking `man`; the page is installed for it where `man`
/// looks (`MANPATH`, a private directory), as `install -D -m 0644 man/ipaudit.1
/// /usr/local/share/man/man1/ipaudit.1` installs it on a host (README, "Running unattended").
@Suite struct ServiceManPageTests {
    static func verify(manPath: URL) throws -> CLIResult {
        let dir = try ServiceFileTests.installCopies()
        defer { try? FileManager.default.removeItem(at: dir) }
        return try CLIRunner.runExecutable("/usr/bin/systemd-analyze", [
            "verify",
            dir.appendingPathComponent("ipaudit-scan@eth0.service").path,
            dir.appendingPathComponent("ipaudit-audit.service").path,
            dir.appendingPathComponent("ipaudit-audit.timer").path,
        ], environment: ["MANPATH": manPath.path])
    }

    @Test(.requires(.systemdAnalyze)) func verifyFindsTheManPageTheUnitsName() throws {
        let man = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: man) }
        let section = man.appendingPathComponent("man1")
        try FileManager.default.createDirectory(at: section, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CLIRunner.packageRoot.appendingPathComponent("man/ipaudit.1"),
                                         to: section.appendingPathComponent("ipaudit.1"))
        let r = try Self.verify(manPath: man)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
    }

    @Test(.requires(.systemdAnalyze)) func verifyWouldCatchAMissingManPage() throws {
        // The same check with no page where man looks: the reference is reported, so the test
        // above proves the page is found, not that references go unchecked.
        let empty = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: empty) }
        try FileManager.default.createDirectory(at: empty.appendingPathComponent("man1"), withIntermediateDirectories: true)
        let r = try Self.verify(manPath: empty)
        #expect(r.stderr.contains("ipaudit(1)"), "\(r.stderr)")
    }
}
