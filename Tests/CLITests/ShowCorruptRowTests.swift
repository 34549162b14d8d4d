import Foundation
import Testing

/// `show` on a store row ipaudit did not write: refused like `audit --store`
/// (exit 2, naming the store), never a trap.
@Suite(.requires(.sqlite3)) struct ShowCorruptRowTests {
    @Test(arguments: [["show", "10.0.0.5"], ["show", "02:00:00:00:10:01"]])
    func aNonCanonicalObservationRowIsRefused(command: [String]) throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        _ = try WireVerdictStoreTests.scan("duplicate-one-request", into: store)
        // A MAC and an address that are not the scanner's canonical text.
        _ = try CLIRunner.runTool("/usr/bin/sqlite3", [store, "UPDATE observation SET mac = 'zz:00:00:00:00:02' WHERE address = '10.0.0.5' AND mac = (SELECT min(mac) FROM observation WHERE address = '10.0.0.5')"])
        _ = try CLIRunner.runTool("/usr/bin/sqlite3", [store, "UPDATE observation SET address = '10.0.0.0101' WHERE address = '10.0.0.101'"])
        let run = try CLIRunner.run(command + ["--store", store])
        #expect(run.status == 2, "\(run.stdout) \(run.stderr)")
        #expect(run.stderr.contains(store) && run.stderr.contains("stored row is corrupt"), "\(run.stderr)")
    }
}
