import Foundation
import Testing

/// `ipaudit report` pages opened in headless Chromium (Debian's `chromium` package, driven over
/// the DevTools protocol): checked through the DOM against the audit's own JSON and the store's
/// allocations. Pages and screenshots are kept in .build/report-artifacts/.
@Suite("ipaudit report in headless Chromium", .requires(.chromium), .serialized)
struct ReportBrowserTests {
    /// Probes, by index in the page's answer.
    /// Each tree row's `path|prefix`; agent slices are listed under their row's common path.
    static let blockKeys = """
        Array.from(document.querySelectorAll('#plan-table tr[data-prefix]')).map(e => e.dataset.path + '|' + e.dataset.prefix).concat(
          Array.from(document.querySelectorAll('#plan-table tr.k-agents ul.agents > li')).map(li => {
            const item = li.textContent, cut = item.lastIndexOf(' · ');
            return li.closest('tr').dataset.path + '/' + item.slice(0, cut) + '|' + item.slice(cut + 3);
          }))
        """
    /// Each map block's title; an agent slice's (`agent · prefix`) gets its group's path in front.
    static let mapTitles = """
        Array.from(document.querySelectorAll('svg.map g[class*=k-] > rect > title')).map(t => {
          const g = t.parentNode.parentNode.querySelector(':scope > title');
          return g ? g.textContent.split(' · ')[0] + '/' + t.textContent : t.textContent;
        })
        """
    static let findingRows = "document.querySelectorAll('#findings-table tbody tr').length"
    static let visibleRows = "Array.from(document.querySelectorAll('#findings-table tbody tr')).filter(r => !r.hidden && r.offsetParent !== null).length"

    /// Picks a filter value as a user would (`value` may hold quotes: it goes in as a JSON string).
    static func choose(_ name: String, _ value: String) -> String {
        let literal = String(decoding: try! JSONSerialization.data(withJSONObject: [value]), as: UTF8.self).dropFirst().dropLast()
        return "(() => { const f = document.getElementById('findings-filter'); f.elements['\(name)'].value = \(literal); "
            + "f.elements['\(name)'].dispatchEvent(new Event('change', {bubbles: true})); return f.elements['\(name)'].value; })()"
    }

    struct Allocation: Hashable {
        let kind: String
        let path: String
        let prefix: String
        let family: Int
    }

    /// The store's live blocks as `allocate --format json` lists them: the same plan again, as a
    /// dry run, adds nothing and lists everything.
    static func allocations(store: String, plan: String) throws -> [Allocation] {
        let r = try CLIRunner.run(["allocate", "--store", store, "--plan", plan, "--dry-run", "--format", "json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stderr)")
        return (doc["allocations"] as? [[String: Any]] ?? []).map {
            Allocation(kind: $0["kind"] as? String ?? "", path: $0["path"] as? String ?? "", prefix: $0["prefix"] as? String ?? "", family: $0["family"] as? Int ?? 0)
        }
    }

    /// The audit of the same inputs: its JSON findings and exit status.
    static func audit(_ arguments: [String]) throws -> (findings: [[String: Any]], status: Int32) {
        let r = try CLIRunner.run(["audit"] + arguments + ["--format", "json"])
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stderr)")
        return (doc["findings"] as? [[String: Any]] ?? [], r.status)
    }

