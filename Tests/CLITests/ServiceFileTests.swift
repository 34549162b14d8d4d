import Foundation
import Testing

/// contrib/systemd/ checked by systemd itself (`systemd-analyze verify`). Verify insists that
/// each ExecStart program exists, so it runs on copies whose paths point at the built binary
/// and at fixtures/cron's wrapper; nothing else in the units is changed.
@Suite struct ServiceFileTests {
    static let units = ["ipaudit-scan@.service", "ipaudit-audit.service", "ipaudit-audit.timer"]

    static func installCopies() throws -> URL {
        let dir = try CLIRunner.temporaryDirectory()
        let source = CLIRunner.packageRoot.appendingPathComponent("contrib/systemd")
        for name in units {
            let text = try String(contentsOf: source.appendingPathComponent(name), encoding: .utf8)
                .replacingOccurrences(of: "/usr/local/bin/ipaudit", with: CLIRunner.binary.path)
                .replacingOccurrences(of: "/usr/local/lib/ipaudit/ipaudit-audit.sh", with: CLIRunner.fixture("cron/ipaudit-audit.sh"))
            try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return dir
    }

    @Test(.requires(.systemdAnalyze)) func systemdAnalyzeVerifyAcceptsTheUnits() throws {
        let dir = try Self.installCopies()
        defer { try? FileManager.default.removeItem(at: dir) }
        // An instance of the template, as `systemctl start ipaudit-scan@eth0` loads it.
        let r = try CLIRunner.runExecutable("/usr/bin/systemd-analyze", [
            "verify", "--man=no",
            dir.appendingPathComponent("ipaudit-scan@eth0.service").path,
            dir.appendingPathComponent("ipaudit-audit.service").path,
            dir.appendingPathComponent("ipaudit-audit.timer").path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        // Warnings (an unknown key, a value systemd ignores) keep status 0: none are allowed.
        #expect(r.stderr.isEmpty, "\(r.stderr)")
    }

    @Test(.requires(.systemdAnalyze)) func verifyWouldCatchABrokenUnit() throws {
        let dir = try Self.installCopies()
        defer { try? FileManager.default.removeItem(at: dir) }
        let unit = dir.appendingPathComponent("ipaudit-scan@.service")
        let broken = try String(contentsOf: unit, encoding: .utf8).replacingOccurrences(of: "ProtectSystem=strict", with: "ProtectSystem=sometimes")
        try broken.write(to: unit, atomically: true, encoding: .utf8)
        let r = try CLIRunner.runExecutable("/usr/bin/systemd-analyze", ["verify", "--man=no", dir.appendingPathComponent("ipaudit-scan@eth0.service").path])
        #expect(r.stderr.contains("ProtectSystem") || r.stderr.contains("protect system"))
    }

    /// A unit's `Key=value` settings (the last one wins, as systemd reads them).
    static func settings(of name: String) throws -> [String: String] {
        let text = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("contrib/systemd/\(name)"), encoding: .utf8)
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            result[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return result
    }

    @Test func theWatcherStoresWhereTheAuditReads() throws {
        // The audit's unknown-address and the like judge the observations in its store: a
        // watcher writing a file of its own would never be audited.
        let scanStore = try Self.scanCommandLine(instance: "eth0", stateDirectory: "/var/lib").drop { $0 != "--store" }.dropFirst().first
        // Several Environment= lines: the one that sets IPAUDIT_STORE.
        let auditStore = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("contrib/systemd/ipaudit-audit.service"), encoding: .utf8)
            .split(separator: "\n").first { $0.hasPrefix("Environment=IPAUDIT_STORE=") }
            .map { String($0.dropFirst("Environment=IPAUDIT_STORE=".count)).replacingOccurrences(of: "%S", with: "/var/lib") }
        #expect(scanStore == "/var/lib/ipaudit/ipaudit.db")
        #expect(auditStore == scanStore)
        let crontab = try String(contentsOf: URL(fileURLWithPath: CLIRunner.fixture("cron/crontab")), encoding: .utf8)
        #expect(crontab.contains("IPAUDIT_STORE=\(scanStore ?? "?")\n"))
    }

    @Test func theWatcherFollowsItsInterface() throws {
        // An interface that goes away stops the watcher (not a failure using up the restart
        // budget), and one that comes back starts it: bound to and wanted by its device unit.
        let unit = try Self.settings(of: "ipaudit-scan@.service")
        #expect(unit["BindsTo"] == "sys-subsystem-net-devices-%i.device")
        #expect(unit["After"]?.split(separator: " ").contains("sys-subsystem-net-devices-%i.device") == true)
        #expect(unit["WantedBy"]?.split(separator: " ").contains("sys-subsystem-net-devices-%i.device") == true)
    }

    @Test(arguments: ["ipaudit-scan@.service", "ipaudit-audit.service"])
    func theTextfileIsReadableByNodeExporter(unit: String) throws {
        // node_exporter runs as its own user: a textfile of mode 0640 is a gather error.
        let umask = try #require(try Self.settings(of: unit)["UMask"].flatMap { Int($0, radix: 8) })
        #expect(0o644 & ~umask == 0o644, "UMask=\(String(umask, radix: 8)) in \(unit)")
        // The store stays private by its directory.
        #expect(try Self.settings(of: unit)["StateDirectoryMode"] == "0750")
    }

    /// The scan unit's command line, with systemd's specifiers filled in as for `@eth0`.
    static func scanCommandLine(instance: String, stateDirectory: String) throws -> [String] {
        let text = try String(contentsOf: CLIRunner.packageRoot.appendingPathComponent("contrib/systemd/ipaudit-scan@.service"), encoding: .utf8)
        let joined = text.replacingOccurrences(of: "\\\n", with: " ")
        let line = try #require(joined.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
        return line.dropFirst("ExecStart=".count).split(separator: " ").map(String.init)
            .filter { $0 != "$IPAUDIT_SCAN_OPTIONS" }
            .map { $0.replacingOccurrences(of: "%i", with: instance).replacingOccurrences(of: "%S", with: stateDirectory) }
    }

    @Test func theScanUnitsOptionsAreOnesIpauditTakes() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let words = try Self.scanCommandLine(instance: "ipaudit-nosuch0", stateDirectory: dir.path)
        #expect(words.first == "/usr/local/bin/ipaudit")
        #expect(words.contains("--watch"))
        // The options parse: it fails only at opening the (missing) interface, exit 2.
        let r = try CLIRunner.run(Array(words.dropFirst()))
        #expect(r.status == 2)
        #expect(r.stderr.contains("ipaudit-nosuch0"))
        #expect(r.stderr.contains("no such interface") || r.stderr.contains("permission denied"), "\(r.stderr)")
    }
}
