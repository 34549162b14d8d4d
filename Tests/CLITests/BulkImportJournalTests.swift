import Foundation
import Testing

/// A bulk import into a store nobody else has open runs under SQLite's rollback journal (no
/// WAL double write, see `SQLiteStore.withBulkJournal`): it must stay atomic under kill -9,
/// leave the store in WAL mode, and fall back to the WAL when another process has the file open.
@Suite("Bulk import journal (CLI)")
struct BulkImportJournalTests {
    static func csv(rows: Int, prefix: String) -> String {
        var csv = "address,name\n"
        for i in 0..<rows { csv += "10.\(prefix).\(i / 256 % 256).\(i % 256),\(prefix)-host-\(i)\n" }
        return csv
    }

    static func store(_ dir: URL) throws -> String {
        let store = dir.appendingPathComponent("s.db").path
        let seed = try CLIRunner.run(["import", "--store", store, "--source", "seed", "-"], stdin: "address,name\n10.9.0.1,kept\n")
        #expect(seed.status == 0, "\(seed.stderr)")
        return store
    }

    @Test("A bulk import leaves the store in WAL mode with every row and no journal behind")
    func bulkImportEndsInWAL() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Self.store(dir)
        let r = try CLIRunner.run(["import", "--store", store, "--source", "bulk", "-"], stdin: Self.csv(rows: 20_000, prefix: "20"))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try HardeningCLITests.sqliteValue(store, "PRAGMA journal_mode") == "wal")
        #expect(try HardeningCLITests.sqliteValue(store, "SELECT count(*) FROM inventory_record") == "20001")
        #expect(!FileManager.default.fileExists(atPath: store + "-journal"))
    }

    @Test("With the store open in another process the bulk import keeps the WAL and does not wait for it")
    func bulkImportBesideAnOpenReader() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Self.store(dir)
        // A reader that keeps its connection open (and so its share of the WAL index) meanwhile.
        let holder = try RunningProcess("/usr/bin/env", ["python3", "-c", """
            import sqlite3, sys, time
            c = sqlite3.connect(sys.argv[1]); c.execute("SELECT count(*) FROM inventory_record").fetchone()
            print("open", flush=True); time.sleep(120)
            """, store])
        defer { holder.kill() }
        #expect(holder.waitUntil(timeout: 20) { $0.stdout.contains("open") })
        let start = Date()
        let r = try CLIRunner.run(["import", "--store", store, "--source", "bulk", "-"], stdin: Self.csv(rows: 20_000, prefix: "20"))
        #expect(r.status == 0, "\(r.stderr)")
        #expect(Date().timeIntervalSince(start) < 50, "waited for the other connection")
        #expect(try HardeningCLITests.sqliteValue(store, "PRAGMA journal_mode") == "wal")
        #expect(try HardeningCLITests.sqliteValue(store, "SELECT count(*) FROM inventory_record") == "20001")
    }

    @Test("kill -9 in the middle of a bulk import under the rollback journal leaves the old rows, whole")
    func killedBulkImportRollsBack() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = try Self.store(dir)
        let csv = dir.appendingPathComponent("big.csv")
        try Self.csv(rows: 400_000, prefix: "30").write(to: csv, atomically: true, encoding: .utf8)
        let importing = try RunningProcess(CLIRunner.binary.path, ["import", "--store", store, "--source", "bulk", csv.path])
        // The journal appears with the transaction's first write: the rows are going in.
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: store + "-journal"), Date() < deadline, importing.wait(timeout: 0) == nil {
            usleep(1_000)
        }
        #expect(FileManager.default.fileExists(atPath: store + "-journal"), "the import never wrote under the rollback journal")
        usleep(100_000)
        importing.kill()
        _ = importing.wait(timeout: 10)
        #expect(!importing.stdout.contains("imported"), "the import finished before it was killed: \(importing.stdout)")
        // The next reader rolls the hot journal back: the seed row alone, an intact file.
        #expect(try HardeningCLITests.sqliteValue(store, "SELECT count(*) FROM inventory_record") == "1")
        #expect(try HardeningCLITests.sqliteValue(store, "PRAGMA integrity_check") == "ok")
        let audit = try CLIRunner.run(["audit", "--store", store, "--format", "json"])
        #expect(audit.status == 0, "\(audit.stderr)")
        // The next writing command sets WAL mode again.
        let again = try CLIRunner.run(["import", "--store", store, "--source", "small", "-"], stdin: "address,name\n10.9.0.2,b\n")
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try HardeningCLITests.sqliteValue(store, "PRAGMA journal_mode") == "wal")
    }
}
