import Foundation
import Testing

/// `scan --plan`: the plan's routable space judges on-link addresses like `--routable` does.
@Suite("scan --plan")
struct ScanPlanTests {
    func rules(_ stdout: String) throws -> Set<String> {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any])
        let findings = try #require(json["findings"] as? [[String: Any]])
        return Set(findings.map { "\($0["rule"] as? String ?? "")@\($0["address"] as? String ?? "")" })
    }

    @Test func onLinkAddressesOutsideThePlansRoutableSpaceAreReported() throws {
        let capture = CLIRunner.fixture("pcap/duplicate-static.pcap")
        let outside = try CLIRunner.run(["scan", "--read", capture, "--plan", CLIRunner.fixture("inventory/plan.yaml"),
                                         "--format", "json", "--fail-on", "error"])
        #expect(try rules(outside.stdout).contains("outside-routable-space@10.0.0.5"))

        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = dir.appendingPathComponent("plan.yaml")
        try "cluster: lab\npools: [10.0.0.0/8]\n".write(to: plan, atomically: true, encoding: .utf8)
        let inside = try CLIRunner.run(["scan", "--read", capture, "--plan", plan.path, "--format", "json"])
        #expect(!(try rules(inside.stdout)).contains { $0.hasPrefix("outside-routable-space") })
        #expect(try rules(inside.stdout).contains("duplicate-address@10.0.0.5"))
    }

    @Test func aBadPlanIsAnInputError() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plan = dir.appendingPathComponent("bad.yaml")
        try "pools: [10.1.2.3/8]\n".write(to: plan, atomically: true, encoding: .utf8)
        let r = try CLIRunner.run(["scan", "--read", CLIRunner.fixture("pcap/duplicate-static.pcap"), "--plan", plan.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("bad.yaml"))
        #expect(r.stdout.isEmpty)
    }
}

/// `scan --dhcp-server` and the plan's `dhcp_servers`/`routers`: who may answer the link.
@Suite("scan --dhcp-server")
struct ScanDHCPServerTests {
    @Test func aBadValueNamesTheOptionAndExitsTwo() throws {
        let r = try CLIRunner.run(["scan", "--read", CLIRunner.fixture("pcap/dhcp-ack-bindings.pcap"), "--dhcp-server", "dhcp.example"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("--dhcp-server") && r.stderr.contains("'dhcp.example': neither an IP address nor a unicast MAC"))
        #expect(r.stdout.isEmpty)
    }

    @Test func thePlansServersAreNamedServers() throws {
        let capture = CLIRunner.fixture("pcap/dhcp-ack-bindings.pcap")
        let plain = try CLIRunner.run(["scan", "--read", capture, "--format", "json"])
        #expect(plain.status == 0, "\(plain.stdout)\(plain.stderr)")
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Another server named: the fixture's server is then rogue, by --dhcp-server or by the plan.
        let other = try CLIRunner.run(["scan", "--read", capture, "--format", "json", "--dhcp-server", "10.9.9.9"])
        #expect(other.status == 1)
        #expect(try ScanPlanTests().rules(other.stdout).contains { $0.hasPrefix("rogue-dhcp-server@") })
        let plan = dir.appendingPathComponent("plan.yaml")
        try "pools: [10.0.0.0/8]\ndhcp_servers: [10.9.9.9]\n".write(to: plan, atomically: true, encoding: .utf8)
        let planned = try CLIRunner.run(["scan", "--read", capture, "--format", "json", "--plan", plan.path])
        #expect(try ScanPlanTests().rules(planned.stdout).contains { $0.hasPrefix("rogue-dhcp-server@") })
    }
}
