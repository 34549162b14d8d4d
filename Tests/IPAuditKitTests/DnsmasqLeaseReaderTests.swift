import Foundation
import IPCore
import Testing
@testable import IPAuditKit

/// dnsmasq's lease file, read only when named (`--format dnsmasq-leases`): each lease a row
/// named by its hostname, else its client; bad lines named by file, line and field.
@Suite struct DnsmasqLeaseReaderTests {
    static func load(_ text: String, format: InventoryFormat = .dnsmasqLeases, skipInvalid: Bool = false)
        -> (Result<Inventory, InputError>, InventoryLoader) {
        var loader = InventoryLoader(format: format, skipInvalid: skipInvalid)
        do { return (.success(try loader.load(bytes: Array(text.utf8), file: "dnsmasq.leases", source: "s")), loader) }
        catch let error as InputError { return (.failure(error), loader) }
        catch { Issue.record("not an InputError: \(error)"); return (.success(Inventory()), loader) }
    }

    static func error(_ text: String) -> InputError? {
        if case .failure(let e) = load(text).0 { return e }
        return nil
    }

    @Test("The fixture's v4 and v6 leases: names, MACs, entity ids, expiry")
    func fixture() throws {
        var loader = InventoryLoader(format: .dnsmasqLeases)
        let inventory = try loader.load(path: Repository.fixture("inventory/dnsmasq.leases"))
        let records = inventory.records
        #expect(records.map { "\($0.address!) \($0.name) \($0.role) \($0.mac ?? "-") \($0.line!)" } == [
            "192.168.50.10 laptop-ana other 52:54:00:aa:01:01 1",
            "192.168.50.11 printer other 52:54:00:aa:01:02 2",
            "192.168.50.12 52:54:00:aa:01:03 other 52:54:00:aa:01:03 3",
            "fd00:50::10 laptop-ana other - 5",
            "fd00:50::99 duid 00:02:00:00:ab:11:01:02 other - 6",
        ])
        #expect(records.map { $0.labels[InventoryLabel.entityID] ?? "-" } == [
            "mac:52:54:00:aa:01:01", "mac:52:54:00:aa:01:02", "mac:52:54:00:aa:01:03",
            "duid:00:01:00:01:2a:2b:2c:2d:52:54:00:aa:01:01", "duid:00:02:00:00:ab:11:01:02",
        ])
        #expect(records.map { $0.labels["lease_expires"] ?? "-" } == ["1765200000", "never", "1765203600", "1765200000", "1765200000"])
        #expect(records[0].labels["client_id"] == "01:52:54:00:aa:01:01")
        #expect(records[1].labels["client_id"] == nil)
        // No row is an unnamed one: the client names it.
        #expect(records.allSatisfy { $0.labels[InventoryLabel.unassigned] == nil })
        #expect(loader.lastFormat == .dnsmasqLeases)
    }

    @Test("A `*` hostname with no client either: named by the address, unassigned")
    func unknownHostnameAndClient() throws {
        let (result, _) = Self.load("duid 00:01:aa\n0 7 2001:db8::7 * *\n")
        let r = try #require(try result.get().records.first)
        #expect(r.name == "2001:db8::7")
        #expect(r.labels[InventoryLabel.unassigned] == "true")
        #expect(r.labels["lease_expires"] == "never")
    }

    @Test("A non-Ethernet hardware type keeps its type; a 4-field line (no client id) reads")
    func hardwareTypes() throws {
        let (result, _) = Self.load("100 20-00:11:22:33:44:55:66:77 10.0.0.5 ib-host\n")
        let r = try #require(try result.get().records.first)
        #expect(r.mac == "20-00:11:22:33:44:55:66:77")
        #expect(r.name == "ib-host")
    }

    @Test("Bad lines are refused naming file, line and field")
    func badLines() throws {
        let cases: [(String, Int, String, String)] = [
            ("soon 52:54:00:aa:01:01 10.0.0.1 a *", 1, "expiry", "expected seconds since the epoch (0: never expires), found \"soon\""),
            ("0 52:54:00:aa:01 10.0.0.1 a *", 1, "mac", "expected a hardware address"),
            ("\n0 52:54:00:aa:01:01 10.0.0.300 a *", 2, "address", "10.0.0.300"),
            ("0 52:54:00:aa:01:01 fd00::1 a *", 1, "address", "is the 'duid' line missing"),
            ("duid 00:01\n0 52:54:00:aa:01:01 10.0.0.1 a *", 2, "address", "a DHCPv6 lease (after the duid line) holds an IPv6 address"),
            ("duid 00:01\n0 x7 fd00::1 a 00:01", 2, "iaid", "expected the IAID"),
            ("duid 00:01\n0 7 fd00::1 a zz", 2, "duid", "expected the client DUID"),
            ("0 52:54:00:aa:01:01 10.0.0.1 a 01:xy", 1, "client_id", "expected the client id"),
            ("0 52:54:00:aa:01:01 10.0.0.1", 1, "hostname", "missing: a DHCPv4 lease is expiry mac address hostname client_id, found 3 fields"),
        ]
        for (text, line, field, words) in cases {
            let e = try #require(Self.error(text), "\(text)")
            #expect(e.file == "dnsmasq.leases")
            #expect(e.line == line, "\(text)")
            #expect(e.field == field, "\(text): \(e)")
            #expect(e.message.contains(words), "\(text): \(e)")
        }
        // A hostname with a control character (an escape sequence) is refused as any name is.
        var loader = InventoryLoader(format: .dnsmasqLeases)
        #expect(throws: InputError.self) {
            _ = try loader.load(input: Array("0 52:54:00:aa:01:01 10.0.0.1 a\u{1B}[31m *\n".utf8), name: "dnsmasq.leases", source: "s")
        }
        let tooMany = try #require(Self.error("0 52:54:00:aa:01:01 10.0.0.1 a * extra"))
        #expect(tooMany.description.hasPrefix("dnsmasq.leases:1: a lease has at most 5 fields"))
    }

    @Test("--skip-invalid leaves bad lines out, each reported, and reads the rest")
    func skipInvalid() throws {
        let text = "0 52:54:00:aa:01:01 10.0.0.1 a *\nsoon 52:54:00:aa:01:02 10.0.0.2 b *\n0 52:54:00:aa:01:03 10.0.0.3 c *\n"
        let (result, loader) = Self.load(text, skipInvalid: true)
        #expect(try result.get().records.map(\.name) == ["a", "c"])
        #expect(loader.skipped.map { "\($0.line ?? 0) \($0.field ?? "-")" } == ["2 expiry"])
        // Without it the same file fails at that line.
        #expect(Self.error(text)?.line == 2)
    }

    @Test("Never auto-detected; a CSV read as leases is refused naming what a lease is")
    func detectionAndWrongFormat() throws {
        let leases = try String(contentsOfFile: Repository.fixture("inventory/dnsmasq.leases"), encoding: .utf8)
        let (auto, autoLoader) = Self.load(leases, format: .auto)
        if case .success = auto { Issue.record("a lease file read as something by auto-detection") }
        #expect(autoLoader.lastFormat != .dnsmasqLeases)
        let e = try #require(Self.error("address,name\n10.0.0.1,a\n"))
        #expect(e.line == 1)
        #expect(e.field == "mac")
        #expect(e.message.contains("a DHCPv4 lease is expiry mac address hostname client_id"))
        // An empty file is no records and no error; a duid line alone is a non-empty file with none.
        if case .failure(let empty) = Self.load("").0 { Issue.record("empty file refused: \(empty)") }
        #expect(Self.error("duid 00:01\n")?.message.hasPrefix("no records in a non-empty dnsmasq-leases file (nothing to read)") == true)
    }

    @Test("Identity: a lease's client against another source's MAC, and two clients of one hostname")
    func identity() throws {
        func leases(_ text: String) throws -> Inventory {
            var loader = InventoryLoader(format: .dnsmasqLeases)
            return try loader.load(bytes: Array(text.utf8), file: "dnsmasq.leases", source: "dnsmasq.leases")
        }
        func duplicates(_ lease: String, _ csv: String) throws -> [String] {
            var inv = try leases(lease)
            inv.append(contentsOf: try InventoryFixture.csv(csv, file: "static.csv"))
            return InventoryFixture.audit(inv).with(Rule.duplicateAddress).map { "\($0.address!) \($0.entities.sorted().joined(separator: ","))" }
        }
        let lease = "0 52:54:00:aa:01:03 10.0.0.12 * *\n"
        // Another card at the static address: two machines.
        #expect(try duplicates(lease, "address,name,mac\n10.0.0.12,nas,52:54:00:bb:00:12\n") == ["10.0.0.12 52:54:00:aa:01:03,nas"])
        // The same card however spelled (a reservation): one machine.
        #expect(try duplicates(lease, "address,name,mac\n10.0.0.12,nas,52-54-00-AA-01-03\n").isEmpty)
        // A static row without a MAC says nothing against it: merged by role, as before.
        #expect(try duplicates(lease, "address,name\n10.0.0.12,nas\n").isEmpty)
        // Within the lease file, two clients that send one hostname are two entities.
        let twins = try leases("0 52:54:00:aa:01:01 10.0.0.5 android *\n0 52:54:00:aa:01:02 10.0.0.5 android *\n")
        #expect(InventoryFixture.audit(twins).with(Rule.duplicateAddress).count == 1)
        let renewed = try leases("0 52:54:00:aa:01:01 10.0.0.5 android *\n0 52:54:00:aa:01:01 10.0.0.5 android *\n")
        #expect(InventoryFixture.audit(renewed).with(Rule.duplicateAddress).isEmpty)
    }
}
