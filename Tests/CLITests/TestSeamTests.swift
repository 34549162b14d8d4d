import Foundation
import Testing

/// The tests' seams into a running ipaudit are hidden options of the debug build, never the
/// environment: nothing a user's environment holds can pause a run.
@Suite struct TestSeamTests {
    @Test("The old environment hooks do nothing: allocate and prune run straight through")
    func environmentHooksAreGone() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        let environment = ["IPAUDIT_TEST_HOLD_BEFORE_COMMIT": "60", "IPAUDIT_TEST_PRUNE_PAUSE": "60"]
        let allocate = try CLIRunner.run(["allocate", "--store", store, "--zones", "2"], environment: environment)
        #expect(allocate.status == 0, "\(allocate.stderr)")
        #expect(!allocate.stderr.contains("test hold"))
        #expect(allocate.seconds < 30)
        let prune = try CLIRunner.run(["prune", "--older-than", "1d", "--store", store], environment: environment)
        #expect(prune.status == 0, "\(prune.stderr)")
        #expect(!prune.stderr.contains("pruned"))
        #expect(prune.seconds < 30)
    }

    @Test("The seams appear in no help text", arguments: ["allocate", "prune"])
    func seamsAreHidden(_ command: String) throws {
        let help = try CLIRunner.run([command, "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--store"))
        #expect(!help.stdout.contains("--test-"), "\(help.stdout)")
    }
}
