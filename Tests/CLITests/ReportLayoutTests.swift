import Foundation
import Testing

/// Issue 23, "the report people look at": the page's layout measured through the DOM in headless
/// Chromium (where each caption sits, whether counts sit under their heads, what overflows or
/// breaks mid-word, what draws over the sticky head, how much of the map the marks cover) and
/// its colours with scripts off. Pages and screenshots are kept in .build/report-artifacts/.
@Suite("ipaudit report: layout in headless Chromium", .requires(.chromium), .serialized)
struct ReportLayoutTests {
    /// Per map: [gap from its caption's bottom to its map's top, distance from the caption to
    /// the nearest other map, 1 when the caption and its map share a figure].
    static let captions = """
        Array.from(document.querySelectorAll('figure.map-figure')).map(f => {
          const c = f.querySelector('figcaption').getBoundingClientRect();
          const own = f.querySelector('svg.map');
          const gap = (s) => { const r = s.getBoundingClientRect(); return Math.max(r.top - c.bottom, c.top - r.bottom, 0); };
          const others = Array.from(document.querySelectorAll('svg.map')).filter(s => s !== own).map(gap);
          return [own.getBoundingClientRect().top - c.bottom, others.length ? Math.min(...others) : 1e9, f.contains(own) ? 1 : 0];
        })
        """

    /// The largest distance, in px, between the right edge of a number column's head text and
    /// the right edge of a number under it, over every table; and how many columns were measured.
    static let headAlignment = """
        (() => {
          const right = (el) => { const r = document.createRange(); r.selectNodeContents(el); return r.getBoundingClientRect().right; };
          let worst = 0, columns = 0;
          document.querySelectorAll('table').forEach(t => {
            if (!t.tHead) return;
            const heads = t.tHead.rows[0].cells;
            const row = Array.from(t.tBodies).flatMap(b => Array.from(b.rows)).find(r => r.cells.length === heads.length);
            if (!row) return;
            Array.from(row.cells).forEach((td, i) => {
              if (!td.classList.contains('num')) return;
              columns++;
              worst = Math.max(worst, Math.abs(right(heads[i]) - right(td)));
            });
          });
          return [worst, columns];
        })()
        """

    /// What sticks out sideways: the page's width beyond the window, and every table wider than its section.
    static let overflow = """
        [document.documentElement.scrollWidth - document.documentElement.clientWidth,
         Array.from(document.querySelectorAll('table')).filter(t => t.getBoundingClientRect().right > t.closest('section').getBoundingClientRect().right + 1).map(t => t.id)]
        """

    /// Words (runs without white space) of the evidence and the rule cells that a line break cuts:
    /// a word whose range has boxes on two lines. Evidence is opened first; the body is narrowed
    /// to 760 px so that lines do wrap.
    static let brokenWords = """
        (() => {
          document.body.style.maxWidth = '760px';
          document.querySelectorAll('#findings-table details').forEach(d => d.open = true);
          const broken = [];
          let words = 0;
          const check = (node) => {
            const re = /\\S+/g; let m;
            while ((m = re.exec(node.data))) {
              if (m[0].length > 40) continue;
              words++;
              const r = document.createRange(); r.setStart(node, m.index); r.setEnd(node, m.index + m[0].length);
              const tops = new Set(Array.from(r.getClientRects()).filter(b => b.width > 0).map(b => Math.round(b.top)));
              if (tops.size > 1) broken.push(m[0]);
            }
          };
          document.querySelectorAll('#findings-table details, #findings-table td:nth-child(2)').forEach(el => {
            const walk = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
            while (walk.nextNode()) check(walk.currentNode);
          });
          return [words, broken.slice(0, 10)];
        })()
        """

    /// The severity cells' colours, in row order: [text, colour].
    static let severityColours = """
        Array.from(document.querySelectorAll('#findings-table tbody tr')).map(r => [r.cells[0].textContent, getComputedStyle(r.cells[0]).color])
        """

    static func write(_ name: String, arguments: [String]) throws -> String {
        let page = ReportArtifacts.directory.appendingPathComponent("\(name).html").path
        let r = try CLIRunner.run(["report"] + arguments + ["--output", page])
        #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
        return page
    }

    static func shot(_ name: String) -> String {
        let path = ReportArtifacts.directory.appendingPathComponent("\(name).png").path
        print("screenshot: \(path)")
        return path
    }

