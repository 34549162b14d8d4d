import Foundation
import Testing

/// Issue 23: names from an inventory reach a CSV report inert (OWASP's CSV injection advice).
@Suite("audit --format csv: inventory names never open as spreadsheet formulas")
struct CSVInjectionCLITests {
    @Test("A duplicate between hosts named as formulas: every cell that would start one starts with a quote")
    func formulaNamesAreInert() throws {
        let inventory = "address,name\n10.0.0.7,=HYPERLINK(\"http://evil\")\n10.0.0.7,@SUM(A1)\n"
        let r = try CLIRunner.run(["audit", "--format", "csv", "-"], stdin: inventory)
        #expect(r.status == 1, "\(r.stderr)")
        let rows = r.stdout.split(separator: "\n").dropFirst()
        #expect(rows.count == 1, "\(r.stdout)")
        let row = String(rows.first ?? "")
        #expect(row.hasPrefix("duplicate-address,"), "\(row)")
        // The entities cell: both names, the first of which leads the cell.
        #expect(row.contains("\"'=HYPERLINK(\"\"http://evil\"\")") || row.contains("\"'@SUM(A1)"), "\(row)")
        for cell in row.split(separator: ",") {
            let text = cell.hasPrefix("\"") ? cell.dropFirst() : cell[...]
            #expect(!["=", "+", "-", "@"].contains(text.first.map(String.init) ?? ""), "cell \(cell) in \(row)")
        }
    }
}
