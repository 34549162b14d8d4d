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
        #expect(r.stderr.contains("not marathon input: expected a Marathon answer"))
        #expect(r.stderr.contains("found top-level keys: records"))
    }

    @Test("An explicit --format that does not fit names what it expected and the keys it found")
    func formatMismatch() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        let r = try CLIRunner.run(["import", "--store", store, "--format", "mesos", CLIRunner.fixture("inventory/marathon-apps.json")])
        #expect(r.status == 2)
        #expect(r.stderr.contains("expected a Mesos GET /master/state"))
        #expect(r.stderr.contains("found top-level keys: apps"))
        #expect(!FileManager.default.fileExists(atPath: store))
    }

    @Test("A non-empty file with no records never empties a source unless --allow-empty")
    func emptyRefused() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        _ = try CLIRunner.run(["import", "--store", store, "--source", "marathon", "-"], stdin: "address,name\n10.0.0.1,a\n10.0.0.1,b\n")
        let empty = #"{"tasks": [{"appId": "/a", "id": "a.1", "host": "10.0.0.9"}]}"#
        let refused = try CLIRunner.run(["import", "--store", store, "--source", "marathon", "-"], stdin: empty)
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("no records in a non-empty marathon file (1 tasks, 1 tasks without an address)"))
        #expect(try CLIRunner.run(["audit", "--store", store]).status == 1)  // the old rows are still there
        let allowed = try CLIRunner.run(["import", "--store", store, "--source", "marathon", "--allow-empty", "-"], stdin: empty)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stdout.contains("0 records (marathon)"))
        #expect(allowed.stdout.contains("1 of 1 tasks have no address"))
    }

    @Test("Identity survives the store: unassigned NetBox duplicates and host-network tasks read back as they were read")
    func identityThroughStore() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        let files = ["netbox-4-ip-addresses-ui-export.csv", "mesos-0.28-state.json", "marathon-1.4-apps.json"]
        let r = try CLIRunner.run(["import", "--store", store] + files.map { CLIRunner.fixture("inventory/\($0)") })
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("8 records (marathon) as source 'marathon-1.4-apps.json'; 2 of 10 tasks have no address"))
        let fromStore = try CLIRunner.run(["audit", "--store", store, "--format", "csv"])
        let fromFiles = try CLIRunner.run(["audit", "--format", "csv"] + files.map { CLIRunner.fixture("inventory/\($0)") })
        #expect(fromStore.status == 1)
        for address in ["10.80.1.11", "10.80.1.30", "192.168.50.22", "10.40.0.5"] {
            #expect(fromStore.stdout.contains("duplicate-address,error,\(address),"), "\(address): \(fromStore.stdout)")
        }
        #expect(fromStore.stdout.components(separatedBy: "duplicate-address,").count == 5)
        #expect(fromFiles.stdout.components(separatedBy: "duplicate-address,").count == 5)
    }
}
