import Foundation
import IPAuditKit
import Testing
@testable import IPAuditPostgres
#if canImport(Glibc)
import Glibc
#endif

/// The real `ipaudit scan --watch` whose PostgreSQL server goes away as its input ends and
/// stays away past the reconnect window: it exits 2 naming a spool file, and
/// `ipaudit import FILE` saves the frames once.
@Suite(.requires(.postgres), .serialized) struct SpoolCLITests {
    @Test func aWatchSpoolsWhatTheDownServerDidNotTakeAndImportSavesIt() throws {
        let server = try PostgresRestartTests.OwnServer()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-spoolcli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fifo = dir + "/feed.pcap", spool = dir + "/spool"
        #expect(mkfifo(fifo, 0o600) == 0)
        let watcher = try RunningProcess(FleetCLITests.binary.path, ["scan", "--read", fifo, "--watch", "--format", "json", "--user", TestUser.name,
                                                                     "--l2-domain", "test/eth0", "--store", server.url, "--spool-dir", spool])
        defer { watcher.terminate() }
        let feed = try #require(FileHandle(forWritingAtPath: fifo))
        feed.write(try Data(contentsOf: URL(fileURLWithPath: LostCommitTests.lifecycle)))
        // Connected and capturing; the server goes (and stays away) before the input ends.
        Thread.sleep(forTimeInterval: 1)
        server.stop()
        try feed.close()
        let status = watcher.waitUntilExit()
        let stderr = watcher.stderr
        #expect(status == 2, "\(stderr)")
        let files = ObservationSpool.files(in: spool)
        try #require(files.count == 1, "\(stderr)")
        #expect(stderr.contains("kept in \(files[0])"), "\(stderr)")
        #expect(!(try String(contentsOfFile: files[0], encoding: .utf8)).contains(":ipaudit@"), "the password reached the disk")

        server.start()
        let copy = dir + "/again.spool"
        try FileManager.default.copyItem(atPath: files[0], toPath: copy)
        let imported = try FleetCLITests.run(["import", files[0], "--store", server.url])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.hasPrefix("imported "), "\(imported.stdout)")
        #expect(!FileManager.default.fileExists(atPath: files[0]))
        let again = try FleetCLITests.run(["import", copy, "--store", server.url])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stdout.contains("saved before"), "\(again.stdout)")
        #expect(try LostCommitTests.frames(PostgresStore(url: server.url)) == LostCommitTests.lifecycleFrames)
    }
}
