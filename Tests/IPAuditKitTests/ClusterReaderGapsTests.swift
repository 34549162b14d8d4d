import Foundation
import Testing
@testable import IPAuditKit
import IPCore

/// Issue 26's reader gaps: Marathon pods, Services sharing a cluster IP, and files that are
/// something else (a Mesos event stream, NetBox devices) named for what they are.
@Suite("Cluster readers: Marathon pods, shared ClusterIPs, event streams and NetBox lists")
struct ClusterReaderGapsTests {
    static func load(_ text: String, file: String = "in.json") throws -> Inventory {
        var loader = InventoryLoader(format: .auto)
        return try loader.load(bytes: Array(text.utf8), file: file, source: file)
    }

    static func loadError(_ text: String, file: String = "in.json") -> String {
        do { _ = try load(text, file: file); return "" } catch { return "\(error)" }
    }

    @Test("Marathon groups with pods: a host-networked pod is its agents, an overlay pod's instances are its own, an app beside them is kept")
    func groupsWithPods() throws {
        let inventory = try InventoryFixture.load("marathon-groups-pods.json")
        let records = inventory.records
        // 5 host-network instances on 3 agents, 2 overlay instances (a third pending without
        // an address), and the app's one task.
        #expect(records.count == 8)
        let host = records.filter { $0.labels["pod_id"] == "/infra/metrics" }
        #expect(host.count == 5 && host.allSatisfy { $0.labels["host_network"] == "true" && $0.network == nil })
        #expect(Set(host.map(\.name)) == ["10.30.1.11", "10.30.1.12", "10.30.1.13"])
        #expect(host.first { $0.name == "10.30.1.12" }?.zone == "eu-west-1b")
        let overlay = records.filter { $0.labels["pod_id"] == "/infra/cache" }
        #expect(overlay.map { $0.address?.description } == ["9.0.1.130", "9.0.2.130"])
        #expect(overlay.allSatisfy { $0.network == "dcos" && $0.host != nil && $0.live })
        #expect(overlay[0].path == "$.groups[0].pods[1].instances[0].networks[0].addresses[0]")
        #expect(records.contains { $0.name == "infra_web.t1" && $0.address?.description == "9.0.3.130" })
        // Several instances on one agent are that agent, not a duplicate.
        let report = InventoryFixture.audit(inventory)
        #expect(report.with(.duplicateAddress).isEmpty)
    }

