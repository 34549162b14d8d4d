import Foundation
import Testing

@Suite("ipaudit audit --input-format dnsmasq-leases (CLI)")
struct DnsmasqLeasesCLITests {
    @Test("A lease file audited against an imported CSV: a static address leased to another card is a duplicate")
    func leaseAgainstStaticCSV() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        let imported = try CLIRunner.run(["import", "--store", store, CLIRunner.fixture("inventory/dnsmasq-static.csv")])
        #expect(imported.status == 0, "\(imported.stderr)")
        let leases = CLIRunner.fixture("inventory/dnsmasq.leases")
        let r = try CLIRunner.run(["audit", "--store", store, "--input-format", "dnsmasq-leases", leases, "--format", "json"])
        #expect(r.status == 1, "\(r.stdout)\(r.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let findings = try #require(json["findings"] as? [[String: Any]])
        let duplicates = findings.filter { $0["rule"] as? String == "duplicate-address" }
        // The NAS and the card that leased its address; the printer's lease is its own reservation (same MAC).
        #expect(duplicates.map { $0["address"] as? String } == ["192.168.50.12"])
        #expect(Set(duplicates.first?["entities"] as? [String] ?? []) == ["nas", "52:54:00:aa:01:03"])
        // Alone, the lease file holds no duplicate: the finding needs both sources.
        #expect(try CLIRunner.run(["audit", "--input-format", "dnsmasq-leases", leases]).status == 0)
    }
}