    /// `addresses` in numeric order as Python's `ipaddress` sees them (an oracle nobody here
    /// wrote): empty first, IPv4 before IPv6, by address then prefix length, other text last; stable.
    static func numericOrder(_ addresses: [String]) throws -> [String] {
        let script = """
            import ipaddress, json, sys
            def key(text):
                if not text: return (0, 0, 0, "")
                try:
                    i = ipaddress.ip_interface(text)
                    return (i.version, int(i.ip), i.network.prefixlen, "")
                except ValueError:
                    return (9, 0, 0, text)
            print(json.dumps(sorted(json.load(sys.stdin), key=key)))
            """
        let run = try CLIRunner.runExecutable("/usr/bin/python3", ["-c", script],
                                              stdin: String(decoding: try JSONSerialization.data(withJSONObject: addresses), as: UTF8.self))
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String], "\(run.stderr)")
    }

    /// Writes the report, checks its exit status equals the audit's, opens it and runs the
    /// checks every page must pass: all blocks there with their prefixes, one row per finding,
    /// filters that select exactly the audit's findings of a rule, severity and zone, no request
    /// but the file, no console problem; and, with scripts off, the whole table still there.
    static func check(name: String, arguments: [String], store: String, plan: String, extraProbes: [String] = []) throws -> ChromiumPage {
        let page = ReportArtifacts.directory.appendingPathComponent("\(name).html").path
        let report = try CLIRunner.run(["report"] + arguments + ["--output", page])
        let audit = try audit(arguments)
        #expect(report.status == audit.status, "report exited \(report.status), audit \(audit.status): \(report.stderr)")
        #expect(report.stdout.contains("wrote \(page)"))

        var probes = [blockKeys, mapTitles, findingRows, visibleRows]
        // Filters: one rule, then one severity, then one zone (each alone).
        let rule = audit.findings.first?["rule"] as? String ?? ""
        let severity = audit.findings.last?["severity"] as? String ?? ""
        let zone = audit.findings.compactMap { $0["zone"] as? String }.first ?? ""
        if !audit.findings.isEmpty {
            probes += [choose("rule", rule), visibleRows, choose("rule", ""),
                       choose("severity", severity), visibleRows, choose("severity", ""), visibleRows]
            if !zone.isEmpty { probes += [choose("zone", zone), visibleRows, choose("zone", "")] }
        }
        // Sorting: the address column ascending, then descending (a second click).
        let sortAddresses = "(() => { document.querySelectorAll('#findings-table th')[2].click(); "
            + "return Array.from(document.querySelectorAll('#findings-table tbody tr')).map(r => r.cells[2].textContent); })()"
        let sortStart = probes.count
        probes += [sortAddresses, sortAddresses]
        probes += extraProbes
        let shot = ReportArtifacts.directory.appendingPathComponent("\(name).png").path
        let browser = try ChromiumPage.open(page, probes: probes, screenshot: shot)
        #expect(browser.errors.allSatisfy { $0 == nil }, "probe failed: \(browser.errors.compactMap { $0 })")

        // Every block of the store with its prefix: every IPv4 one on the map, every one but the
        // agent slices drawn there in the plan tree.
        let blocks = try allocations(store: store, plan: plan)
        let inTree = Set(try #require(browser.strings(0)))
        let titles = try #require(browser.strings(1))
        var onMap = Set<String>()
        for t in titles {
            let parts = t.components(separatedBy: " · ")
            if parts.count >= 2 { onMap.insert(parts[0] + "|" + parts[1]) }
        }
        let offMap = blocks.filter { $0.family == 4 && !onMap.contains("\($0.path)|\($0.prefix)") }
        #expect(offMap.isEmpty, "\(offMap.count) IPv4 blocks missing from the map, e.g. \(offMap.prefix(3))")
        let missing = blocks.filter { b in
            let key = "\(b.path)|\(b.prefix)"
            return !inTree.contains(key) && !(b.kind == "agent" && onMap.contains(key))
        }
        #expect(missing.isEmpty, "\(missing.count) of \(blocks.count) blocks missing from the tree, e.g. \(missing.prefix(3))")

        #expect(browser.int(2) == audit.findings.count, "finding rows \(String(describing: browser.int(2))) vs audit \(audit.findings.count)")
        #expect(browser.int(3) == audit.findings.count, "all rows visible before filtering")
        if !audit.findings.isEmpty {
            #expect(browser.string(4) == rule)
            #expect(browser.int(5) == audit.findings.filter { $0["rule"] as? String == rule }.count)
            #expect(browser.int(8) == audit.findings.filter { $0["severity"] as? String == severity }.count)
            #expect(browser.int(10) == audit.findings.count, "clearing the filters shows every row again")
            if !zone.isEmpty {
                #expect(browser.int(12) == audit.findings.filter { $0["zone"] as? String == zone }.count)
            }
        }
        let addresses = audit.findings.map { $0["address"] as? String ?? "" }
        let ascending = try numericOrder(addresses)
        #expect(browser.strings(sortStart) == ascending, "sorted by address")
        #expect(browser.strings(sortStart + 1) == Array(ascending.reversed()), "sorted by address, descending")
        #expect(browser.requests == [URL(fileURLWithPath: page).absoluteString], "requests: \(browser.requests.prefix(5))")
        #expect(browser.problems.isEmpty, "console: \(browser.problems.prefix(5))")
        let png = try Data(contentsOf: URL(fileURLWithPath: shot))
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47]) && png.count > 1000, "screenshot is a PNG")

        // Scripts off: read-only but complete (every row shown, the filter form stays hidden).
        let filter = "document.getElementById('findings-filter')"
        let plain = try ChromiumPage.open(page, probes: [findingRows, visibleRows, "\(filter) ? \(filter).hidden : true",
                                                         "\(filter) ? document.getElementById('findings-shown').textContent : ''"],
                                          scriptDisabled: true)
        #expect(plain.string(3) == "", "the page's script did not run")
        #expect(plain.int(0) == audit.findings.count && plain.int(1) == audit.findings.count)
        #expect(plain.results[2] as? Bool == true)
        #expect(plain.problems.isEmpty, "console without scripts: \(plain.problems.prefix(5))")
        if !audit.findings.isEmpty {
            // Printed without scripts (no beforeprint to open the rows): the print rules, applied
            // here to the screen, must still lay out each closed row's evidence.
            let evidenceHeight = """
                (() => {
                  const sheet = document.styleSheets[0];
                  const print = Array.from(sheet.cssRules).find(r => r.media && r.media.mediaText === 'print');
                  Array.from(print.cssRules).forEach(r => sheet.insertRule(r.cssText, sheet.cssRules.length));
                  const d = Array.from(document.querySelectorAll('#findings-table details')).find(d => !d.open && d.lastChild.nodeName !== 'SUMMARY');
                  if (!d) return -1;
                  const range = document.createRange();
                  range.selectNodeContents(d.lastChild);
                  return range.getBoundingClientRect().height;
                })()
                """
            let printed = try ChromiumPage.open(page, probes: [evidenceHeight], scriptDisabled: true)
            let height = (printed.results.first as? NSNumber)?.doubleValue ?? 0
            #expect(height > 0, "a closed row's evidence prints without scripts (height \(height))")
        }
        return browser
    }

    /// Space on the rule column's head, as a keyboard user sorts: the head's aria-sort after it.
    static let spaceSorts = "(() => { const th = document.querySelectorAll('#findings-table th')[1]; th.removeAttribute('aria-sort'); "
        + "th.dispatchEvent(new KeyboardEvent('keydown', {key: ' ', bubbles: true})); return th.getAttribute('aria-sort'); })()"

    @Test("The fixtures cluster: imported sources, the plan, allocations and findings")
    func fixturesCluster() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        let plan = CLIRunner.fixture("inventory/plan.yaml")
        let files = ["cluster.csv", "mesos-state.json", "marathon-apps.json", "netbox-ip-addresses.csv", "netbox-prefixes.csv",
                     "overlay-master-state.json", "broken/duplicate-address.csv", "broken/out-of-zone.csv", "broken/masters-not-spread.csv"]
        let imported = try CLIRunner.run(["import", "--store", store] + files.map { CLIRunner.fixture("inventory/\($0)") })
        #expect(imported.status == 0, "\(imported.stderr)")
        let allocated = try CLIRunner.run(["allocate", "--store", store, "--plan", plan, "--format", "json"])
        #expect(allocated.status == 0, "\(allocated.stderr)")
        #expect(try Self.allocations(store: store, plan: plan).count >= 4)
        let browser = try Self.check(name: "fixtures-cluster", arguments: ["--store", store, "--plan", plan], store: store, plan: plan,
                                     extraProbes: ["document.querySelectorAll('#masters-table tbody tr').length",
                                                   "document.querySelectorAll('svg.map').length",
                                                   Self.spaceSorts,
                                                   "Array.from(document.querySelectorAll('svg.map')).map(s => document.getElementById(s.getAttribute('aria-labelledby'))?.tagName).join(' ')"])
        let n = browser.results.count - 2
        #expect(browser.string(n) == "ascending", "Space on a column head sorts, as Enter does")
        #expect(browser.string(n + 1) == "FIGCAPTION FIGCAPTION", "each map is named by its caption")
        #expect((browser.int(n - 2) ?? 0) > 0, "the masters table lists the fixture's masters")
        #expect(browser.int(n - 1) == 2, "one map per pool: the underlay and the overlay")

        // Printing: print media hides the filters and opens every finding's evidence.
        let page = ReportArtifacts.directory.appendingPathComponent("fixtures-cluster.html").path
        let pdf = ReportArtifacts.directory.appendingPathComponent("fixtures-cluster.pdf").path
        let printed = try ChromiumPage.open(page, probes: [
            "window.dispatchEvent(new Event('beforeprint')); Array.from(document.querySelectorAll('#findings-table details')).every(d => d.open)",
            "Array.from(document.styleSheets[0].cssRules).some(r => r.media && r.media.mediaText === 'print' && /nav[^{]*\\{ *display: none/.test(r.cssText))",
            // The legend's swatches are CSS backgrounds, which print drops unless told to keep them.
            "['.sw.z0', '.sw.reserved', 'meter', 'svg.map'].map(s => getComputedStyle(document.querySelector(s)).printColorAdjust).join(' ')",
        ], pdf: pdf)
        #expect(printed.results.first as? Bool == true, "beforeprint opens every evidence")
        #expect(printed.results[1] as? Bool == true, "the print style sheet parses and hides the navigation")
        #expect(printed.results[2] as? String == "exact exact exact exact", "legend, meters and maps print their colours")
        let pdfData = try Data(contentsOf: URL(fileURLWithPath: pdf))
        #expect(pdfData.starts(with: Array("%PDF".utf8)) && pdfData.count > 10_000)
        #expect(printed.problems.isEmpty, "\(printed.problems)")
    }

    @Test("A 3 × 3 × 50 plan with 20,000 agent slices: every block on the page")
    func largePlan() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        let planText = try CLIRunner.runExecutable("/usr/bin/python3", [
            CLIRunner.packageRoot.appendingPathComponent("Benchmarks/allocate/gen_plan.py").path, "3", "3", "50", "20000"]).stdout
        let plan = dir.appendingPathComponent("plan.yaml").path
        try planText.write(toFile: plan, atomically: true, encoding: .utf8)
        let allocated = try CLIRunner.run(["allocate", "--store", store, "--plan", plan, "--format", "json"])
        #expect(allocated.status == 0, "\(allocated.stderr)")
        // A few duplicates so the table and the filters have something to show.
        let dups = "address,name,role,zone\n10.0.0.5,a,agent,region-0-a\n10.0.0.5,b,agent,region-0-a\n9.0.0.9,c,agent,\n9.0.0.9,d,agent,\n"
        let imported = try CLIRunner.run(["import", "--store", store, "-"], stdin: dups)
        #expect(imported.status == 0, "\(imported.stderr)")
        let blocks = try Self.allocations(store: store, plan: plan)
        #expect(blocks.filter { $0.path.contains("/dcos/") }.count == 20_000)
        // On this 256 × 256 map a cell is 2.5 px: the finding marks must still be seen.
        let markSize = "Math.min(...Array.from(document.querySelectorAll('svg.map g.mark circle')).map(c => c.getBoundingClientRect().width))"
        let browser = try Self.check(name: "plan-3x3x50", arguments: ["--store", store, "--plan", plan], store: store, plan: plan,
                                     extraProbes: ["document.querySelectorAll('svg.map g.mark circle').length", markSize])
        let n = browser.results.count
        #expect((browser.int(n - 2) ?? 0) > 0, "the duplicate is marked on the map")
        #expect(((browser.results[n - 1] as? NSNumber)?.doubleValue ?? 0) >= 6, "a mark is at least 6 px across")
    }

    @Test("Hostile names from an inventory and a plan stay text: nothing executes")
    func hostileNames() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        let plan = dir.appendingPathComponent("plan.yaml").path
        try """
            cluster: "<script>window.__pwnedCluster = 1</script>"
            pools: [10.50.0.0/16]
            overlay: {name: dcos, pools: [9.50.0.0/16], agent: {ipv4: 24}}
            regions:
              - name: "<img src=x onerror='window.__pwnedRegion = 1'>"
                zones:
                  - name: "</title><script>window.__pwnedZone = 1</script>"
                    racks: [{name: "\\"><svg onload='window.__pwnedRack = 1'>", agents: ["agent one, two", "a b <i>c</i>"]}]
            """.write(toFile: plan, atomically: true, encoding: .utf8)
        let allocated = try CLIRunner.run(["allocate", "--store", store, "--plan", plan])
        #expect(allocated.status == 0, "\(allocated.stderr)")
        let csv = """
            address,name,role,zone,rack
            10.50.0.10,<script>window.__pwnedName = 1</script>,master,"x' onmouseover='window.__pwnedZoneAttr = 1",r1
            10.50.0.10,"<iframe src=""javascript:window.__pwnedFrame = 1"">",master,</td></tr><script>window.__pwnedRow = 1</script>,r2

            """
        let imported = try CLIRunner.run(["import", "--store", store, "-"], stdin: csv)
        #expect(imported.status == 0, "\(imported.stderr)")
        let globals = ["__pwnedCluster", "__pwnedRegion", "__pwnedZone", "__pwnedRack", "__pwnedName", "__pwnedZoneAttr",
                       "__pwnedFrame", "__pwnedRow"]
        let literals = ["<script>window.__pwnedName = 1</script>", "</td></tr><script>window.__pwnedRow = 1</script>",
                        "<img src=x onerror='window.__pwnedRegion = 1'>"]
        // Hover every map block and every finding cell first: a handler smuggled into an attribute would fire.
        let hover = "(() => { document.querySelectorAll('svg.map rect, td, tr').forEach(e => e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true}))); return 0; })()"
        // An agent whose name holds a space and a comma: its hover line keeps the name whole.
        let agentHover = "(() => { const r = Array.from(document.querySelectorAll('svg.map rect')).find(r => "
            + "(r.querySelector(':scope > title') || {}).textContent?.startsWith('agent one, two · ')); "
            + "r.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); return r.closest('figure').querySelector('.map-info').textContent; })()"
        let probes = [hover] + globals.map { "typeof window.\($0)" } + [
            "document.scripts.length",
            "document.querySelectorAll('img, iframe, svg svg, [onerror], [onload], [onmouseover]').length",
            "document.body.textContent",
            agentHover,
        ]
        let browser = try Self.check(name: "hostile-names", arguments: ["--store", store, "--plan", plan], store: store, plan: plan,
                                     extraProbes: probes)
        let base = browser.results.count - probes.count
        for (i, g) in globals.enumerated() {
            #expect(browser.string(base + 1 + i) == "undefined", "window.\(g) was set: a hostile name ran")
        }
        #expect(browser.int(base + 1 + globals.count) == 1, "only the page's own script")
        #expect(browser.int(base + 2 + globals.count) == 0, "no element or handler made from a name")
        let text = try #require(browser.string(base + 3 + globals.count))
        for literal in literals { #expect(text.contains(literal), "\(literal) shown as text") }
        let hovered = try #require(browser.string(base + 4 + globals.count))
        #expect(hovered.contains("/agent one, two · 9.50."), "\(hovered)")
        #expect(hovered.hasSuffix(" · agent slices · 256 addresses each"), "\(hovered)")
    }
}
