import Testing
@testable import IPAuditKit

/// One row builder behind every reader: the same row written as CSV, JSON, YAML or NetBox API
/// JSON means the same, and a bad one is refused with the same words, located in its format.
@Suite struct InventoryRowBuilderTests {
    static func load(_ text: String, file: String, format: InventoryFormat = .auto) -> Result<Inventory, InputError> {
        var loader = InventoryLoader(format: format)
        do { return .success(try loader.load(bytes: Array(text.utf8), file: file, source: "s")) }
        catch let error as InputError { return .failure(error) }
        catch { Issue.record("not an InputError: \(error)"); return .success(Inventory()) }
    }

    static func error(_ text: String, file: String, format: InventoryFormat = .auto) -> InputError? {
        if case .failure(let e) = load(text, file: file, format: format) { return e }
        return nil
    }

    static func describe(_ inventory: Inventory) -> [String] {
        inventory.records.map { r in
            "\(r.address.map { "\($0)" } ?? r.prefix!.description) \(r.name) \(r.role) \(r.zone ?? "-") \(r.network ?? "-") "
                + "\(r.live) \(r.vlan ?? -1) \(r.labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" })"
        }
    }

    @Test("CSV, JSON and YAML rows mean the same")
    func sameMeaning() throws {
        let csv = """
            address,prefix,name,role,zone,vrf,tags,status,vlan
            10.0.0.1,,db1,,z1,Global,"master,dcos",reserved,Servers (20)
            10.0.0.2,,,agent,z2,blue,,,
            ,10.0.1.0/24,,zone-underlay,,,,,
            """
        let json = """
            [{"address": "10.0.0.1", "name": "db1", "zone": "z1", "vrf": "Global", "tags": ["master", "dcos"], "status": "reserved", "vlan": "Servers (20)"},
             {"address": "10.0.0.2", "role": "agent", "zone": "z2", "vrf": "blue"},
             {"prefix": "10.0.1.0/24", "role": "zone-underlay"}]
            """
        let yaml = """
            - {address: 10.0.0.1, name: db1, zone: z1, vrf: Global, tags: "master,dcos", status: reserved, vlan: "Servers (20)"}
            - {address: 10.0.0.2, role: agent, zone: z2, vrf: blue}
            - {prefix: 10.0.1.0/24, role: zone-underlay}
            """
        let expected = [
            "10.0.0.1 db1 master z1 - false 20 [\"tags=master,dcos\"]",
            "10.0.0.2 10.0.0.2 agent z2 blue true -1 [\"unassigned=true\", \"vrf=blue\"]",
            "10.0.1.0/24 10.0.1.0/24 other - - true -1 [\"role=zone-underlay\"]",
        ]
        for (text, file) in [(csv, "i.csv"), (json, "i.json"), (yaml, "i.yaml")] {
            guard case .success(let inventory) = Self.load(text, file: file) else { Issue.record("\(file) refused"); continue }
            #expect(Self.describe(inventory) == expected, "\(file)")
        }
        // A prefix role on a host address is refused the same way everywhere.
        for (text, file) in [("address,role\n10.0.1.5,zone-underlay", "h.csv"), (#"[{"address": "10.0.1.5", "role": "zone-underlay"}]"#, "h.json"),
                             ("- {address: 10.0.1.5, role: zone-underlay}", "h.yaml")] {
            let e = try #require(Self.error(text, file: file))
            #expect(e.message == "unknown role \"zone-underlay\" (expected master, agent, public-agent, app, vip, anycast, vrrp or other)", "\(file)")
            #expect(e.field == "role")
        }
    }

    @Test("One set of error texts: file, then line (CSV) or JSON path, and the field")
    func sameErrors() throws {
        let cases: [(csv: String, json: String, field: String, message: String)] = [
            ("address,prefix\n10.0.0.1,10.0.0.0/24", #"[{"address": "10.0.0.1", "prefix": "10.0.0.0/24"}]"#,
             "prefix", "a record holds either an address or a prefix, not both"),
            ("address,name\n,x", #"[{"name": "x"}]"#, "address", "missing: every record needs an address (or a prefix for a subnet)"),
            ("address,vlan\n10.0.0.1,5000", #"[{"address": "10.0.0.1", "vlan": 5000}]"#,
             "vlan", "VLAN must be a number from 0 to 4095 (or 'name (vid)'), found \"5000\""),
            ("address,role\n10.0.0.1,boss", #"[{"address": "10.0.0.1", "role": "boss"}]"#,
             "role", "unknown role \"boss\" (expected master, agent, public-agent, app, vip, anycast, vrrp or other)"),
        ]
        for c in cases {
            let fromCSV = try #require(Self.error(c.csv, file: "i.csv"))
            let fromJSON = try #require(Self.error(c.json, file: "i.json"))
            #expect(fromCSV.message == c.message && fromJSON.message == c.message, "\(fromCSV) / \(fromJSON)")
            #expect(fromCSV.field == c.field && fromJSON.field == c.field)
            #expect(fromCSV.file == "i.csv" && fromCSV.line == 2 && fromCSV.path == nil)
            #expect(fromJSON.file == "i.json" && fromJSON.line == nil && fromJSON.path?.hasPrefix("$[0]") == true)
        }
        // NetBox API JSON goes through the same builder: its bad VLAN is said the same way.
        let netbox = #"{"count": 1, "results": [{"id": 1, "family": {"value": 4}, "address": "10.0.0.1/24", "vlan": {"vid": 9999}}]}"#
        let e = try #require(Self.error(netbox, file: "n.json"))
        #expect(e.message.hasPrefix("VLAN must be a number from 0 to 4095") && e.path == "$.results[0].vlan")
    }

    @Test("Formats come from one registration: --format values, detection, refusals")
    func registeredFormats() {
        let names = InventoryFormats.registered.map(\.format.rawValue)
        #expect(InventoryFormat.allCases.map(\.rawValue) == ["auto"] + names)
        #expect(Set(names).count == names.count)
        #expect(InventoryFormat.choices == "auto, csv, json, yaml, mesos, marathon, netbox, dcos-overlay, kubernetes, aws, azure, gcp, terraform or dnsmasq-leases")
        for name in names { #expect(InventoryFormat(rawValue: name)?.entry != nil, "\(name)") }
        #expect(InventoryFormat(rawValue: "xml") == nil)
        // Every format has a reader of what its syntax gives (CSV's builds its columns in place);
        // every signature names itself in a refusal.
        for entry in InventoryFormats.registered {
            if case .bytes = entry.syntax {
                #expect(entry.read == nil)
                #expect((entry.readBytes == nil) == (entry.format == .csv), "\(entry.format)")
            } else {
                #expect(entry.read != nil && entry.readBytes == nil, "\(entry.format)")
            }
            if let signature = entry.signature {
                #expect(InventoryFormat.unrecognized([String: Any]()).contains(signature.looksLike))
            }
        }
    }
}
