import Foundation
import IPAuditCapture
import IPAuditKit
import Testing
@testable import IPAuditPostgres

/// The server is down as a watch ends: its last flush waits for it within the reconnect window,
/// and what it still cannot write is spooled to local disk and replayed later, once.
@Suite(.serialized) struct FinalFlushTests {
    @Test(.requires(.postgres)) func theLastFlushWaitsForAServerBackWithinTheWindow() throws {
        let server = try PostgresRestartTests.OwnServer()
        let store = try PostgresStore(url: server.url)
        // Down before the input ends, back 1.5 s later: inside the 10 s the README promises.
        server.stop()
        Thread.detachNewThread { Thread.sleep(forTimeInterval: 1.5); server.start() }
        let (result, _) = try LostCommitTests.watch(store, flushInterval: nil)
        #expect(result.storeError == nil, "\(result.storeError.map { "\($0)" } ?? "")")
        #expect(result.unsaved.isEmpty)
        #expect(try LostCommitTests.frames(store) == LostCommitTests.lifecycleFrames)
    }

    @Test(.requires(.postgres)) func whatTheLastFlushCannotWriteIsSpooledAndReplayedOnce() throws {
        let server = try PostgresRestartTests.OwnServer()
        let store = try PostgresStore(url: server.url)
        store.retryWindow = 1
        server.stop()
        let (result, _) = try LostCommitTests.watch(store, flushInterval: nil)
        #expect(result.storeError != nil)
        try #require(result.unsaved.count == 1)
        var unsaved = result.unsaved[0]
        unsaved.store = StoreLocator.displayName(server.url)
        #expect(unsaved.observations.map(\.frames).reduce(0, +) == LostCommitTests.lifecycleFrames.values.reduce(0, +))

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-spool-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = try ObservationSpool.write(unsaved, in: dir)
        let copy = dir + "/copy.spool"
        try FileManager.default.copyItem(atPath: path, toPath: copy)
        let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: dir)[.posixPermissions] as? Int == 0o700)
        #expect(ObservationSpool.isSpoolFile(path))
        // The password never reaches the disk.
        #expect(!(try String(contentsOfFile: path, encoding: .utf8)).contains(":ipaudit@"))

        server.start()
        let (_, written) = try ObservationSpool.replay(path, into: store)
        #expect(written)
        #expect(!FileManager.default.fileExists(atPath: path))
        // The same flush replayed again (by `import` after the next run did it) counts nothing.
        let (_, again) = try ObservationSpool.replay(copy, into: store)
        #expect(!again)
        #expect(try LostCommitTests.frames(store) == LostCommitTests.lifecycleFrames)
    }

    @Test func aSpoolDirectoryOthersCanWriteOrALinkIsRefused() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-spooldir-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: base) }
        let unsaved = UnsavedFlush(store: "s", flush: FlushID(instance: "i", sequence: 1), observations: [])
        let open = base + "/open"
        try FileManager.default.createDirectory(atPath: open, withIntermediateDirectories: false)
        chmod(open, 0o777)
        #expect(throws: InputError.self) { try ObservationSpool.write(unsaved, in: open) }
        let real = base + "/real"
        try FileManager.default.createDirectory(atPath: real, withIntermediateDirectories: false)
        chmod(real, 0o700)
        try FileManager.default.createSymbolicLink(atPath: base + "/link", withDestinationPath: real)
        #expect(throws: InputError.self) { try ObservationSpool.write(unsaved, in: base + "/link") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: real).isEmpty)
        // A file planted under the final name is not overwritten.
        let planted = real + "/ipaudit-i-1.spool"
        try "planted".write(toFile: planted, atomically: false, encoding: .utf8)
        #expect(throws: InputError.self) { try ObservationSpool.write(unsaved, in: real) }
        #expect(try String(contentsOfFile: planted, encoding: .utf8) == "planted")
        #expect(try FileManager.default.contentsOfDirectory(atPath: real) == ["ipaudit-i-1.spool"])
    }
}
