import Foundation
import Testing

/// Runs Tests/differential/diff_ipaddress.py: 10,000 seeded cases per operation through
/// `ipaudit oracle`, each compared with Python's ipaddress.
@Suite("Differential against Python ipaddress")
struct DifferentialTests {
    @Test func agreesWithPythonOnEveryCase() throws {
        let script = CLIRunner.packageRoot.appendingPathComponent("Tests/differential/diff_ipaddress.py").path
        let process = try ProcessRunner.run("/usr/bin/env", ["python3", script, CLIRunner.binary.path, "10000"])
        let output = process.all
        #expect(process.status == 0, "\(output)")
        #expect(output.contains(" 0 failed"), "\(output)")
        // Every operation ran at least 10,000 cases (intersections 2,500).
        for op in ["addr", "prefix", "agg", "sub", "range", "contains"] {
            #expect(output.contains("\(op)") && output.contains("10000 cases"), "missing \(op)")
        }
    }
}
