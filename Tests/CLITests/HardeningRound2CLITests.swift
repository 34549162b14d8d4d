import Foundation
import Testing

/// Issue 27: input that is not what it seems, and store failures said in words.
@Suite("hardening round 2: invalid UTF-8, a full disk (CLI)", .serialized)
struct HardeningRound2CLITests {
    static func write(_ bytes: [UInt8], to url: URL) throws {
        try Data(bytes).write(to: url)
    }

    @Test("host\\xff1 and host\\xfe1 at one address: an error naming file, line and field, never one merged entity")
    func invalidUTF8InCSV() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = dir.appendingPathComponent("hosts.csv")
        try Self.write(Array("address,name\n10.0.0.1,host".utf8) + [0xFF] + Array("1\n10.0.0.1,host".utf8) + [0xFE] + Array("1\n".utf8), to: csv)
        let store = dir.appendingPathComponent("s.db").path
        for command in [["audit", csv.path], ["import", "--store", store, csv.path]] {
            let r = try CLIRunner.run(command)
            #expect(r.status == 2, "\(command): \(r.stdout)")
            #expect(r.stderr.contains("hosts.csv:2 field 'name': not valid UTF-8 (byte 0xFF)"), "\(r.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: store))
        // --skip-invalid drops both rows with a warning each: nothing is merged either.
        let skipped = try CLIRunner.run(["audit", "--skip-invalid", "--allow-empty", csv.path])
        #expect(skipped.stderr.contains("hosts.csv:3 field 'name': not valid UTF-8 (byte 0xFE)"), "\(skipped.stderr)")
        // Valid UTF-8 names that differ stay two entities: the duplicate is found.
        let valid = dir.appendingPathComponent("valid.csv")
        try "address,name\n10.0.0.1,hostÿ1\n10.0.0.1,hostþ1\n".write(to: valid, atomically: true, encoding: .utf8)
        let found = try CLIRunner.run(["audit", "--format", "json", valid.path])
        #expect(found.status == 1)
        #expect(found.stdout.contains("duplicate-address"))
    }

    @Test("Invalid UTF-8 in YAML names the line and key; in JSON the parser refuses it")
    func invalidUTF8InDocuments() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let yaml = dir.appendingPathComponent("hosts.yaml")
        try Self.write(Array("- address: 10.0.0.1\n  name: host".utf8) + [0xFF] + Array("1\n- address: 10.0.0.1\n  name: host".utf8) + [0xFE]
                       + Array("1\n".utf8), to: yaml)
        let r = try CLIRunner.run(["audit", yaml.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("hosts.yaml:2 field 'name': not valid UTF-8 (byte 0xFF)"), "\(r.stderr)")
        let json = dir.appendingPathComponent("hosts.json")
        try Self.write(Array("[{\"address\": \"10.0.0.1\", \"name\": \"host".utf8) + [0xFF] + Array("1\"}, {\"address\": \"10.0.0.1\", \"name\": \"host".utf8)
                       + [0xFE] + Array("1\"}]".utf8), to: json)
        let j = try CLIRunner.run(["audit", json.path])
        #expect(j.status == 2, "\(j.stdout)")
        #expect(j.stderr.contains("hosts.json:1"), "\(j.stderr)")
        #expect(j.stderr.contains("not valid UTF-8 (byte 0xFF)"), "\(j.stderr)")
        // A plan too: its names are the store's identities.
        let plan = dir.appendingPathComponent("plan.yaml")
        try Self.write(Array("pools: [10.0.0.0/16]\nregions:\n  - name: r".utf8) + [0xFF] + Array("\n".utf8), to: plan)
        let p = try CLIRunner.run(["allocate", "--dry-run", "--plan", plan.path])
        #expect(p.status == 2)
        #expect(p.stderr.contains("plan.yaml:3 field 'name': not valid UTF-8 (byte 0xFF)"), "\(p.stderr)")
    }

    @Test("A full disk during import says the disk is full (SQLite reports an I/O error on its -shm or WAL)", .requires(.root))
    func fullDisk() throws {
        let mount = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-tmpfs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: mount) }
        // Room for a new store's schema and its WAL (about 230 KB with every migration), not for
        // the 4,000 rows below (over 500 KB).
        let mounted = try CLIRunner.runExecutable("/bin/mount", ["-t", "tmpfs", "-o", "size=384k", "tmpfs", mount.path])
        try #require(mounted.status == 0, "mount needs root: \(mounted.stderr)")
        defer { _ = try? CLIRunner.runExecutable("/bin/umount", [mount.path]) }
        var csv = "address,name,description\n"
        for i in 0..<4000 { csv += "10.\(i / 250).\(i % 250).1,host-\(i),\(String(repeating: "x", count: 100))\n" }
        let store = mount.appendingPathComponent("s.db").path
        let r = try CLIRunner.run(["import", "--store", store, "-"], stdin: csv)
        #expect(r.status == 2)
        #expect(r.stderr.contains("store \(store): the disk is full; nothing was changed"), "\(r.stderr)")
        // The store is there and the disk fills up before the next import (another file, a log):
        // SQLite cannot create its -shm file and says SQLITE_IOERR_SHMSIZE (4874), "disk I/O error".
        try? FileManager.default.removeItem(atPath: store)
        #expect(try CLIRunner.run(["import", "--store", store, "-"], stdin: "address,name\n10.0.0.1,a\n").status == 0)
        for s in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: store + s) }
        _ = try CLIRunner.runExecutable("/bin/dd", ["if=/dev/zero", "of=\(mount.path)/filler", "bs=4k"])
        let full = try CLIRunner.run(["import", "--store", store, "-"], stdin: "address,name\n10.0.0.2,b\n")
        #expect(full.status == 2)
        #expect(full.stderr.contains("store \(store): the disk is full; nothing was changed (SQLite 4874"), "\(full.stderr)")
    }
}
