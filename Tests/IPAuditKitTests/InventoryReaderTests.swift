import Foundation
import Testing
@testable import IPAuditKit
import IPCore

@Suite("Inventory readers")
struct InventoryReaderTests {
    @Test("CSV: every field, labels, host-local network, line numbers")
    func csvFields() throws {
        let inv = try InventoryFixture.load("cluster.csv")
        #expect(inv.count == 16)
        let master = inv.record(at: 0)
        #expect(master.address == (try IPAddress("10.20.1.10")))
        #expect(master.name == "master-1" && master.role == .master)
        #expect(master.region == "dc1" && master.zone == "dc1-a" && master.rack == "rack-a1")
        #expect(master.mac == "52:54:00:00:01:10")
        #expect(master.labels == ["owner": "platform"])
        #expect(master.line == 4)  // two comment lines, then the header
        let task = inv.records.first { $0.name == "web.1" }!
        #expect(task.network == "dcos" && task.host == "10.20.1.21" && task.role == .app)
    }

    @Test("CSV, JSON and YAML of the same cluster give the same records")
    func formatsAgree() throws {
        func strip(_ r: InventoryRecord) -> InventoryRecord {
            var r = r; r.file = nil; r.line = nil; r.path = nil; r.source = ""; return r
        }
        let csv = try InventoryFixture.load("cluster.csv").records.map(strip)
        let json = try InventoryFixture.load("cluster.json").records.map(strip)
        let yaml = try InventoryFixture.load("cluster.yaml").records.map(strip)
        #expect(csv.count == 16)
        #expect(csv == json)
        #expect(csv == yaml)
    }

    @Test("CSV quoting: commas, doubled quotes and newlines inside quotes; CRLF; BOM")
    func csvQuoting() throws {
        let text = "\u{FEFF}address,name,notes\r\n10.0.0.1,\"a, b\",\"say \"\"hi\"\"\"\r\n10.0.0.2,c,\"two\nlines\"\r\n10.0.0.3,d,x\r\n"
        let inv = try InventoryFixture.csv(text)
        #expect(inv.count == 3)
        #expect(inv.record(at: 0).name == "a, b")
        #expect(inv.record(at: 0).labels["notes"] == "say \"hi\"")
        #expect(inv.record(at: 1).labels["notes"] == "two\nlines")
        #expect(inv.record(at: 2).line == 5)  // the quoted newline counts
    }

    @Test("A bad address names file, line and field")
    func csvBadAddress() throws {
        let error = try #require(throws: InputError.self) { try InventoryFixture.load("broken/bad-address.csv") }
        #expect(error.line == 3)
        #expect(error.field == "address")
        #expect(error.description.contains("bad-address.csv:3"))
        #expect(error.description.contains("octet above 255"))
    }

    @Test("Unknown roles are errors for addresses but labels for prefixes")
    func roles() throws {
        let error = try #require(throws: InputError.self) { try InventoryFixture.load("broken/bad-role.csv") }
        #expect(error.field == "role")
        let inv = try InventoryFixture.csv("prefix,role\n10.0.0.0/8,zone-underlay\n")
        #expect(inv.record(at: 0).labels["role"] == "zone-underlay")
        #expect(InventoryRole(text: "slave") == .agent)
        #expect(InventoryRole(text: "public_agent") == .publicAgent)
        #expect(InventoryRole(text: "hsrp") == .vrrp)
    }

    @Test("--skip-invalid keeps the good rows and reports the bad ones")
    func skipInvalid() throws {
        var loader = InventoryLoader(format: .auto, skipInvalid: true)
        let inv = try loader.load(path: InventoryFixture.path("broken/bad-address.csv"))
        #expect(inv.count == 2)
        #expect(loader.skipped.count == 1)
        #expect(loader.skipped.first?.line == 3)
    }

    @Test("Strictness: leading zeros, missing address, wrong field count, both address and prefix")
    func strictness() throws {
        #expect(throws: InputError.self) { try InventoryFixture.csv("address,name\n010.0.0.1,a\n") }
        #expect(throws: InputError.self) { try InventoryFixture.csv("address,name\n,a\n") }
        #expect(throws: InputError.self) { try InventoryFixture.csv("address,name\n10.0.0.1,a,b\n") }
        #expect(throws: InputError.self) { try InventoryFixture.csv("address,prefix\n10.0.0.1,10.0.0.0/8\n") }
        #expect(throws: InputError.self) { try InventoryFixture.csv("name,zone\na,b\n") }
        #expect(throws: InputError.self) { try InventoryFixture.csv("address,vlan\n10.0.0.1,5000\n") }
    }

    @Test("IPv4-mapped IPv6 is unmapped and remembered")
    func mapped() throws {
        let inv = try InventoryFixture.csv("address,name\n::ffff:10.1.2.3,a\n10.1.2.4,b\n")
        #expect(inv.record(at: 0).address == (try IPAddress("10.1.2.3")))
        #expect(inv.record(at: 0).mappedIPv4)
        #expect(!inv.record(at: 1).mappedIPv4)
    }

    @Test("YAML errors name the JSON path")
    func yamlPath() throws {
        let error = try #require(throws: InputError.self) { try InventoryFixture.load("broken/bad-record.yaml") }
        #expect(error.path == "$.records[1].address")
        #expect(error.field == "address")
    }

    @Test("Format detection from content")
    func detection() throws {
        func detect(_ name: String) throws -> InventoryFormat {
            let bytes = try InputReader.readAll(InventoryFixture.path(name))
            let json = try? JSONSerialization.jsonObject(with: Data(bytes))
            return InventoryFormat.detect(bytes, json: json, file: "noext")
        }
        #expect(try detect("cluster.csv") == .csv)
        #expect(try detect("cluster.json") == .json)
        #expect(try detect("cluster.yaml") == .yaml)
        #expect(try detect("mesos-state.json") == .mesos)
        #expect(try detect("marathon-apps.json") == .marathon)
        #expect(try detect("marathon-tasks.json") == .marathon)
        #expect(try detect("netbox-api-ip-addresses.json") == .netbox)
        #expect(try detect("netbox-prefixes.csv") == .csv)
        #expect(try detect("overlay-master-state.json") == .dcosOverlay)
    }
}

@Suite("Inventory merging")
struct InventoryMergeTests {
    @Test("Appending inventories keeps every field: text refs and interned ids are remapped")
    func merge() throws {
        let a = try InventoryFixture.load("cluster.csv")
        let b = try InventoryFixture.load("mesos-state.json")
        let c = try InventoryFixture.load("netbox-prefixes.csv")
        var merged = a
        merged.append(contentsOf: b)
        merged.append(contentsOf: c)
        #expect(merged.records == a.records + b.records + c.records)
    }
}
