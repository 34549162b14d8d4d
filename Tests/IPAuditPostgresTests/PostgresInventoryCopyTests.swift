import Foundation
import IPAuditKit
import IPCore
import Testing
@testable import IPAuditPostgres

/// Inventory bulk writes through COPY: what goes in comes back, odd text included, and an
/// inventory imported into PostgreSQL audits as its files do.
@Suite(.requires(.postgres)) struct PostgresInventoryCopyTests {
    static let files = ["fixtures/store/odd-rows.csv", "fixtures/store/odd-prefixes.csv"]
        .map { TestServer.repositoryRoot.appendingPathComponent($0).path }

    static func findings(_ run: FleetCLITests.Run) throws -> [String] {
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any], "\(run.stderr)")
        let findings = try #require(doc["findings"] as? [[String: Any]])
        return try findings.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: [.sortedKeys]), as: UTF8.self) }
    }

    @Test func importedThenAuditedMatchesTheFiles() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let direct = try FleetCLITests.run(["audit", "--format", "json"] + Self.files)
        #expect(direct.status == 1, "\(direct.stderr)")
        let imported = try FleetCLITests.run(["import", "--store", db.url] + Self.files)
        #expect(imported.status == 0, "\(imported.stderr)")
        let stored = try FleetCLITests.run(["audit", "--store", db.url, "--format", "json"])
        #expect(stored.status == 1, "\(stored.stderr)")
        let expected = try Self.findings(direct)
        #expect(expected.joined().contains("tâche-名前"))
        #expect(try Self.findings(stored) == expected)
    }

    /// The COPY text format's escapes (backslash, tab, newline, carriage return) and NULL
    /// against the literal text `\N`; labels and every optional field empty and full.
    @Test func copyRoundTripsEscapesAndNulls() throws {
        let db = try TestServer.freshDatabase()
        defer { db.drop() }
        let store = try PostgresStore(url: db.url)
        let records = [
            InventoryRecord(address: try IPAddress("10.0.0.1"), name: "back\\slash\ttab\nnew\rcr", role: .agent, region: "\\N",
                            zone: "z\t1", rack: "r", mac: "52:54:00:00:00:01", network: "dcos", vlan: 4095, host: "10.0.0.2",
                            live: false, labels: ["k\\": "v\n", "ü": "名前"], file: "a\\b.csv", line: 7, path: "$.x"),
            InventoryRecord(prefix: try IPPrefix("2001:db8::/48"), name: "", role: .other),
            InventoryRecord(address: try IPAddress("10.0.0.7"), mappedIPv4: true, name: "mapped", vlan: 0),
        ]
        try store.replaceInventory(source: "odd\tsource", with: records)
        var expected = records
        for i in expected.indices { expected[i].source = "odd\tsource" }
        #expect(try store.loadInventory() == expected)
        #expect(try store.inventorySources().map(\.source) == ["odd\tsource"])
        // A re-import replaces the rows; an empty one empties the source.
        try store.replaceInventory(source: "odd\tsource", with: [])
        #expect(try store.loadInventory().isEmpty)
    }
}
