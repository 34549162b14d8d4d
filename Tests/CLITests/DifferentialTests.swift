import Foundation
import Testing

/// Runs Tests/differential/diff_ipaddress.py: 10,000 seeded cases per operation through
/// `ipaudit oracle`, each compared with Python's ipaddress.
@Suite("Differential against Python ipaddress")
struct DifferentialTests {
    @Test func agreesWithPythonOnEveryCase() throws {
        let script = CLIRunner.packageRoot.appendingPathComponent("Tests/differential/diff_ipaddress.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, CLIRunner.binary.path, "10000"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(output)")
        #expect(output.contains(" 0 failed"), "\(output)")
        // Every operation ran at least 10,000 cases (intersections 2,500).
        for op in ["addr", "prefix", "agg", "sub", "range", "contains"] {
            #expect(output.contains("\(op)") && output.contains("10000 cases"), "missing \(op)")
        }
    }
}
