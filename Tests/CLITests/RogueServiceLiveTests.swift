import Foundation
import Testing

/// A second DHCP server (dnsmasq) and a second RA sender (radvd) on a live bridge in network
/// namespaces (scripts/live-rogue-test.sh): `scan --watch` opens multiple-dhcp-servers and
/// multiple-routers within seconds, `probe --dhcp --routers` lists both of each, and with the
/// legitimate ones named the others are rogue. Needs root, dnsmasq and radvd, as CI has.
@Suite(.requires(.networkNamespaces, .dnsmasq, .radvd), .serialized) struct RogueServiceLiveTests {
    @Test func aSecondServerAndRouterAreFoundLiveAndByProbe() throws {
        let script = CLIRunner.packageRoot.appendingPathComponent("scripts/live-rogue-test.sh").path
        let output = try CLIRunner.runTool("/bin/bash", [script, CLIRunner.binary.path])
        var header: [String: String] = [:]
        var events: [[String: Any]] = []
        var inEvents = false
        for line in output.split(separator: "\n").map(String.init) {
            if inEvents {
                if let e = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] { events.append(e) }
                continue
            }
            if line == "events:" { inEvents = true; continue }
            if let colon = line.firstIndex(of: ":") {
                header[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        let a = try #require(header["mac_a"]), b = try #require(header["mac_b"])
        #expect(header["seen_open"] == "yes", "\(output)")
        #expect(header["watch_status"] == "0")
        // The watcher opened both while it ran, each naming both MACs.
        let opened = events.filter { $0["event"] as? String == "open" }.compactMap { $0["finding"] as? [String: Any] }
        for rule in ["multiple-dhcp-servers", "multiple-routers"] {
            let f = opened.first { $0["rule"] as? String == rule }
            #expect((f?["macs"] as? [String])?.sorted() == [a, b].sorted(), "\(rule): \(output)")
        }
        // probe --dhcp --routers lists every server (DHCPv4 and DHCPv6 of each) and router, with what they hand out.
        let probe = try Self.json(header["probe"])
        let stats = try #require(probe["stats"] as? [String: Any])
        let servers = try #require(stats["dhcp_servers"] as? [String])
        #expect(servers.count == 4, "\(servers)")
        #expect(servers.contains { $0.hasPrefix("10.198.0.2: offered 10.198.0.1") && $0.contains("router 10.198.0.1") })
        #expect(servers.contains { $0.hasPrefix("10.198.0.3: offered 10.198.0.2") && $0.contains("router 10.198.0.3") })
        let routers = try #require(stats["routers"] as? [String])
        #expect(Set(routers.map { String($0.prefix(17)) }) == [a, b])
        #expect(routers.contains { $0.hasPrefix(b) && $0.contains("fd00:66::/64") })
        #expect(Set(Self.rules(probe)) == ["multiple-dhcp-servers -", "multiple-routers -"])
        #expect(header["probe_status"] == "0")
        // The legitimate server and router named: B's DHCPv4, DHCPv6 and RAs are rogue, errors, exit 1.
        let named = try Self.json(header["named"])
        #expect(Self.rules(named).sorted() == ["rogue-dhcp-server 10.198.0.3", "rogue-dhcp-server fe80::" + Self.eui64(b), "rogue-router fe80::" + Self.eui64(b)])
        #expect(header["named_status"] == "1")
    }

    static func json(_ text: String?) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data((text ?? "").utf8)) as? [String: Any])
    }

    static func rules(_ report: [String: Any]) -> [String] {
        ((report["findings"] as? [[String: Any]]) ?? []).map { "\($0["rule"] as? String ?? "") \($0["address"] as? String ?? "-")" }
    }

    /// The interface identifier of a MAC's EUI-64 link-local address, as the kernel forms it.
    static func eui64(_ mac: String) -> String {
        var b = mac.split(separator: ":").map { UInt8($0, radix: 16)! }
        b[0] ^= 2
        let words = [UInt16(b[0]) << 8 | UInt16(b[1]), UInt16(b[2]) << 8 | 0xff, 0xfe00 | UInt16(b[3]), UInt16(b[4]) << 8 | UInt16(b[5])]
        return words.map { String($0, radix: 16) }.joined(separator: ":")
    }
}