    static func fixturesStore(_ dir: URL) throws -> (store: String, plan: String) {
        let store = dir.appendingPathComponent("s.db").path
        let plan = CLIRunner.fixture("inventory/plan.yaml")
        let files = ["cluster.csv", "mesos-state.json", "overlay-master-state.json", "broken/duplicate-address.csv",
                     "broken/out-of-zone.csv", "broken/masters-not-spread.csv"]
        let imported = try CLIRunner.run(["import", "--store", store] + files.map { CLIRunner.fixture("inventory/\($0)") })
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try CLIRunner.run(["allocate", "--store", store, "--plan", plan]).status == 0)
        return (store, plan)
    }

    @Test("Captions sit with their own maps; counts sit under their heads; nothing overflows; no word is cut")
    func layout() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let (store, plan) = try Self.fixturesStore(dir)
        let page = try Self.write("layout-fixtures", arguments: ["--store", store, "--plan", plan])
        let browser = try ChromiumPage.open(page, probes: [Self.captions, Self.headAlignment, Self.overflow, Self.brokenWords, Self.overflow],
                                            screenshot: Self.shot("layout-fixtures"))
        #expect(browser.errors.allSatisfy { $0 == nil }, "\(browser.errors.compactMap { $0 })")

        let maps = try #require(browser.results[0] as? [[NSNumber]])
        #expect(maps.count == 2, "two pools, two maps")
        for (i, m) in maps.enumerated() {
            let gap = m[0].doubleValue, other = m[1].doubleValue
            #expect(m[2].intValue == 1, "map \(i): caption and map in one figure")
            #expect(gap >= 0 && gap <= 16, "map \(i): its caption sits right above it (gap \(gap) px)")
            #expect(other > gap + 16, "map \(i): the caption is nearer its own map (\(gap) px) than another (\(other) px)")
        }

        let alignment = try #require(browser.results[1] as? [NSNumber])
        #expect(alignment[1].intValue >= 6, "number columns measured: rules table, plan tree, quorum table (\(alignment[1]))")
        #expect(alignment[0].doubleValue <= 2, "a number sits under its head: worst offset \(alignment[0]) px")

        for index in [2, 4] {
            let overflow = try #require(browser.results[index] as? [Any])
            #expect((overflow[0] as? NSNumber)?.doubleValue ?? 1 <= 0, "the page scrolls sideways by \(overflow[0]) px")
            #expect((overflow[1] as? [String])?.isEmpty == true, "tables wider than the page: \(overflow[1])")
        }
        let words = try #require(browser.results[3] as? [Any])
        #expect(((words[0] as? NSNumber)?.intValue ?? 0) > 50, "evidence words measured: \(words[0])")
        #expect((words[1] as? [String])?.isEmpty == true, "words cut by a line break: \(words[1])")
    }

    @Test("Severity colours show with scripts off, and stay right after sorting with scripts on")
    func severityColours() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        // An error (a duplicate) and a warning (public space): two severities, two colours.
        let csv = "address,name,role\n10.0.0.5,a,agent\n10.0.0.5,b,agent\n9.0.0.9,c,agent\n"
        #expect(try CLIRunner.run(["import", "--store", store, "-"], stdin: csv).status == 0)
        let page = try Self.write("severity-colours", arguments: ["--store", store])
        let expected = ["error": "rgb(176, 0, 32)", "warning": "rgb(138, 90, 0)", "info": "rgb(11, 83, 148)"]

        let plain = try ChromiumPage.open(page, probes: [Self.severityColours], screenshot: Self.shot("severity-colours-noscript"),
                                          scriptDisabled: true)
        let cells = try #require(plain.results[0] as? [[String]])
        #expect(Set(cells.map { $0[0] }) == ["error", "warning"], "\(cells)")
        for cell in cells { #expect(cell[1] == expected[cell[0]], "without script, \(cell[0]) is \(cell[1])") }

        // Sorted by rule, descending and ascending, the severities mix: each cell keeps its colour.
        let sort = "(() => { const th = document.querySelectorAll('#findings-table th')[1]; th.click(); th.click(); return 0; })()"
        let scripted = try ChromiumPage.open(page, probes: [sort, Self.severityColours])
        let sorted = try #require(scripted.results[1] as? [[String]])
        #expect(sorted.count == cells.count)
        for cell in sorted { #expect(cell[1] == expected[cell[0]], "after sorting, \(cell[0]) is \(cell[1])") }
    }

    @Test("The plan tree's sticky head is drawn over the rows scrolled under it, not under them")
    func stickyHead() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        let plan = dir.appendingPathComponent("plan.yaml").path
        // Many racks: a plan tree several screens long, with meters in every row.
        let planText = try CLIRunner.runExecutable("/usr/bin/python3", [
            CLIRunner.packageRoot.appendingPathComponent("Benchmarks/allocate/gen_plan.py").path, "2", "3", "20", "200"]).stdout
        try planText.write(toFile: plan, atomically: true, encoding: .utf8)
        #expect(try CLIRunner.run(["allocate", "--store", store, "--plan", plan]).status == 0)
        let page = try Self.write("sticky-head", arguments: ["--store", store, "--plan", plan])
        // Scroll a row with a meter half under the stuck head (the meters were drawn over it),
        // then ask what is drawn at points all over each head: the head, or what covers it.
        let probe = """
            (async () => {
              document.querySelectorAll('section.long').forEach(s => s.style.contentVisibility = 'visible');
              const t = document.getElementById('plan-table');
              const row = Array.from(t.tBodies[0].rows).filter(r => r.querySelector('meter'))[150];
              window.scrollTo(0, row.getBoundingClientRect().top + window.scrollY - 12);
              await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
              return Array.from(t.tHead.rows[0].cells).map(th => {
                const b = th.getBoundingClientRect();
                const covers = new Set();
                for (let x = b.left + 1; x < b.right - 1; x += 4) {
                  for (let y = b.top + 1; y < b.bottom - 1; y += 2) {
                    const hit = document.elementFromPoint(x, y);
                    if (hit !== th && !th.contains(hit)) covers.add(hit ? hit.tagName : 'none');
                  }
                }
                return [Math.round(b.top), covers.size ? Array.from(covers).join(' ') : 'head'];
              });
            })()
            """
        let browser = try ChromiumPage.open(page, probes: [probe], screenshot: Self.shot("sticky-head"))
        let heads = try #require(browser.results[0] as? [[Any]], "\(browser.errors)")
        #expect(heads.count == 6)
        for h in heads {
            #expect((h[0] as? NSNumber)?.intValue == 0, "the head sticks at the top: \(h)")
            #expect(h[1] as? String == "head", "drawn over the head: \(h)")
        }
    }

    @Test("Thousands of findings: one mark per spot with its count, covering under half the map")
    func manyFindings() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        let plan = dir.appendingPathComponent("plan.yaml").path
        try "cluster: dense\npools: [10.0.0.0/16]\nula: false\nregions:\n  - name: r\n    zones:\n      - name: a\n      - name: b\n"
            .write(toFile: plan, atomically: true, encoding: .utf8)
        #expect(try CLIRunner.run(["allocate", "--store", store, "--plan", plan]).status == 0)
        // 3,000 duplicate addresses spread over the whole /16: a duplicate every 21 addresses.
        var csv = "address,name,role\n"
        for i in 0..<3000 {
            let a = 1 + i * 21
            csv += "10.0.\(a / 256).\(a % 256),h\(i)a,agent\n10.0.\(a / 256).\(a % 256),h\(i)b,agent\n"
        }
        #expect(try CLIRunner.run(["import", "--store", store, "-"], stdin: csv).status == 0)
        let page = try Self.write("many-findings", arguments: ["--store", store, "--plan", plan])
        let probe = """
            (() => {
              const svg = document.querySelector('svg.map'), box = svg.getBoundingClientRect();
              const marks = Array.from(svg.querySelectorAll('g.mark'));
              const area = marks.reduce((a, g) => { const r = g.querySelector('circle').getBoundingClientRect(); return a + Math.PI * (r.width / 2) ** 2; }, 0);
              const counted = marks.reduce((a, g) => a + Number(g.dataset.count), 0);
              const shown = marks.filter(g => Number(g.dataset.count) > 1).every(g => {
                const n = Number(g.dataset.count), t = g.querySelector('text');
                return t && t.textContent === (n > 99 ? '99+' : String(n)) && g.querySelector('title').textContent.startsWith(n + ' findings here');
              });
              const smallest = Math.min(...marks.map(g => g.querySelector('circle').getBoundingClientRect().width));
              return [marks.length, counted, area / (box.width * box.height), shown ? 1 : 0, smallest];
            })()
            """
        let browser = try ChromiumPage.open(page, probes: [probe], screenshot: Self.shot("many-findings"))
        let r = try #require(browser.results[0] as? [NSNumber], "\(browser.errors)")
        #expect(r[0].intValue > 1 && r[0].intValue <= 32 * 32, "marks: \(r[0])")
        #expect(r[1].intValue == 3000, "every finding counted once in a mark: \(r[1])")
        #expect(r[2].doubleValue < 0.5, "the marks cover \(r[2]) of the map")
        #expect(r[3].intValue == 1, "each mark of several findings shows their number")
        #expect(r[4].doubleValue >= 6, "a mark is at least 6 px across (\(r[4]))")
    }
}
