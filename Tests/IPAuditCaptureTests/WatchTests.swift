import Foundation
import Testing
@testable import IPAuditCapture
import IPAuditKit
import IPAuditStorage

/// `scan --watch` through the real capture loop: the event stream over a committed capture,
/// the store flushes (failing and recovering), and bounded state over a generated week.
@Suite("Watch")
struct WatchTests {
    /// Records what the watcher hands out.
    final class Recorder: WatchOutput, @unchecked Sendable {
        var events: [FindingEvent] = []
        var snapshots = 0
        var flushes = 0
        var storeErrors = 0
        var recoveries = 0
        var slowFlushes: [(seconds: Double, dropped: Int?)] = []

        func report(_ events: [FindingEvent]) throws { self.events += events }
        func evaluated(_ snapshot: @autoclosure () -> FindingsReport) { snapshots += 1 }
        func flush(_ snapshot: FindingsReport) throws { flushes += 1 }
        func slowFlush(seconds: Double, dropped: Int?) { slowFlushes.append((seconds, dropped)) }
        func storeStatus(_ error: (any Error)?, unsaved: Int) {
            if error == nil { recoveries += 1 } else { storeErrors += 1 }
        }
    }

    /// A store that refuses the first `failures` saves (a locked file, a PostgreSQL restart),
    /// then writes to a real SQLite store.
    final class FlakyStore: ObservationStoring, @unchecked Sendable {
        let backing: SQLiteStore
        var failures: Int
        var attempts = 0

        init(backing: SQLiteStore, failures: Int) {
            self.backing = backing
            self.failures = failures
        }

        struct Refused: Error {}

        func saveObservations(_ observations: [Observation]) throws {
            attempts += 1
            if failures > 0 {
                failures -= 1
                throw Refused()
            }
            try backing.saveObservations(observations)
        }

        func observations() throws -> [Observation] { try backing.observations() }
    }

    static func watch(_ path: String, settings: WatchSettings = WatchSettings(), store: (any ObservationStoring)? = nil,
                      output: Recorder) throws -> WatchResult {
        let config = CaptureConfiguration(source: .file(path))
        return try Scanner.watch(try Scanner.open(config), config: config, policy: ScanPolicy(), domainBase: "test/eth0",
                                 settings: settings, store: store, output: output)
    }

    static let t0 = 1_700_000_000.0

