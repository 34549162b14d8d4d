import Foundation
import IPAuditKit
import IPCore
import Testing
@testable import IPAuditPostgres

/// The real `ipaudit` processes against PostgreSQL: `--store postgres://…` everywhere.
@Suite(.requires(.postgres)) struct FleetCLITests {
    typealias Run = ProcessResult

    /// The `ipaudit` executable built next to the test bundle.
    static var binary: URL { BuiltBinary.ipaudit }

    /// Starts every argument list at once, then waits for all. Output goes to files.
    static func runTogether(_ argumentLists: [[String]], environment: [String: String] = [:]) throws -> [Run] {
        try ProcessRunner.runTogether(argumentLists.map { ProcessRunner.Command(binary.path, $0, environment: environment) })
    }

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> Run {
        try runTogether([arguments], environment: environment)[0]
    }

    @Test func auditFindsCrossAgentDuplicateFromTwoAgentsPushes() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-fleetcli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let inventory = dir.appendingPathComponent("hosts.csv")
        try "address,name,role,zone\n10.1.0.5,agent-1,agent,z1\n10.1.0.6,agent-2,agent,z1\n".write(to: inventory, atomically: true, encoding: .utf8)
        #expect(try Self.run(["import", "--store", db.url, inventory.path]).status == 0)
        // Two agents push what they saw, each through its own connection.
        try PostgresStore(url: db.url).saveObservations([
            Observation(address: "10.1.0.5", mac: "02:aa:00:00:00:01", domain: "agent-1/eth0", firstSeen: 1, lastSeen: 2, frames: 4),
        ])
        try PostgresStore(url: db.url).saveObservations([
            Observation(address: "10.1.0.5", mac: "02:bb:00:00:00:02", domain: "agent-2/eth0", firstSeen: 1, lastSeen: 3, frames: 2),
            Observation(address: "10.1.0.77", mac: "02:bb:00:00:00:03", domain: "agent-2/eth0", firstSeen: 1, lastSeen: 3, frames: 1),
        ])
        let run = try Self.run(["audit", "--store", db.url, "--format", "json"])
        #expect(run.status == 1, "\(run.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let findings = try #require(doc["findings"] as? [[String: Any]])
        let duplicate = try #require(findings.first { $0["rule"] as? String == Rule.duplicateAddress.id && $0["address"] as? String == "10.1.0.5" })
        #expect(duplicate["entities"] as? [String] == ["agent-1/eth0", "agent-2/eth0"])
        #expect(findings.contains { $0["rule"] as? String == Rule.unknownAddress.id && $0["address"] as? String == "10.1.0.77" })
        // The same store through IPAUDIT_STORE.
        #expect(try Self.run(["audit", "--format", "json"], environment: ["IPAUDIT_STORE": db.url]).stdout == run.stdout)
    }

    @Test func wrongPasswordIsExitTwoWithAClearMessage() throws {
        let base = try PostgresLocation(url: try TestServer.baseURL())
        let url = "postgres://\(base.user):wrongpass@\(base.host):\(base.port)/\(base.database)"
        let started = Date()
        let run = try Self.run(["audit", "--store", url])
        #expect(run.status == 2)
        #expect(run.stderr.contains("postgres://\(base.user)@\(base.host):\(base.port)/\(base.database)"))
        #expect(run.stderr.contains("28P01"))
        #expect(!run.stderr.contains("wrongpass"))
        #expect(Date().timeIntervalSince(started) < 10)
    }

    @Test func sixteenAllocatorProcessesNeverOverlap() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let runs = try Self.runTogether((1...16).map {
            ["allocate", "--store", db.url, "--regions", "r\($0)", "--zones", "3", "--racks", "4", "--format", "json"]
        })
        for run in runs { #expect(run.status == 0, "\(run.stderr)") }
        let state = try PostgresStore(url: db.url).allocationState()
        #expect(Set(state.allocations.filter { $0.kind == "region" }.map(\.path)) == Set((1...16).map { "r\($0)" }))
        #expect(state.allocations.count == 16 * (1 + 3 + 12) * 2)
        PostgresConcurrencyTests.expectNoOverlap(state.allocations)
        // One ULA for everyone: generated once, under the lock.
        #expect(Set(state.allocations.filter { $0.family == 6 && $0.kind == "region" }.map {
            $0.prefix.description.split(separator: ":").prefix(3).joined(separator: ":")
        }).count == 1)
    }

    @Test func killedAllocatorLeavesNothingHalfWritten() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        #expect(try Self.run(["allocate", "--store", db.url, "--regions", "r1"]).status == 0)
        let before = try PostgresStore(url: db.url).allocationState()
        let process = try RunningProcess(Self.binary.path, ["allocate", "--store", db.url, "--regions", "r1,r2", "--zones", "2",
                                                            "--test-hold-before-commit", "30"])
        // Wait until its changes are written (the lock is held), then kill it.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let holding = try PostgresStore(url: db.url + "?timeout=1")
            if (try? holding.updateAllocations { _ in (AllocationChanges(), ()) }) == nil { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        process.kill()
        process.waitUntilExit()
        let after = try PostgresStore(url: db.url).allocationState()
        #expect(after.allocations == before.allocations)
    }

    @Test func scanPushesObservationsToPostgres() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let pcap = TestServer.repositoryRoot.appendingPathComponent("fixtures/pcap/duplicate-static.pcap").path
        let run = try Self.run(["scan", "--read", pcap, "--l2-domain", "agent-7/eth0", "--store", db.url, "--format", "json"])
        #expect(run.status <= 1, "\(run.stderr)")
        let seen = try PostgresStore(url: db.url).observations()
        #expect(!seen.isEmpty)
        #expect(seen.allSatisfy { $0.domain.hasPrefix("agent-7/eth0") })
    }

    @Test func reportShowsThePostgresStoreWithoutItsPassword() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let location = try PostgresLocation(url: db.url)
        let password = try #require(location.password)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("ipaudit-fleetcli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let inventory = dir.appendingPathComponent("hosts.csv")
        try "address,name,role,zone\n10.1.0.5,agent-1,agent,z1\n".write(to: inventory, atomically: true, encoding: .utf8)
        #expect(try Self.run(["import", "--store", db.url, inventory.path]).status == 0)
        let page = dir.appendingPathComponent("plan.html")
        let run = try Self.run(["report", "--output", page.path], environment: ["IPAUDIT_STORE": db.url])
        #expect(run.status == 0, "\(run.stderr)")
        let html = try String(contentsOf: page, encoding: .utf8)
        #expect(!html.contains("\(location.user):\(password)@"))
        #expect(html.contains("<dd>\(location.description)</dd>"))
    }
}
