import Foundation
import Testing

/// `allocate`, `release` and `free` through the built binary.
@Suite struct AllocateCLITests {
    struct Row: Hashable { let path: String, kind: String, prefix: String, family: Int, size: String }

    /// The stored plan as JSON rows (`allocate` with nothing asked only reads).
    static func stored(_ store: String) throws -> [Row] {
        let r = try CLIRunner.run(["allocate", "--store", store, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        return try rows(r.stdout)
    }

    static func rows(_ json: String) throws -> [Row] {
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let list = try #require(object?["allocations"] as? [[String: Any]])
        return try list.map { a in
            #expect(Set(a.keys) == ["path", "kind", "prefix", "family", "size"])
            return Row(path: try #require(a["path"] as? String), kind: try #require(a["kind"] as? String),
                       prefix: try #require(a["prefix"] as? String), family: try #require(a["family"] as? Int),
                       size: try #require(a["size"] as? String))
        }
    }

    func withStore(_ body: (String, URL) throws -> Void) throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try body(dir.appendingPathComponent("ipaudit.db").path, dir)
    }

    @Test func quickFormIsStableAcrossRuns() throws {
        try withStore { store, _ in
            let first = try CLIRunner.run(["allocate", "--zones", "3", "--racks", "2", "--store", store, "--format", "json"])
            #expect(first.status == 0, "\(first.stderr)")
            let second = try CLIRunner.run(["allocate", "--zones", "3", "--racks", "2", "--store", store, "--format", "json"])
            #expect(second.stdout == first.stdout)
            let rows = try Self.rows(first.stdout)
            #expect(rows.filter { $0.kind == "zone" && $0.family == 4 }.map(\.prefix) == ["10.0.0.0/16", "10.1.0.0/16", "10.2.0.0/16"])
            #expect(rows.filter { $0.kind == "rack" }.count == 12)
            let ula = try #require(rows.first { $0.kind == "region" && $0.family == 6 })
            #expect(ula.prefix.hasPrefix("fd") && ula.prefix.hasSuffix("::/52"))
        }
    }

    @Test func storeFromTheEnvironment() throws {
        try withStore { store, _ in
            let r = try CLIRunner.run(["allocate", "--zones", "1", "--format", "csv"], environment: ["IPAUDIT_STORE": store])
            #expect(r.status == 0)
            #expect(FileManager.default.fileExists(atPath: store))
            #expect(r.stdout.hasPrefix("path,kind,family,prefix,size,region,zone,rack,role,agent\n"))
        }
    }

    @Test func exhaustionExitsTwoAndLeavesTheStoreUnchanged() throws {
        try withStore { store, _ in
            let base = ["allocate", "--store", store, "--pool", "10.0.0.0/24", "--no-ula", "--regions", "r",
                        "--region-prefix", "24", "--zone-prefix", "26"]
            #expect(try CLIRunner.run(base + ["--zones", "a,b,c"]).status == 0)
            let before = try Self.stored(store)
            let r = try CLIRunner.run(base + ["--zones", "a,b,c,d", "--zone-prefix", "25"])
            #expect(r.status == 2)
            #expect(r.stderr.contains("r/d asks for an IPv4 /25"))
            #expect(r.stderr.contains("free: 64 addresses"))
            #expect(r.stderr.contains("largest free block 10.0.0.192/26"))
            #expect(r.stdout.isEmpty)
            #expect(try Self.stored(store) == before)
        }
    }

    @Test func badPlanFileExitsTwoNamingLineAndKeyAndCreatesNoStore() throws {
        try withStore { store, dir in
            let plan = dir.appendingPathComponent("bad.yaml")
            try "pools: [10.0.0.0/8]\nregions:\n  - name: x\n    zonez: 1\n".write(to: plan, atomically: true, encoding: .utf8)
            let r = try CLIRunner.run(["allocate", "--plan", plan.path, "--store", store])
            #expect(r.status == 2)
            #expect(r.stderr.contains("bad.yaml:4"))
            #expect(r.stderr.contains("zonez"))
            #expect(!FileManager.default.fileExists(atPath: store))
        }
    }

    @Test func theShippedExamplePlanAllocates() throws {
        try withStore { store, _ in
            let r = try CLIRunner.run(["allocate", "--plan", CLIRunner.fixture("plans/example.yaml"), "--store", store, "--format", "json"])
            #expect(r.status == 0, "\(r.stderr)")
            let rows = try Self.rows(r.stdout)
            #expect(rows.contains(Row(path: "aws/us-east-1/aws/us-east-1a/rack-2", kind: "rack", prefix: "10.16.8.0/22", family: 4, size: "1024")))
            #expect(rows.filter { $0.kind == "agent" }.count == 5)
            #expect(rows.allSatisfy { !$0.prefix.hasPrefix("10.31.") })
        }
    }

    @Test func dryRunWritesNothing() throws {
        try withStore { store, _ in
            let r = try CLIRunner.run(["allocate", "--zones", "2", "--store", store, "--dry-run"])
            #expect(r.status == 0)
            #expect(r.stdout.contains("zone region-1-b"))
            #expect(!FileManager.default.fileExists(atPath: store))
            #expect(try CLIRunner.run(["allocate", "--zones", "1", "--store", store]).status == 0)
            let before = try Self.stored(store)
            #expect(try CLIRunner.run(["allocate", "--zones", "4", "--store", store, "--dry-run"]).status == 0)
            #expect(try Self.stored(store) == before)
        }
    }

    @Test func releaseQuarantinesAndFreeReportsTheRest() throws {
        try withStore { store, _ in
            let base = ["allocate", "--store", store, "--pool", "10.0.0.0/16", "--no-ula", "--region-prefix", "16", "--zone-prefix", "18"]
            #expect(try CLIRunner.run(base + ["--zones", "2"]).status == 0)
            let rel = try CLIRunner.run(["release", "region-1/region-1-a", "--store", store])
            #expect(rel.status == 0)
            #expect(rel.stdout == "released 10.0.0.0/18 zone region-1/region-1-a\n")
            let free = try CLIRunner.run(["free", "--store", store, "--format", "json"])
            let object = try JSONSerialization.jsonObject(with: Data(free.stdout.utf8)) as? [String: Any]
            let pools = try #require(object?["pools"] as? [[String: Any]])
            // The region covers the whole pool: nothing is free, and the quarantined /18 is not either.
            #expect(pools.first?["free"] as? String == "0")
            #expect(try CLIRunner.run(base + ["--zones", "2"]).status == 0)
            let zones = try Self.stored(store).filter { $0.kind == "zone" }.map(\.prefix)
            #expect(zones == ["10.0.64.0/18", "10.0.128.0/18"])
            let reuse = try CLIRunner.run(["release", "nope", "--store", store])
            #expect(reuse.status == 2)
        }
    }

    @Test func freeListsMinimalCIDRs() throws {
        try withStore { store, _ in
            #expect(try CLIRunner.run(["allocate", "--store", store, "--pool", "10.0.0.0/8", "--no-ula", "--regions", "a", "--zones", "0",
                                       "--region-prefix", "12"]).status == 0)
            let r = try CLIRunner.run(["free", "--store", store])
            #expect(r.status == 0)
            #expect(r.stdout == """
                10.0.0.0/8 (underlay): 15728640 of 16777216 addresses free
                  10.16.0.0/12  1048576
                  10.32.0.0/11  2097152
                  10.64.0.0/10  4194304
                  10.128.0.0/9  8388608

                """)
        }
    }

    @Test func netboxCSVHasTheImportColumns() throws {
        try withStore { store, _ in
            let r = try CLIRunner.run(["allocate", "--zones", "1", "--store", store, "--no-ula", "--format", "netbox-csv"])
            let lines = r.stdout.split(separator: "\n")
            #expect(lines.first == "prefix,vrf,tenant,status,role,scope_type,scope_name,is_pool,mark_utilized,description,tags")
            #expect(lines.contains("10.0.0.0/16,,,container,,dcim.site,region-1-a,false,false,ipaudit zone region-1/region-1-a,ipaudit"))
        }
    }

    @Test func yamlOutputParsesWithTheSameContent() throws {
        try withStore { store, _ in
            let r = try CLIRunner.run(["allocate", "--zones", "1", "--store", store, "--format", "yaml"])
            #expect(r.status == 0)
            #expect(r.stdout.hasPrefix("allocations:\n  - path: \"region-1\"\n    kind: region\n    prefix: \"10.0.0.0/12\"\n"))
            #expect(r.stdout.contains("\npools:\n  - prefix: \"10.0.0.0/8\"\n"))
        }
    }

    @Test func twoExplicitHalvesOfALabPoolAreAccepted() throws {
        try withStore { store, _ in
            let r = try CLIRunner.run(["allocate", "--pool", "10.9.0.0/24", "--zones", "2", "--zone-prefix", "25", "--no-ula",
                                       "--store", store, "--format", "json"])
            #expect(r.status == 0, "\(r.stderr)")
            let rows = try Self.rows(r.stdout)
            #expect(rows.filter { $0.kind == "region" }.map(\.prefix) == ["10.9.0.0/24"])
            #expect(rows.filter { $0.kind == "zone" }.map(\.prefix) == ["10.9.0.0/25", "10.9.0.128/25"])
            #expect(r.stderr.contains("pool 10.9.0.0/24 is small: the pool gets room for 1 region, not 16; regions get room for 2 zones, not 16"))
        }
    }

    @Test func aLabPoolWithDefaultsGetsUsableZonesAndExplainsThem() throws {
        try withStore { store, _ in
            let r = try CLIRunner.run(["allocate", "--pool", "10.9.0.0/24", "--zones", "2", "--no-ula", "--store", store,
                                       "--dry-run", "--explain"])
            #expect(r.status == 0, "\(r.stderr)")
            #expect(r.stdout.contains("10.9.0.0/28 +") && r.stdout.contains("10.9.0.16/28 +"))
            #expect(!r.stdout.contains("/32"))
            #expect(r.stdout.contains("sizes IPv4: region /24 (shrunk headroom), zone /28 (default headroom, floor)\n"))
            #expect(r.stdout.contains("  region IPv4 /24: shrunk headroom; room for 1 region in the pool, not 16 (1 asked)\n"))
            #expect(r.stdout.contains("  zone IPv4 /28: default headroom; room for 16 zones in each region (2 asked); at the IPv4 floor /28\n"))
            #expect(r.stderr.contains("pool 10.9.0.0/24 is small"))
            #expect(!FileManager.default.fileExists(atPath: store))
            // The same explanation goes to stderr when stdout carries JSON.
            let json = try CLIRunner.run(["allocate", "--pool", "10.9.0.0/24", "--zones", "2", "--no-ula", "--store", store,
                                          "--dry-run", "--explain", "--format", "json"])
            #expect(try Self.rows(json.stdout).count == 3)
            #expect(json.stderr.contains("zone IPv4 /28: default headroom"))
        }
    }

    @Test func aSitePoolSplitsIntoTwoRegionsThreeZonesFourRacks() throws {
        try withStore { store, _ in
            let r = try CLIRunner.run(["allocate", "--pool", "10.9.0.0/22", "--regions", "2", "--zones", "3", "--racks", "4",
                                       "--no-ula", "--store", store, "--format", "json"])
            #expect(r.status == 0, "\(r.stderr)")
            let rows = try Self.rows(r.stdout)
            #expect(rows.filter { $0.kind == "region" }.map(\.prefix) == ["10.9.0.0/23", "10.9.2.0/23"])
            #expect(rows.filter { $0.kind == "zone" }.map(\.prefix)
                == ["10.9.0.0/25", "10.9.0.128/25", "10.9.1.0/25", "10.9.2.0/25", "10.9.2.128/25", "10.9.3.0/25"])
            let racks = rows.filter { $0.kind == "rack" }
            #expect(racks.count == 24 && racks.allSatisfy { $0.prefix.hasSuffix("/28") })
            #expect(Set(racks.map(\.prefix)).count == 24)
            #expect(r.stderr.contains("zones get room for 8 racks, not 16"))
            // Stable: the same command again adds nothing.
            let again = try CLIRunner.run(["allocate", "--pool", "10.9.0.0/22", "--regions", "2", "--zones", "3", "--racks", "4",
                                           "--no-ula", "--store", store, "--format", "json"])
            #expect(again.stdout == r.stdout)
        }
    }

    @Test func aPoolTooSmallEvenForAnExactFitExitsTwoWithTheArithmetic() throws {
        try withStore { store, _ in
            let r = try CLIRunner.run(["allocate", "--pool", "10.9.0.0/26", "--zones", "8", "--no-ula", "--store", store])
            #expect(r.status == 2)
            #expect(r.stdout.isEmpty)
            #expect(r.stderr.contains("the IPv4 pool 10.9.0.0/26 is too small"))
            #expect(r.stderr.contains("that needs a /25 pool (128 addresses), the pool has 64 addresses free"))
            #expect(r.stderr.contains("at most 4 zones per region"))
            #expect(r.stderr.contains("--zone-prefix 29"))
            #expect(r.stderr.contains("Nothing was written."))
        }
    }
}