    @Test("Two pod instances on two agents with one overlay address are a duplicate")
    func podOverlayDuplicate() throws {
        var tree = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: InventoryFixture.path("marathon-groups-pods.json")))) as! [String: Any]
        var groups = tree["groups"] as! [[String: Any]]
        var pods = groups[0]["pods"] as! [[String: Any]]
        var instances = pods[1]["instances"] as! [[String: Any]]
        instances[1]["networks"] = [["name": "dcos", "addresses": ["9.0.1.130"]]]
        pods[1]["instances"] = instances; groups[0]["pods"] = pods; tree["groups"] = groups
        let text = String(decoding: try JSONSerialization.data(withJSONObject: tree), as: UTF8.self)
        let report = InventoryFixture.audit(try Self.load(text))
        let dup = report.with(.duplicateAddress)
        #expect(dup.map(\.address) == ["9.0.1.130"])
        #expect(dup.first?.entities == ["infra_cache.instance-0000", "infra_cache.instance-0001"])
    }

    @Test("GET /v2/pods/::status: a list of pod statuses is detected; a terminal instance is history; bridge addresses are host-local")
    func podStatusList() throws {
        let inventory = try InventoryFixture.load("marathon-pods-status.json")
        let records = inventory.records
        #expect(records.count == 2)
        #expect(records.allSatisfy { $0.network == "mesos-bridge" })
        #expect(records.first { $0.address?.description == "172.31.254.9" }?.live == false)
        #expect(records.first { $0.address?.description == "172.31.254.7" }?.live == true)
        // A list of ipaudit records is still records, not pods.
        let own = try Self.load(#"[{"address": "10.1.1.1", "name": "a"}]"#)
        #expect(own.records.count == 1)
    }

    static func service(_ name: String, _ ip: String, type: String = "ClusterIP", cluster: String? = nil) -> String {
        #"{"apiVersion":"v1","kind":"Service","metadata":{"namespace":"apps","name":"\#(name)"},"spec":{"type":"\#(type)","clusterIP":"\#(ip)","clusterIPs":["\#(ip)"]}}"#
    }

    static func serviceList(_ items: [String]) -> String {
        #"{"apiVersion":"v1","kind":"ServiceList","items":[\#(items.joined(separator: ","))]}"#
    }

    @Test("Two Services with one ClusterIP are a duplicate; one Service listed twice, or an ExternalName service, is not")
    func sharedClusterIP() throws {
        let two = try Self.load(Self.serviceList([Self.service("web", "10.96.0.20"), Self.service("api", "10.96.0.20")]))
        let dup = InventoryFixture.audit(two).with(.duplicateAddress)
        #expect(dup.map(\.address) == ["10.96.0.20"])
        #expect(dup.first?.entities.count == 2)

        let twice = try Self.load(Self.serviceList([Self.service("web", "10.96.0.20"), Self.service("web", "10.96.0.20")]))
        #expect(InventoryFixture.audit(twice).with(.duplicateAddress).isEmpty)

        let external = try Self.load(Self.serviceList([Self.service("web", "10.96.0.20"),
                                                       Self.service("alias", "10.96.0.20", type: "ExternalName")]))
        #expect(external.records.count == 1)
        #expect(InventoryFixture.audit(external).with(.duplicateAddress).isEmpty)

        // A VIP shared by design (a CSV row of role vip) stays shared.
        let vips = try InventoryFixture.csv("address,name,role\n10.0.0.9,lb-a,vip\n10.0.0.9,lb-b,vip\n")
        #expect(InventoryFixture.audit(vips).with(.duplicateAddress).isEmpty)
    }

    @Test("A Mesos SUBSCRIBE event stream is refused as an event stream, both framings")
    func eventStream() {
        let subscribed = #"{"type":"SUBSCRIBED","subscribed":{"get_state":{"get_agents":{"agents":[]}},"heartbeat_interval_seconds":15}}"#
        let heartbeat = #"{"type":"HEARTBEAT"}"#
        let lines = Self.loadError("\(subscribed)\n\(heartbeat)\n")
        #expect(lines.contains("event stream") && lines.contains("GET_STATE") && lines.contains("one JSON document per line"))
        let recordIO = Self.loadError("\(subscribed.utf8.count)\n\(subscribed)\n\(heartbeat.utf8.count)\n\(heartbeat)\n")
        #expect(recordIO.contains("event stream") && recordIO.contains("RecordIO"))
        // Two lines of ipaudit JSON records are not an event stream.
        let notStream = Self.loadError("{\"records\": [\n{\"address\": \"10.0.0.1\"}]}\n")
        #expect(notStream.isEmpty)
    }

    @Test("NetBox devices, virtual machines and IP ranges are named, not refused as address rows")
    func netBoxOtherLists() {
        func page(_ item: String) -> String { #"{"count":1,"next":null,"previous":null,"results":[\#(item)]}"# }
        let devices = Self.loadError(page(#"{"id":1,"url":"https://nb/api/dcim/devices/1/","name":"edge1","device_type":{"id":1},"primary_ip4":{"id":3,"family":4,"address":"10.0.0.1/24"}}"#))
        #expect(devices.contains("NetBox devices") && devices.contains("/api/ipam/ip-addresses/") && devices.contains("$.results[0]"))
        let vms = Self.loadError(page(#"{"id":1,"name":"vm1","vcpus":2,"primary_ip4":null}"#))
        #expect(vms.contains("NetBox virtual machines"))
        let ranges = Self.loadError(page(#"{"id":1,"family":{"value":4},"start_address":"10.0.0.10/24","end_address":"10.0.0.20/24"}"#))
        #expect(ranges.contains("NetBox IP ranges"))
        let csv = Self.loadError("vrf,start_address,end_address,status\n,10.0.0.10/24,10.0.0.20/24,active\n", file: "r.csv")
        #expect(csv.contains("IP-range export"))
        // An ip-addresses page still reads.
        #expect(Self.loadError(page(#"{"id":1,"family":{"value":4},"address":"10.0.0.1/24","status":{"value":"active"}}"#)).isEmpty)
    }
}