    @Test("A duplicate opens at 1 s, gains a MAC at 30 s, and closes with a 240/4 source once both age out")
    func lifecycleOverTheFixture() throws {
        let recorder = Recorder()
        let result = try Self.watch(Fixture.pcap("watch-lifecycle.pcap"), output: recorder)
        #expect(result.end == .endOfFile)
        let summary = recorder.events.map { "\($0.kind.rawValue) \($0.finding.rule.id) \($0.finding.address ?? "")" }
        #expect(summary == [
            "open duplicate-address 10.0.0.5",
            "open unroutable-address 240.0.0.9",
            "update duplicate-address 10.0.0.5",
            "close duplicate-address 10.0.0.5",
            "close unroutable-address 240.0.0.9",
        ])
        guard recorder.events.count == 5 else { return }
        let (open, source, update, close, _) = (recorder.events[0], recorder.events[1], recorder.events[2], recorder.events[3], recorder.events[4])
        // Seen at the first evaluation after the second MAC's claim, not at the end of the file.
        #expect(open.time == Self.t0 + 1)
        #expect(open.finding.macs == ["02:00:00:00:00:0a", "02:00:00:00:00:0b"])
        #expect(source.time == Self.t0 + 3)
        #expect(update.time == Self.t0 + 32)
        #expect(update.finding.macs?.sorted() == ["02:00:00:00:00:0a", "02:00:00:00:00:0b", "02:00:00:00:00:0c"])
        // Aged out: silent since 42 s, closed after the hour's idle timeout, before the file ends (4200.5 s).
        #expect(close.time > Self.t0 + 42 + 3600)
        #expect(close.time <= Self.t0 + 4200.5)
        #expect(close.finding.macs?.count == 3)
        #expect(result.openFindings.isEmpty)
        // 10.0.0.100 is still tracked; 10.0.0.5 is not.
        #expect(result.peakTrackedAddresses == 2)
        // Without a store nothing is kept for one (a 28-day replay once grew by what it owed).
        #expect(result.ledgerEntries == 0)
    }

    @Test("The one-shot scan of the same capture reports what the watch opened (the same analyzer)")
    func sameVerdictsAsTheOneShotScan() throws {
        let oneShot = try Scanner.run(CaptureConfiguration(source: .file(Fixture.pcap("watch-lifecycle.pcap"))),
                                      policy: ScanPolicy(), domainBase: "test/eth0")
        let recorder = Recorder()
        _ = try Self.watch(Fixture.pcap("watch-lifecycle.pcap"), output: recorder)
        let lastOpened = Dictionary(recorder.events.filter { $0.kind != .close }.map { ($0.finding.address ?? "", $0.finding) },
                                    uniquingKeysWith: { _, b in b })
        for finding in oneShot.report.findings {
            #expect(lastOpened[finding.address ?? ""]?.rule == finding.rule)
            #expect(lastOpened[finding.address ?? ""]?.macs == finding.macs)
        }
        #expect(oneShot.report.findings.count == 2)
    }

    @Test("A store that fails is retried at each flush and the capture goes on; nothing is lost or counted twice")
    func failingStoreIsRetried() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = FlakyStore(backing: try SQLiteStore(path: dir.appendingPathComponent("s.db").path), failures: 3)
        let recorder = Recorder()
        // A flush at every evaluation (the period is wall time; the file replays in milliseconds).
        let result = try Self.watch(Fixture.pcap("watch-lifecycle.pcap"), settings: WatchSettings(flushInterval: 1e-9),
                                    store: store, output: recorder)
        #expect(result.storeError == nil)
        #expect(recorder.storeErrors == 3)
        #expect(recorder.recoveries == 1)
        #expect(store.attempts > 3)
        // The capture went on: every event is there.
        #expect(recorder.events.count == 5)
        // Each binding's frames once, though it was flushed many times and aged out between.
        let saved = try store.observations()
        let frames = Dictionary(saved.map { ("\($0.address) \($0.mac)", $0.frames) }, uniquingKeysWith: +)
        #expect(frames == [
            "10.0.0.5 02:00:00:00:00:0a": 8, "10.0.0.5 02:00:00:00:00:0b": 8, "10.0.0.5 02:00:00:00:00:0c": 3,
            "10.0.0.100 02:00:00:00:10:00": 15,
        ])
        #expect(saved.first { $0.mac.description == "02:00:00:00:00:0c" }?.firstSeen == Self.t0 + 32)
    }

    @Test("A store still failing at the end is the watch's error")
    func failingFinalFlush() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = FlakyStore(backing: try SQLiteStore(path: dir.appendingPathComponent("s.db").path), failures: .max)
        let recorder = Recorder()
        let result = try Self.watch(Fixture.pcap("watch-lifecycle.pcap"), store: store, output: recorder)
        #expect(result.storeError is FlakyStore.Refused)
        #expect(recorder.events.count == 5)
    }

    @Test("A capture that fails partway still stores and reports what it saw before the error is raised")
    func captureErrorStillFlushes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // A good capture followed by a block of impossible length (7 bytes either byte order):
        // the reader fails after the last good frame, as a live interface that goes away does.
        var bytes = try Data(contentsOf: URL(fileURLWithPath: Fixture.pcap("duplicate-static.pcapng")))
        bytes.append(contentsOf: [6, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0])
        let path = dir.appendingPathComponent("broken.pcapng").path
        try bytes.write(to: URL(fileURLWithPath: path))
        let store = try SQLiteStore(path: dir.appendingPathComponent("s.db").path)
        let recorder = Recorder()
        #expect(throws: CaptureError.self) {
            _ = try Self.watch(path, store: store, output: recorder)
        }
        // The final evaluation and flush ran: the duplicate was reported, the textfile written,
        // and the frames before the error are in the store.
        #expect(recorder.events.contains { $0.kind == .open && $0.finding.rule == .duplicateAddress })
        #expect(recorder.flushes == 1)
        #expect(try store.observations().count >= 2)
    }

    /// A store whose saves take `delay` seconds (fsync on a busy disk, a lock wait).
    final class SlowStore: ObservationStoring, @unchecked Sendable {
        let backing: SQLiteStore
        let delay: Double
        init(backing: SQLiteStore, delay: Double) { self.backing = backing; self.delay = delay }
        func saveObservations(_ observations: [Observation]) throws {
            usleep(UInt32(delay * 1_000_000))
            try backing.saveObservations(observations)
        }
        func observations() throws -> [Observation] { try backing.observations() }
    }

    @Test("A flush slower than the bound is reported (it blocks the capture thread); a fast one is not")
    func slowFlushIsReported() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-watch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var settings = WatchSettings()
        settings.slowFlush = 0.15
        let slow = Recorder()
        _ = try Self.watch(Fixture.pcap("watch-lifecycle.pcap"), settings: settings,
                           store: SlowStore(backing: try SQLiteStore(path: dir.appendingPathComponent("a.db").path), delay: 0.3), output: slow)
        #expect(slow.slowFlushes.count == 1)
        #expect((slow.slowFlushes.first?.seconds ?? 0) >= 0.3)
        // A file replay has no kernel drop counter.
        #expect(slow.slowFlushes.first.map { $0.dropped == nil } == true)
        let fast = Recorder()
        _ = try Self.watch(Fixture.pcap("watch-lifecycle.pcap"), settings: settings,
                           store: try SQLiteStore(path: dir.appendingPathComponent("b.db").path), output: fast)
        #expect(fast.slowFlushes.isEmpty)
    }

    /// Runs scripts/pcap/gen_week.py.
    static func generateWeek(days: Double, into path: String) throws -> Int {
        let p = try ProcessRunner.run("/usr/bin/python3", [Fixture.root.appendingPathComponent("scripts/pcap/gen_week.py").path, String(days), path])
        #expect(p.status == 0)
        return Int(p.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    @Test("A week of churn: 20,160 addresses pass, the table holds a few hundred; every duplicate opens once and closes")
    func weekStaysBounded() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-week-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("week.pcap").path
        let frames = try Self.generateWeek(days: 7, into: path)
        #expect(frames == 178_500)
        let store = try SQLiteStore(path: dir.appendingPathComponent("s.db").path)
        let recorder = Recorder()
        let result = try Self.watch(path, settings: WatchSettings(flushInterval: 0.05), store: store, output: recorder)
        // About 240 live hosts plus those idle for less than the hour (and an eighth of it).
        #expect(result.peakTrackedAddresses < 700)
        #expect(result.peakTrackedAddresses > 240)
        #expect(result.ledgerEntries < 1_000)
        let duplicates = recorder.events.filter { $0.finding.rule == .duplicateAddress }
        let opened = duplicates.filter { $0.kind == .open }
        let closed = duplicates.filter { $0.kind == .close }
        #expect(opened.count == 2016)
        #expect(Set(opened.compactMap(\.finding.address)).count == 2016)
        // Refreshed every 15 minutes for two hours, never changed: never repeated.
        #expect(duplicates.filter { $0.kind == .update }.isEmpty)
        let stillOpen = result.openFindings.filter { $0.rule == .duplicateAddress }.count
        #expect(closed.count == opened.count - stillOpen)
        #expect(stillOpen < 60)
        let sources = recorder.events.filter { $0.finding.rule == .unroutableAddress }
        #expect(sources.filter { $0.kind == .open }.count == 2016)
        #expect(result.openFindings.count < 120)
        // Every claim frame stored exactly once across hundreds of flushes and agings.
        let saved = try store.observations()
        #expect(saved.count == 20_160 + 2_016)
        #expect(saved.reduce(0) { $0 + $1.frames } == frames - 2016)
    }
}
