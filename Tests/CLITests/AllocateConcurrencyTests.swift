import Foundation
import Testing

/// Real processes on one store: concurrent runs never hand out one block twice, and a run
/// killed mid-transaction leaves the previous plan intact.
@Suite(.serialized) struct AllocateConcurrencyTests {
    /// Starts every argument list at once, then waits for all; returns (status, stdout) each.
    static func runTogether(_ argumentLists: [[String]]) throws -> [(Int32, String)] {
        try ProcessRunner.runTogether(argumentLists.map { ProcessRunner.Command(CLIRunner.binary.path, $0) })
            .map { ($0.status, $0.stdout) }
    }

    /// Nested or disjoint per family, and same-kind blocks never overlap.
    static func checkNoSharedBlocks(_ rows: [AllocateCLITests.Row]) {
        #expect(Set(rows.map { "\($0.family) \($0.prefix)" }).count == rows.count, "one prefix handed out twice")
        let regions = rows.filter { $0.kind == "region" }
        for i in regions.indices {
            for j in regions.indices where j > i && regions[i].family == regions[j].family {
                #expect(!overlaps(regions[i].prefix, regions[j].prefix), "\(regions[i].path) and \(regions[j].path) overlap")
            }
        }
    }

    static func overlaps(_ a: String, _ b: String) -> Bool {
        // Aligned blocks overlap only by containment: compare with Python-free integer math on IPv4/IPv6 text.
        func range(_ s: String) -> (UInt128, UInt128) {
            let parts = s.split(separator: "/")
            let length = Int(parts[1])!
            let addr = String(parts[0])
            var value: UInt128 = 0, width = 32
            if addr.contains(":") {
                width = 128
                var buf = in6_addr()
                inet_pton(AF_INET6, addr, &buf)
                withUnsafeBytes(of: &buf) { for byte in $0 { value = value << 8 | UInt128(byte) } }
            } else {
                var buf = in_addr()
                inet_pton(AF_INET, addr, &buf)
                value = UInt128(UInt32(bigEndian: buf.s_addr))
            }
            let host: UInt128 = length == width ? 0 : (UInt128(1) << UInt128(width - length)) - 1
            return (value, value | host)
        }
        let (a0, a1) = range(a), (b0, b1) = range(b)
        return a0 <= b1 && b0 <= a1
    }

    @Test func eightProcessesAddingRegionsNeverOverlap() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        let results = try Self.runTogether((1...8).map {
            ["allocate", "--store", store, "--regions", "r\($0)", "--zones", "3", "--racks", "4", "--format", "json"]
        })
        #expect(results.allSatisfy { $0.0 == 0 })
        let rows = try AllocateCLITests.stored(store)
        #expect(Set(rows.filter { $0.kind == "region" }.map(\.path)) == Set((1...8).map { "r\($0)" }))
        #expect(rows.count == 8 * (1 + 3 + 12) * 2)
        Self.checkNoSharedBlocks(rows)
        // All eight shared one ULA: every IPv6 region sits in one /48.
        let ula = Set(rows.filter { $0.kind == "region" && $0.family == 6 }.map { $0.prefix.split(separator: ":").prefix(3).joined(separator: ":") })
        #expect(ula.count == 1)
    }

    @Test func eightProcessesAskingTheSamePlanAgree() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        let results = try Self.runTogether(Array(repeating: ["allocate", "--store", store, "--zones", "3", "--racks", "2", "--format", "json"], count: 8))
        #expect(results.allSatisfy { $0.0 == 0 })
        #expect(Set(results.map(\.1)).count == 1, "every run must print the same plan")
        let rows = try AllocateCLITests.stored(store)
        #expect(rows.count == (1 + 3 + 6) * 2)
        Self.checkNoSharedBlocks(rows)
    }

    @Test func killNineMidTransactionKeepsThePreviousPlan() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("s.db").path
        #expect(try CLIRunner.run(["allocate", "--store", store, "--zones", "2"]).status == 0)
        let before = try AllocateCLITests.stored(store)

        let p = try RunningProcess(CLIRunner.binary.path, ["allocate", "--store", store, "--regions", "big", "--zones", "8", "--racks", "12",
                                                           "--test-hold-before-commit", "60"])
        // Wait until the run reports its changes written but not committed, then kill it.
        #expect(p.waitUntil(timeout: 60) { $0.stderr.contains("test hold") || !p.isRunning })
        #expect(p.stderr.contains("test hold"))
        p.kill()
        p.waitUntilExit()
        #expect(p.terminationReason == .uncaughtSignal)

        #expect(try AllocateCLITests.stored(store) == before)
        // The store is usable: the same request now goes through.
        #expect(try CLIRunner.run(["allocate", "--store", store, "--regions", "big", "--zones", "8", "--racks", "12"]).status == 0)
        #expect(try AllocateCLITests.stored(store).count > before.count)
    }
}
