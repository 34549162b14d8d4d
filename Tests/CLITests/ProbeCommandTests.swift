import Foundation
import Testing

/// `ipaudit probe` usage, checked before any device is opened (no root needed).
@Suite struct ProbeCommandTests {
    @Test func helpListsTheProbeRulesOnly() throws {
        let help = try CLIRunner.run(["probe", "--help"]).stdout
        #expect(help.contains("unresponsive-address (warning)"))
        #expect(help.contains("arp-flux (info)"))
        #expect(!help.contains("duplicate-attempt"))
        #expect(!help.contains("quorum-at-risk"))
        let rules = try #require(try JSONSerialization.jsonObject(with: Data(try CLIRunner.run(["rules", "--format", "json"]).stdout.utf8)) as? [[String: Any]])
        let unresponsive = try #require(rules.first { $0["id"] as? String == "unresponsive-address" })
        #expect(unresponsive["applies_to"] as? [String] == ["probe"])
        #expect(unresponsive["severity"] as? String == "warning")
    }

    @Test(arguments: [
        (["probe", "eth0"], "give targets"),
        (["probe", "eth0", "10.0.0.0/24", "--save"], "--save needs --store"),
        (["probe", "eth0", "10.0.0.1/24"], "target '10.0.0.1/24'"),
        (["probe", "eth0", "10.0.0.300"], "target '10.0.0.300'"),
        (["probe", "eth0", "10.0.0.1", "--rate", "0"], "--rate '0'"),
        (["probe", "eth0", "10.0.0.1", "--rate", "fast"], "--rate 'fast'"),
        (["probe", "eth0", "10.0.0.1", "--vlan", "4095"], "--vlan"),
        (["probe", "eth0", "10.0.0.1", "--wait", "soon"], "--wait 'soon'"),
        (["probe", "eth0", "10.0.0.1", "--arp-sender", "fe80::1"], "--arp-sender 'fe80::1'"),
        (["probe", "eth0", "10.0.0.1", "--max-targets", "0"], "--max-targets"),
    ])
    func badUsageExitsTwoAndSaysWhy(_ arguments: [String], _ message: String) throws {
        let r = try CLIRunner.run(arguments)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    /// Without privileges the error says how to get them, and offers no --read (probe has none).
    @Test func permissionErrorNamesOnlyWhatProbeHas() throws {
        let binary = CLIRunner.binary.path
        let r = getuid() == 0
            ? try CLIRunner.runExecutable("/usr/bin/setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", binary, "probe", "lo", "10.0.0.1"])
            : try CLIRunner.run(["probe", "lo", "10.0.0.1"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("permission denied"), "\(r.stderr)")
        #expect(r.stderr.contains("CAP_NET_RAW"))
        #expect(!r.stderr.contains("--read"), "\(r.stderr)")
    }
}
