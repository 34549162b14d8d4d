import Foundation
import IPAuditKit
import Testing
@testable import IPAuditPostgres

/// Connection failures give a clear error naming the server, within the deadline.
@Suite struct PostgresFailureTests {
    static func expectClearError(_ url: String, within seconds: Double, mentions: [String]) throws {
        let started = Date()
        do {
            _ = try PostgresStore(url: url)
            Issue.record("opening \(url) succeeded")
        } catch let error as InputError {
            let elapsed = Date().timeIntervalSince(started)
            #expect(elapsed < seconds, "took \(elapsed) s")
            for text in mentions { #expect(error.description.contains(text), "\(error.description) lacks \(text)") }
            #expect(!error.description.contains("wrongpass"), "password leaked into \(error.description)")
        }
    }

    @Test(.requires(.postgres)) func wrongPasswordIsRefusedAtOnce() throws {
        let base = try PostgresLocation(url: try TestServer.baseURL())
        let url = "postgres://\(base.user):wrongpass@\(base.host):\(base.port)/\(base.database)?connect_timeout=5"
        try Self.expectClearError(url, within: 5, mentions: ["\(base.host):\(base.port)", "cannot connect", "28P01"])
    }

    @Test(.requires(.postgres)) func missingDatabaseIsNamed() throws {
        let base = try PostgresLocation(url: try TestServer.baseURL())
        let url = "postgres://\(base.user):\(base.password ?? "")@\(base.host):\(base.port)/no_such_db_here?connect_timeout=5"
        try Self.expectClearError(url, within: 5, mentions: ["no_such_db_here", "3D000"])
    }

    @Test func closedPortIsRefusedAtOnce() throws {
        let port = try LoopbackPort.closedPort()
        try Self.expectClearError("postgres://ipaudit:wrongpass@127.0.0.1:\(port)/ipaudit?connect_timeout=5", within: 5,
                                  mentions: ["127.0.0.1:\(port)", "cannot connect: connection refused"])
    }

    @Test func silentServerHitsTheConnectDeadline() throws {
        let listener = try LoopbackPort(listening: true)
        let started = Date()
        try Self.expectClearError("postgres://ipaudit:wrongpass@127.0.0.1:\(listener.port)/ipaudit?connect_timeout=1", within: 4,
                                  mentions: ["127.0.0.1:\(listener.port)", "no answer within 1 s"])
        #expect(Date().timeIntervalSince(started) >= 0.9, "gave up before the deadline")
    }

    @Test(.requires(.postgres)) func slowStatementHitsTheStatementDeadline() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let holder = try PostgresStore(url: db.url)
        let waiter = try PostgresStore(url: db.url + "?timeout=1")
        // The holder keeps the allocation lock for 3 s; the waiter may wait 1 s only.
        let started = Date()
        let held = ConcurrentRuns.run(2) { i -> String in
            if i == 0 {
                return try holder.updateAllocations { _ in Thread.sleep(forTimeInterval: 3); return (AllocationChanges(), "held") }
            } else {
                Thread.sleep(forTimeInterval: 0.5)
                return try waiter.updateAllocations { _ in (AllocationChanges(), "got the lock") }
            }
        }
        #expect(try held[0].get() == "held")
        guard case .failure(let error) = held[1] else { Issue.record("waiter got the lock while it was held"); return }
        #expect(String(describing: error).contains("timed out"))
        #expect(Date().timeIntervalSince(started) < 5)
    }
}
