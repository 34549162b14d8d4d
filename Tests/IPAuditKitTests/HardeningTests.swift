import Foundation
@testable import IPAuditKit
import IPCore
import Testing

/// Crashes found by reading the code (issue 17), each pinned by a case that trapped before.
@Suite("hardening: renderer numbers, quorum arithmetic, quoting, YAML expansion")
struct HardeningTests {
    @Test("Non-finite numbers render as JSON null and as Prometheus NaN/+Inf/-Inf")
    func nonFiniteNumbers() throws {
        let finding = Finding(rule: .addressMoved, address: "10.0.0.1", message: "m",
                              evidence: ["first_seen": .double(.nan), "last_seen": .double(.infinity), "ok": .double(1.5)])
        let report = FindingsReport(tool: "scan", findings: [finding],
                                    stats: ["rate": .double(.infinity), "lag": .double(-.infinity), "odd": .double(.nan)])
        let json = try FindingsRenderer.json(report)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let evidence = try #require(((object["findings"] as? [[String: Any]])?.first)?["evidence"] as? [String: Any])
        #expect(evidence["first_seen"] is NSNull)
        #expect(evidence["last_seen"] is NSNull)
        #expect(evidence["ok"] as? Double == 1.5)
        let metrics = FindingsRenderer.prometheus(report)
        #expect(metrics.contains("ipaudit_scan_rate +Inf\n"))
        #expect(metrics.contains("ipaudit_scan_lag -Inf\n"))
        #expect(metrics.contains("ipaudit_scan_odd NaN\n"))
    }

    @Test("A huge declared Mesos quorum neither overflows nor invents masters")
    func hugeDeclaredQuorum() {
        for quorum in ["9223372036854775807", "4611686018427387905", "0", "-3"] {
            let master = InventoryRecord(address: try! IPAddress("10.0.0.1"), name: "m1", role: .master,
                                         labels: ["mesos_quorum": quorum], source: "mesos")
            let report = InventoryFixture.audit(Inventory([master]))
            let quorumFindings = report.with("quorum-at-risk")
            #expect(quorumFindings.count == 1, "quorum \(quorum)")
            #expect(quorumFindings.first?.message.hasPrefix("1 master") == true, "quorum \(quorum)")
        }
        // A plausible declared quorum still counts the followers /state does not list.
        let leader = InventoryRecord(address: try! IPAddress("10.0.0.1"), name: "m1", role: .master,
                                     labels: ["mesos_quorum": "2"], source: "mesos")
        #expect(InventoryFixture.audit(Inventory([leader])).with("quorum-at-risk").isEmpty)
    }

    @Test("Parse errors quote at most 80 bytes of the input around the offset")
    func boundedQuotes() {
        let long = "10.0.0." + String(repeating: "1", count: 10_000)
        do {
            _ = try IPAddress(long)
            Issue.record("parsed")
        } catch {
            let text = "\(error)"
            #expect(text.utf8.count < 300, "\(text.utf8.count) bytes")
            #expect(text.contains("(10007 bytes)"))
        }
        let short = "10.0.0.300"
        #expect((try? IPAddress(short)) == nil)
        do { _ = try IPAddress(short) } catch { #expect("\(error)".contains("\"10.0.0.300\"")) }
        let message = InputError(file: "f.csv", line: 3, field: "name", String(repeating: "x", count: 1_000_000))
        #expect(message.description.utf8.count < 2_100)
        #expect(message.description.hasPrefix("f.csv:3 field 'name': xxx"))
    }

    @Test("YAML: expansion is bounded by a walk that stops at the limit; normal anchors pass")
    func yamlExpansion() throws {
        var bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
        var previous = "a"
        for name in ["b", "c", "d", "e", "f", "g", "h", "i", "j"] {
            bomb += "\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]\n"
            previous = name
        }
        let started = Date()
        #expect(throws: InputError.self) { try YAMLDocument.load(bomb, file: "bomb.yaml") }
        #expect(Date().timeIntervalSince(started) < 10)
        let fine = try YAMLDocument.load("base: &b {zone: z1}\nrows:\n  - {<<: *b, name: a}\n  - {<<: *b, name: b}\n", file: "ok.yaml")
        let rows = try #require((fine as? [String: Any])?["rows"] as? [[String: Any]])
        #expect(rows.count == 2)
        #expect(rows[1]["zone"] as? String == "z1")
    }
}

@Suite("rule catalogue")
struct RuleCatalogueTests {
    @Test("Every audit finding over every fixture has its rule's default severity, unless the catalogue says when it differs")
    func severitiesFollowTheCatalogue() throws {
        let root = InventoryFixture.root
        var files = try FileManager.default.contentsOfDirectory(atPath: root.path).map { root.appendingPathComponent($0).path }
        files += try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("broken").path)
            .map { root.appendingPathComponent("broken/\($0)").path }
        var seen = 0
        for file in files.sorted() where !file.hasSuffix("plan.yaml") && !file.hasSuffix(".md") && !file.contains("allow-list") {
            var loader = InventoryLoader()
            guard let inventory = try? loader.load(path: file) else { continue }  // the broken ones that refuse to load
            for finding in InventoryFixture.audit(inventory, topology: try InventoryFixture.plan()).findings {
                seen += 1
                #expect(finding.rule.allows(finding.severity),
                        "\(file): \(finding.rule) as \(finding.severity)")
                #expect(finding.rule.scopes.contains(.audit), "\(finding.rule) is not an audit rule")
            }
        }
        #expect(seen > 20)
    }
}

@Suite("duplicate rule: entity grouping does not depend on file order")
struct EntityGroupingOrderTests {
    static let netbox = [
        InventoryRecord(address: try! IPAddress("10.0.0.5"), name: "r1", role: .other, source: "netbox"),
        InventoryRecord(address: try! IPAddress("10.0.0.5"), name: "r2", role: .other, source: "netbox"),
    ]
    static let mesos = [InventoryRecord(address: try! IPAddress("10.0.0.5"), name: "agent-1", role: .agent, source: "mesos")]

    @Test("Two NetBox devices at one address are a duplicate even when a Mesos agent there is read first")
    func netboxDuplicateSurvivesAThirdSource() {
        for records in [Self.netbox + Self.mesos, Self.mesos + Self.netbox] {
            let found = InventoryFixture.audit(Inventory(records)).with(Rule.duplicateAddress)
            #expect(found.count == 1, "\(records.map(\.name))")
            #expect(found.first?.entities.count == 2, "\(records.map(\.name))")
        }
        // One device and the agent on it stay one machine in either order.
        for records in [[Self.netbox[0]] + Self.mesos, Self.mesos + [Self.netbox[0]]] {
            #expect(InventoryFixture.audit(Inventory(records)).with(Rule.duplicateAddress).isEmpty)
        }
    }
}

@Suite("public-space: a VRF is not an overlay cause")
struct VRFPublicSpaceTests {
    @Test("Public addresses in a NetBox VRF are one finding each; on an overlay network they are one cause")
    func vrfRowsStayPerAddress() throws {
        let vrf = try InventoryFixture.csv("address,name,vrf\n8.8.4.1,a,customer-x\n8.8.4.2,b,customer-x\n8.8.4.3,c,customer-x\n")
        #expect(InventoryFixture.audit(vrf).with(Rule.publicSpace).count == 3)
        let overlay = try InventoryFixture.csv("address,name,network,role\n9.0.1.1,t1,dcos,app\n9.0.1.2,t2,dcos,app\n9.0.1.3,t3,dcos,app\n")
        #expect(InventoryFixture.audit(overlay).with(Rule.publicSpace).count == 1)
    }
}
