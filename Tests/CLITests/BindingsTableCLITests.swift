import Foundation
import Testing

/// The bindings table (issue 22): `scan --format json` has a `bindings` array (domain, address,
/// MAC, how bound, first/last seen, frames), and text prints it with `--bindings`.
@Suite struct BindingsTableCLITests {
    static func bindings(_ file: String, _ extra: [String] = []) throws -> [[String: Any]] {
        let r = try CLIRunner.run(["scan", "--read", CLIRunner.fixture(file), "--format", "json"] + extra)
        #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
        return try #require(try ScanCommandTests.json(r.stdout)["bindings"] as? [[String: Any]])
    }

    @Test("JSON: one row per (domain, address, MAC), the same the store would save, with how each was bound")
    func jsonHasTheTable() throws {
        let arp = try Self.bindings("pcap/duplicate-static.pcap")
        let five = arp.filter { $0["address"] as? String == "10.0.0.5" }
        #expect(five.map { $0["mac"] as? String } == ["02:00:00:00:00:0a", "02:00:00:00:00:0b"])
        #expect(five.allSatisfy { $0["how"] as? [String] == ["arp"] && $0["domain"] as? String == "pcap/duplicate-static.pcap" })
        #expect(five.first?["frames"] as? Int == 12)
        #expect((five.first?["first_seen"] as? Double ?? 0) < (five.first?["last_seen"] as? Double ?? 0))
        // Sorted by address as numbers.
        let addresses = arp.compactMap { $0["address"] as? String }
        #expect(addresses.first == "10.0.0.5" && addresses.count == Set(addresses).count + 1)
        let dhcp = try Self.bindings("pcap/dhcp-ack-bindings.pcap")
        #expect(Set(dhcp.map { "\($0["address"]!) \($0["mac"]!) \(($0["how"] as? [String]) ?? [])" })
                == ["10.0.0.91 02:00:00:00:00:91 [\"dhcp\"]", "10.0.0.95 02:00:00:00:00:95 [\"dhcp\"]", "10.0.0.98 02:00:00:00:00:96 [\"dhcp\"]"])
        #expect(try Self.bindings("pcap/ipv6-conflict.pcap").allSatisfy { $0["how"] as? [String] == ["ndp"] })
    }

    @Test("Text shows the table only with --bindings; a domain's control characters are written out")
    func textWithBindings() throws {
        let file = CLIRunner.fixture("pcap/ipv6-conflict.pcap")
        let plain = try CLIRunner.run(["scan", "--read", file])
        #expect(!plain.stdout.contains("BINDINGS"))
        let table = try CLIRunner.run(["scan", "--read", file, "--bindings", "--l2-domain", "lab\u{1b}[31m"])
        #expect(table.status == 1)
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "BINDINGS")
        #expect(lines.contains("  (4 bindings)"))
        #expect(lines.contains("  lab\\x1b[31m\tfd00:10::5\t02:00:00:00:00:81\tndp\t2023-11-14T22:13:20.000Z\t2023-11-14T22:13:45.000Z\t6"), "\(lines)")
        #expect(!table.stdout.contains("\u{1b}"))
        #expect(table.stdout.contains("[duplicate-address] fd00:10::5"))
    }

    @Test("--bindings where it cannot apply is refused: csv, prometheus, --watch")
    func bindingsOnlyWhereItApplies() throws {
        let file = CLIRunner.fixture("pcap/ipv6-conflict.pcap")
        for args in [["--format", "csv"], ["--format", "prometheus"], ["--watch"]] {
            let r = try CLIRunner.run(["scan", "--read", file, "--bindings"] + args)
            #expect(r.status == 2, "\(args)")
            #expect(r.stderr.contains("--bindings"), "\(args): \(r.stderr)")
        }
    }

    @Test("JSON stays valid with a domain needing escapes")
    func jsonEscapesTheDomain() throws {
        let rows = try Self.bindings("pcap/ipv6-conflict.pcap", ["--l2-domain", "a\"b\\c\u{1}"])
        #expect(rows.first?["domain"] as? String == "a\"b\\c\u{1}")
    }
}
