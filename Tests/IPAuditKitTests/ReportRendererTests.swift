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

    /// The x, y, width and height of the map rectangle titled `path · prefix · ...`; a one-cell
    /// block leaves width and height to the style sheet (1 × 1).
    static func mapRect(_ html: String, _ path: String, _ prefix: String) -> [Int]? {
        guard let title = html.range(of: "<title>\(path) · \(prefix) · "),
              let open = html[..<title.lowerBound].range(of: "<rect ", options: .backwards) else { return nil }
        var values: [String: Int] = [:]
        for part in html[open.upperBound..<title.lowerBound].split(separator: " ") {
            let kv = part.split(separator: "=", maxSplits: 1)
            if kv.count == 2 { values[String(kv[0])] = Int(kv[1].filter(\.isNumber)) }
        }
        guard let x = values["x"], let y = values["y"] else { return nil }
        return [x, y, values["width"] ?? 1, values["height"] ?? 1]
    }

    @Test("Map placement: blocks of a /16, a /8 (cells of 256 addresses) and a /17 (two squares) where the Hilbert curve puts them")
    func mapPlacement() throws {
        let plan = try Plan.parse(yaml: """
            cluster: maps
            pools: [10.9.0.0/16, 11.0.0.0/8, 12.20.0.0/17]
            ula: false
            regions:
              - name: a
                prefix: 10.9.0.0/17
                zones:
                  - {name: a1, prefix: 10.9.0.0/18, roles: {m: {prefix: 10.9.0.1/32}}}
                  - {name: a2, prefix: 10.9.64.0/18}
              - name: b
                prefix: 10.9.128.0/17
                zones:
                  - {name: b1, prefix: 10.9.192.0/18}
              - name: c
                prefix: 11.128.0.0/9
                zones:
                  - name: c1
                    prefix: 11.128.0.0/10
                    racks: [{name: k0, prefix: 11.128.0.0/24}, {name: k1, prefix: 11.128.1.0/24}]
              - name: d
                prefix: 12.20.64.0/18
                zones:
                  - {name: d1, prefix: 12.20.64.0/19, roles: {m: {prefix: 12.20.64.4/30}}}
            """)
        var topology = AuditTopology()
        topology.add(plan: plan)
        let input = AuditInput(inventory: Inventory(), topology: topology)
        let run = AuditRun.Result(report: Auditor.audit(input), input: input, plan: plan, allocations: nil)
        let html = HTMLReportRenderer.render(PlanReport(run: run, generated: Date(timeIntervalSince1970: 0)))
        // The curve takes the quarters of a square in the order (0,0), (0,s), (s,s), (s,0), y down: a U opening upwards.
        // /16 with a /32 role: 256 × 256 cells of one address.
        #expect(html.contains("viewBox=\"0 0 256 256\" role=\"img\" aria-labelledby=\"map-caption-0\" data-pool=\"10.9.0.0/16\""))
        #expect(Self.mapRect(html, "a", "10.9.0.0/17") == [0, 0, 128, 256])
        #expect(Self.mapRect(html, "a/a1", "10.9.0.0/18") == [0, 0, 128, 128])
        #expect(Self.mapRect(html, "a/a2", "10.9.64.0/18") == [0, 128, 128, 128])
        #expect(Self.mapRect(html, "b", "10.9.128.0/17") == [128, 0, 128, 256])
        #expect(Self.mapRect(html, "b/b1", "10.9.192.0/18") == [128, 0, 128, 128])
        let role = try #require(Self.mapRect(html, "a/a1/m", "10.9.0.1/32"))
        #expect(role[2] == 1 && role[3] == 1 && role[0] + role[1] == 1, "cell 1 is next to cell 0: \(role)")
        #expect(html.contains("<figcaption id=\"map-caption-0\">10.9.0.0/16 (underlay): 256×256 cells"), "the map's accessible name")
        // /8 with /24 racks: the grid stops at 2^16 cells, 256 addresses each.
        #expect(html.contains("viewBox=\"0 0 256 256\" role=\"img\" aria-labelledby=\"map-caption-1\" data-pool=\"11.0.0.0/8\""))
        #expect(Self.mapRect(html, "c", "11.128.0.0/9") == [128, 0, 128, 256])
        #expect(Self.mapRect(html, "c/c1", "11.128.0.0/10") == [128, 128, 128, 128])
        let k0 = try #require(Self.mapRect(html, "c/c1/k0", "11.128.0.0/24"))
        let k1 = try #require(Self.mapRect(html, "c/c1/k1", "11.128.1.0/24"))
        #expect(k0[2...] == [1, 1] && k1[2...] == [1, 1])
        #expect(abs(k0[0] - k1[0]) + abs(k0[1] - k1[1]) == 1, "consecutive /24s are neighbouring cells: \(k0) \(k1)")
        #expect((128..<256).contains(k0[0]) && (128..<256).contains(k0[1]))
        // /17 with a /30 role: order 13, two 64 × 64 squares side by side, 4 addresses a cell.
        #expect(html.contains("viewBox=\"0 0 128 64\" role=\"img\" aria-labelledby=\"map-caption-2\" data-pool=\"12.20.0.0/17\""))
        #expect(Self.mapRect(html, "d", "12.20.64.0/18") == [64, 0, 64, 64])
        #expect(Self.mapRect(html, "d/d1", "12.20.64.0/19") == [64, 0, 32, 64], "2^11 cells: the left half of the right square")
        let small = try #require(Self.mapRect(html, "d/d1/m", "12.20.64.4/30"))
        #expect(small[2...] == [1, 1] && abs(small[0] - 64) + small[1] == 1, "cell 4097 is next to cell 4096 at (64, 0): \(small)")
    }

    @Test("A pool the inventory declares (NetBox is_pool) is drawn, as pool-utilization audits it")
    func inventoryPoolDrawn() throws {
        let inventory = try InventoryFixture.load("netbox-prefixes.csv")
        let input = AuditInput(inventory: inventory, topology: AuditTopology())
        let run = AuditRun.Result(report: Auditor.audit(input), input: input, plan: nil, allocations: nil)
        let html = HTMLReportRenderer.render(PlanReport(run: run, generated: Date(timeIntervalSince1970: 0)))
        #expect(html.contains("data-pool=\"10.20.0.0/16\""))
        #expect(html.contains(">10.20.0.0/16 (inventory pool): "))
        #expect(!html.contains("data-pool=\"10.20.1.0/24\""), "a prefix not marked is_pool is no pool")
    }

    @Test("Evidence lists of plain values show eight and count the rest; short lists and records stay whole")
    func evidenceListsCapped() {
        let blocks = (0..<100).map { JSONValue.string("10.34.\($0 * 4).0/22") }
        let text = EvidenceText.render(["expected_blocks": .array(blocks), "zone": .string("z"),
                                        "few": .array([.string("a"), .string("b")])])
        #expect(text == "expected_blocks: " + (0..<8).map { "10.34.\($0 * 4).0/22" }.joined(separator: ", ")
                + ", … and 92 more (audit --format json lists all)\nfew: a, b\nzone: z")
    }

    @Test("A long list several findings carry is listed whole once and linked from each row; one finding's list stays in its row")
    func sharedEvidenceListedOnce() {
        let blocks = JSONValue.array((0..<12).map { .string("10.34.\($0 * 4).0/22") })
        let own = JSONValue.array((0..<12).map { .string("10.99.\($0).0/24") })
        let findings = [
            Finding(rule: .outOfZone, zone: "z", message: "a of host-a (zone z) lies elsewhere",
                    evidence: ["expected_blocks": blocks, "zone_name": .string("host-a")]),
            Finding(rule: .outOfZone, zone: "z", message: "b of host-b lies elsewhere", evidence: ["expected_blocks": blocks]),
            Finding(rule: .outOfZone, zone: "y", message: "c lies elsewhere", evidence: ["expected_blocks": own]),
        ]
        let html = FindingsSection(findings: findings).render().render()
        #expect(html.components(separatedBy: "<a href=\"#ev-1\">list 1</a>").count - 1 == 2, "both rows link to the shared list")
        #expect(html.components(separatedBy: "10.34.44.0/22").count - 1 == 1, "the shared list's 12th value is written once")
        #expect(html.contains("<li id=\"ev-1\"><b>expected_blocks, in 2 findings (12 values): </b>10.34.0.0/22, "))
        #expect(!html.contains("ev-2"), "a list only one finding carries is not shared")
        #expect(html.contains("expected_blocks: 10.99.0.0/24, ") && html.contains("… and 4 more"))
        #expect(!html.contains("zone_name: host-a"), "a value the message already says is not repeated")
    }

    @Test("Evidence a message says is left out only when the message says it whole, not as part of a longer token")
    func messageQuotesWholeTokens() {
        #expect(EvidenceText.says("10.0.0.5 is held by 2 entities in the underlay", "underlay"))
        #expect(EvidenceText.says("a of host-a (zone z) lies elsewhere", "host-a"))
        #expect(EvidenceText.says("held in network prod.", "prod"))
        #expect(EvidenceText.says("10.0.0.5: held twice", "10.0.0.5"))
        #expect(!EvidenceText.says("10.0.0.55 is held by 2 entities", "10.0.0.5"))
        #expect(!EvidenceText.says("agent zone-ab is elsewhere", "zone-a"))
        #expect(!EvidenceText.says("in 10.0.0.0/24", "10.0.0.0"))
        #expect(!EvidenceText.says("in fd00::1:5", "fd00::1"))
    }
}
