import Foundation
import Testing

/// Issue 23: every example in the README runs as written. `scripts/readme-examples.py` pulls
/// the `ipaudit` command lines out of the README's code blocks and runs them with the built
/// binary in a temporary directory holding the fixtures (exit 0 or 1; a `console` block's
/// output must match what it shows). Examples that need root and a live interface, a remote
/// server or PostgreSQL are marked in the README (`<!-- examples: skip ... -->`).
@Suite struct ReadmeExamplesTests {
    @Test func everyReadmeExampleRuns() throws {
        let work = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: work) }
        let r = try CLIRunner.runExecutable("/usr/bin/python3", [
            CLIRunner.packageRoot.appendingPathComponent("scripts/readme-examples.py").path,
            CLIRunner.packageRoot.appendingPathComponent("README.md").path,
            CLIRunner.binary.path, work.appendingPathComponent("run").path,
        ])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stderr)")
        let ran = report["ran"] as? [[String: Any]] ?? []
        let skipped = report["skipped"] as? [[String: Any]] ?? []
        let failures = report["failures"] as? [[String: Any]] ?? []
        #expect(r.status == 0 && failures.isEmpty, "README examples that fail: \(failures)")
        // Most examples run; the skipped ones each say why.
        #expect(ran.count >= 25, "ran \(ran.count)")
        #expect(skipped.count < ran.count, "skipped \(skipped.count), ran \(ran.count)")
        #expect(skipped.allSatisfy { ($0["reason"] as? String)?.isEmpty == false })
        // The calculator's console blocks are compared line by line, the error example included.
        #expect(ran.contains { ($0["command"] as? String)?.hasPrefix("ipaudit calc 10.1.2.3/8") == true && $0["status"] as? Int == 2 })
    }
}
