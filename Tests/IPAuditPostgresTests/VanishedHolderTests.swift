import Foundation
import IPAuditKit
import Testing
@testable import IPAuditPostgres

/// An allocator's host vanishes (no FIN) while it holds the allocation lock: the proxy between
/// it and the server goes silent. A waiting allocator's error names the holder and since when;
/// the server ends the holder's idle transaction after the statement timeout, so the next
/// allocator gets through instead of waiting for TCP keepalive (hours).
@Suite(.requires(.postgres)) struct VanishedHolderTests {
    @Test func aVanishedHolderIsNamedAndItsLockFreedByTheServer() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let proxy = try PostgresProxy(targetPort: try PostgresLocation(url: db.url).port)
        defer { proxy.stop() }
        let holder = try PostgresStore(url: proxy.url(for: db.url) + "?timeout=4")
        holder.retryWindow = 0
        let holding = DispatchSemaphore(value: 0)
        let started = Date()
        Thread.detachNewThread {
            // Takes the lock, then its host "vanishes": nothing more reaches the server.
            _ = try? holder.updateAllocations { _ -> (AllocationChanges, Void) in
                proxy.blackhole()
                holding.signal()
                return (AllocationChanges(), ())
            }
        }
        #expect(holding.wait(timeout: .now() + 20) == .success)

        let waiter = try PostgresStore(url: db.url + "?timeout=1")
        do {
            _ = try waiter.updateAllocations { _ in (AllocationChanges(), ()) }
            Issue.record("the waiter got the lock while the vanished session held it")
        } catch let error as InputError {
            let text = error.description
            #expect(text.contains("another session holds the allocation lock"), "\(text)")
            #expect(text.contains("ipaudit"), "\(text)")
            #expect(text.contains("from 127.0.0.1"), "\(text)")
            #expect(text.contains(" since 20"), "\(text)")
            #expect(text.contains("idle in transaction"), "\(text)")
        }

        // The server ends the holder's transaction 4 s after its last statement; a patient
        // allocator then gets the lock, long before any TCP keepalive.
        let next = try PostgresStore(url: db.url + "?timeout=15")
        _ = try next.updateAllocations { _ in (AllocationChanges(), ()) }
        #expect(Date().timeIntervalSince(started) < 12)
    }

    @Test func ipauditSessionsCarryTheirGuards() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let store = try PostgresStore(url: db.url + "?timeout=7")
        let settings = try store.transaction(idempotent: true) { s in
            try s.query("""
                SELECT current_setting('idle_in_transaction_session_timeout'), current_setting('lock_timeout'),
                       current_setting('statement_timeout'), current_setting('tcp_keepalives_idle'),
                       current_setting('application_name')
                """).map { try $0.decode((String, String, String, String, String).self) }
        }
        let row = try #require(settings.first)
        #expect(row.0 == "7s" && row.1 == "7s" && row.2 == "7s")
        #expect(row.3 == "60" || row.3 == "1min")
        #expect(row.4.hasPrefix("ipaudit") && row.4.contains("pid \(getpid())"))
    }
}
