import Foundation
import Testing
@testable import IPAuditKit
import IPCore

@Suite("HTML report renderer")
struct ReportRendererTests {
    /// A plan with pinned blocks in both families and an inventory of three masters in one zone.
    static func page() throws -> String {
        let plan = try Plan.parse(yaml: """
            cluster: unit
            pools: [10.9.0.0/16, "fd00:1::/48"]
            ula: false
            regions:
              - name: r
                prefix: [10.9.0.0/17, "fd00:1::/52"]
                zones:
                  - name: z
                    prefix: [10.9.0.0/20, "fd00:1::/56"]
                    roles: {masters: {prefix: [10.9.0.0/28, "fd00:1::/64"]}}
            """)
        var topology = AuditTopology()
        topology.add(plan: plan)
        let inventory = try InventoryFixture.csv("""
            address,name,role,region,zone
            10.9.0.1,m1,master,r,z
            10.9.0.2,m2,master,r,z
            10.9.0.3,m3,master,r,z
            10.9.0.3,m3-again,master,r,z
            10.9.200.1,stray,agent,r,z
            """)
        let input = AuditInput(inventory: inventory, topology: topology)
        let run = AuditRun.Result(report: Auditor.audit(input), input: input, plan: plan, allocations: nil)
        return HTMLReportRenderer.render(PlanReport(run: run, generated: Date(timeIntervalSince1970: 0)))
    }

    @Test("The tree counts a leaf block's inventory addresses (distinct) and a parent's blocks")
    func used() throws {
        let html = try Self.page()
        #expect(html.contains("data-prefix=\"10.9.0.0/28\" data-path=\"r/z/masters\">"))
        let masters = try #require(html.components(separatedBy: "data-path=\"r/z/masters\">").dropFirst().first)
        #expect(masters.contains("<td class=\"num\">3 in inventory<td class=\"num\">13<td>"), "m3 is one address, listed twice")
        let zone = try #require(html.components(separatedBy: "data-prefix=\"10.9.0.0/20\" data-path=\"r/z\">").dropFirst().first)
        #expect(zone.contains("<td class=\"num\">16 in blocks<td class=\"num\">4080<td>"))
    }

    @Test("IPv6 pools are drawn at region, zone and rack level; IPv4 pools down to roles")
    func mapLevels() throws {
        let html = try Self.page()
        let v6 = try #require(html.components(separatedBy: "data-pool=\"fd00:1::/48\"").dropFirst().first?.components(separatedBy: "</svg>").first)
        let v4 = try #require(html.components(separatedBy: "data-pool=\"10.9.0.0/16\"").dropFirst().first?.components(separatedBy: "</svg>").first)
        #expect(v6.contains("<title>r/z · fd00:1::/56 · "))
        #expect(!v6.contains("masters"))
        #expect(v4.contains("<title>r/z/masters · 10.9.0.0/28 · 16 addresses · role</title>"))
        // The stray agent's out-of-zone finding is marked in the IPv4 map only.
        #expect(v4.contains("class=\"mark sev-"))
        #expect(!v6.contains("class=\"mark"))
    }

    @Test("Masters: three in one zone lose quorum with that zone; the summary names the exit status")
    func mastersAndSummary() throws {
        let html = try Self.page()
        #expect(html.contains("<tr class=\"loses\"><td>zone z<td>m1, m2, m3<td class=\"num\">3<td class=\"num\">0<td>NO: quorum lost"))
        #expect(html.contains("3 masters, quorum 2."))
        #expect(html.contains("<dd>1970-01-01T00:00:00Z</dd>"))
        #expect(html.contains("1: findings at or above error"))
    }

    @Test("Masters: with two listed, a zone's loss is not judged, as the audit does not judge it")
    func twoMastersNotJudged() throws {
        let inventory = try InventoryFixture.csv("""
            address,name,role,region,zone
            10.9.0.1,m1,master,r,z1
            10.9.0.2,m2,master,r,z1
            """)
        let input = AuditInput(inventory: inventory, topology: AuditTopology())
        let report = Auditor.audit(input)
        let run = AuditRun.Result(report: report, input: input, plan: nil, allocations: nil)
        let html = HTMLReportRenderer.render(PlanReport(run: run, generated: Date(timeIntervalSince1970: 0)))
        #expect(!report.findings.contains { $0.rule.id == Rule.mastersNotSpread.id })
        #expect(html.contains("<tr class=\"unjudged\"><td>zone z1<td>m1, m2<td class=\"num\">2<td class=\"num\">0<td>not judged"))
        #expect(!html.contains("NO: quorum lost"))
    }

    @Test("Nine zones get nine different swatches, each labelled region/zone")
    func nineZoneColours() throws {
        let zones = (0..<9).map { i in "      - {name: z\(i), prefix: 10.9.\(i).0/24}" }.joined(separator: "\n")
        let plan = try Plan.parse(yaml: """
            cluster: nine
            pools: [10.9.0.0/16]
            regions:
              - name: r
                prefix: 10.9.0.0/17
                zones:
            \(zones)
            """)
        var topology = AuditTopology()
        topology.add(plan: plan)
        let input = AuditInput(inventory: Inventory(), topology: topology)
        let run = AuditRun.Result(report: Auditor.audit(input), input: input, plan: plan, allocations: nil)
        let html = HTMLReportRenderer.render(PlanReport(run: run, generated: Date(timeIntervalSince1970: 0)))
        let legend = try #require(html.components(separatedBy: "<ul class=\"legend\">").dropFirst().first?.components(separatedBy: "</ul>").first)
        var swatches: [String: String] = [:]
        for item in legend.components(separatedBy: "<li><span class=\"sw ").dropFirst() {
            let parts = item.components(separatedBy: "\"></span>")
            swatches[parts[1].components(separatedBy: "</li>")[0]] = parts[0]
        }
        let labels = (0..<9).map { "r/z\($0)" }
        #expect(labels.allSatisfy { swatches[$0] != nil }, "\(swatches)")
        let classes = labels.compactMap { swatches[$0] } + [swatches["no zone (region)"] ?? "?"]
        #expect(Set(classes).count == 10, "\(classes)")
    }

    @Test("A ::/0 block in the tree: used and free counted without overflow")
    func wholeIPv6Space() throws {
        let all = try IPPrefix("::/0"), half = try IPPrefix("::/1")
        let state = AllocationState(allocations: [
            StoredAllocation(path: "world", kind: "region", prefix: all, region: "world"),
            StoredAllocation(path: "world/low", kind: "zone", prefix: half, region: "world", zone: "low"),
        ])
        let input = AuditInput(inventory: Inventory(), topology: AuditTopology())
        let run = AuditRun.Result(report: Auditor.audit(input), input: input, plan: nil, allocations: state)
        let html = HTMLReportRenderer.render(PlanReport(run: run, generated: Date(timeIntervalSince1970: 0)))
        let row = try #require(html.components(separatedBy: "data-prefix=\"::/0\" data-path=\"world\">").dropFirst().first?
            .components(separatedBy: "<tr").first)
        #expect(row.contains("<td class=\"num\">2^127 in blocks<td class=\"num\">2^127<td>"), "\(row)")
        #expect(row.contains("50.0%"))
    }
}
