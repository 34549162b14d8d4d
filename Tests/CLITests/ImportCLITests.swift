import Foundation
import Testing

@Suite("ipaudit import (CLI)")
struct ImportCLITests {
    @Test("Import every format, then audit the store: sources merge without false duplicates")
    func importAndAudit() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        let files = ["cluster.csv", "mesos-state.json", "marathon-apps.json", "netbox-ip-addresses.csv", "netbox-prefixes.csv",
                     "overlay-master-state.json"]
        let r = try CLIRunner.run(["import", "--store", store] + files.map { CLIRunner.fixture("inventory/\($0)") })
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("imported \(CLIRunner.fixture("inventory/cluster.csv")): 16 records (csv) as source 'cluster.csv'"))
        #expect(r.stdout.contains("14 records (mesos) as source 'mesos-state.json'"))
        #expect(r.stdout.contains("14 records (dcos-overlay) as source 'overlay-master-state.json'"))
        let audit = try CLIRunner.run(["audit", "--store", store, "--plan", CLIRunner.fixture("inventory/plan.yaml")])
        #expect(audit.status == 0, "\(audit.stdout)")
    }

    @Test("Re-importing a source replaces its rows")
    func reimport() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        _ = try CLIRunner.run(["import", "--store", store, "--source", "inv", "-"], stdin: "address,name\n10.0.0.1,a\n10.0.0.1,b\n")
        #expect(try CLIRunner.run(["audit", "--store", store]).status == 1)
        _ = try CLIRunner.run(["import", "--store", store, "--source", "inv", "-"], stdin: "address,name\n10.0.0.1,a\n")
        #expect(try CLIRunner.run(["audit", "--store", store]).status == 0)
    }

    @Test("A bad row fails the whole import: exit 2, location named, nothing stored")
    func badRow() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        let good = CLIRunner.fixture("inventory/cluster.csv")
        let r = try CLIRunner.run(["import", "--store", store, good, CLIRunner.fixture("inventory/broken/mesos-bad-pid.json")])
        #expect(r.status == 2)
        #expect(r.stderr.contains("mesos-bad-pid.json at $.slaves[2].pid field 'pid'"))
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test("--skip-invalid warns per row and imports the rest")
    func skipInvalid() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        let r = try CLIRunner.run(["import", "--store", store, "--skip-invalid", CLIRunner.fixture("inventory/broken/bad-address.csv")])
        #expect(r.status == 0)
        #expect(r.stderr.contains("warning: skipped"))
        #expect(r.stderr.contains("bad-address.csv:3"))
        #expect(r.stdout.contains("2 records"))
        #expect(r.stdout.contains("1 skipped"))
    }

    @Test("--format forces a reader")
    func forcedFormat() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        let r = try CLIRunner.run(["import", "--store", store, "--format", "marathon", CLIRunner.fixture("inventory/cluster.json")])
        #expect(r.status == 2)
        #expect(r.stderr.contains("'apps' or a 'tasks' list"))
    }
}
