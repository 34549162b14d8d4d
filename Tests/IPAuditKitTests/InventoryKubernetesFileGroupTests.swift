import Foundation
import Testing
@testable import IPAuditKit
import IPAuditTestSupport

/// `kubectl get nodes -o json > nodes.json`, then pods, then services: files whose objects
/// refer to each other are one cluster without --cluster; files that share nothing stay apart.
@Suite("Kubernetes files of one cluster given together")
struct InventoryKubernetesFileGroupTests {
    typealias Cluster = GeneratedKubernetesCluster

    /// The generated cluster's items, its web pods labelled `app=web` (the selector of its
    /// `web` service, which the generator leaves out).
    static func items(_ cluster: Cluster) -> [[String: Any]] {
        (cluster.document()["items"] as! [[String: Any]]).map { item in
            var item = item
            var metadata = item["metadata"] as! [String: Any]
            if item["kind"] as? String == "Pod", (metadata["name"] as! String).hasPrefix("web-") {
                metadata["labels"] = ["app": "web"]
                item["metadata"] = metadata
            }
            return item
        }
    }

    static func write(_ kind: String, _ items: [[String: Any]], to url: URL) throws {
        let list: [String: Any] = ["apiVersion": "v1", "kind": "\(kind)List", "items": items]
        try JSONSerialization.data(withJSONObject: list).write(to: url)
    }

    /// The `web` service alone, as `kubectl get services -o yaml` writes it, with its selector.
    static let webServiceYAML = """
        apiVersion: v1
        kind: ServiceList
        items:
        - metadata: {namespace: apps, name: web}
          spec: {type: ClusterIP, clusterIP: 10.96.12.34, clusterIPs: [10.96.12.34], selector: {app: web}}

        """

    /// Reads `files` as audit and import do: grouped first, then one at a time.
    static func read(_ files: [URL], settings: KubernetesSettings = KubernetesSettings(), group: Bool = true)
        throws -> (inventory: Inventory, notes: [String: [String]]) {
        var loader = InventoryLoader(kubernetes: settings)
        if group { loader.groupKubernetesFiles(files.map(\.path)) }
        var inventory = Inventory()
        var notes: [String: [String]] = [:]
        for file in files {
            inventory.append(contentsOf: try loader.load(path: file.path))
            notes[file.lastPathComponent] = loader.lastTally.notes
        }
        return (inventory, notes)
    }

    static func clusters(_ inventory: Inventory) -> [String: Int] {
        Dictionary(grouping: inventory.records, by: { $0.labels[InventoryLabel.cluster] ?? "-" }).mapValues(\.count)
    }

    @Test("nodes.json, pods.json, services.yaml: one cluster; pods judged against their nodes' pod CIDRs, zoned by their nodes")
    func splitFilesAreOneCluster() throws {
        let dir = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let items = Self.items(Cluster(planted: [.podOutsideCIDR]))
        let nodes = dir.appendingPathComponent("nodes.json"), pods = dir.appendingPathComponent("pods.json")
        let services = dir.appendingPathComponent("services.yaml")
        try Self.write("Node", items.filter { $0["kind"] as? String == "Node" }, to: nodes)
        try Self.write("Pod", items.filter { $0["kind"] as? String == "Pod" }, to: pods)
        try Self.webServiceYAML.write(to: services, atomically: true, encoding: .utf8)

        let (inventory, notes) = try Self.read([nodes, pods, services])
        #expect(Self.clusters(inventory).keys.sorted() == ["nodes+pods+services"])
        // The stray pod (in no node's pod CIDR) is found; the clean rest, host-network pods on
        // their nodes included, is not.
        let report = InventoryFixture.audit(inventory)
        #expect(report.findings.map { "\($0.rule.id) \($0.entities)" } == [#"outside-overlay-slice ["nodes+pods+services:apps/stray"]"#])
        let web = try #require(inventory.records.first { $0.name == "apps/web-4-0" })
        #expect(web.zone == "eu-1b")
        #expect(notes["nodes.json"] == [#"one cluster "nodes+pods+services" with \#(pods.path), \#(services.path) (their pods run on each other's nodes or their services select each other's pods); --cluster NAME names it"#])
        #expect(notes["pods.json"] == [] && notes["services.yaml"] == [])

        // Read one by one as before (no grouping): three clusters, the stray pod unjudged.
        let (apart, _) = try Self.read([nodes, pods, services], group: false)
        #expect(Self.clusters(apart).keys.sorted() == ["nodes", "pods", "services"])
        #expect(InventoryFixture.audit(apart).with(Rule.outsideOverlaySlice).isEmpty)
    }

    @Test("A services file joins the pods file its selector picks from, and through it the nodes file")
    func serviceSelectorTies() throws {
        let dir = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let items = Self.items(Cluster())
        let whole = dir.appendingPathComponent("prod.json"), services = dir.appendingPathComponent("svc.yaml")
        try Self.write("", items, to: whole)
        try Self.webServiceYAML.write(to: services, atomically: true, encoding: .utf8)
        let (inventory, _) = try Self.read([whole, services])
        #expect(Self.clusters(inventory).keys.sorted() == ["prod+svc"])
        #expect(InventoryFixture.audit(inventory).findings.isEmpty)
        // A selector that picks nothing ties nothing.
        try Self.webServiceYAML.replacingOccurrences(of: "app: web", with: "app: nothing-here")
            .write(to: services, atomically: true, encoding: .utf8)
        #expect(Self.clusters(try Self.read([whole, services]).inventory).keys.sorted() == ["prod", "svc"])
    }

    @Test("Two whole clusters with the same node names and pod CIDRs share nothing: two clusters; ambiguous references tie nothing")
    func unrelatedFilesStayApart() throws {
        let dir = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let eu = dir.appendingPathComponent("eu.json"), us = dir.appendingPathComponent("us.json")
        try Self.write("", Self.items(Cluster(nodeNet: 30)), to: eu)
        try Self.write("", Self.items(Cluster(nodeNet: 31)), to: us)
        let (both, notes) = try Self.read([eu, us])
        #expect(Self.clusters(both) == ["eu": Cluster.cleanRecordCount, "us": Cluster.cleanRecordCount])
        #expect(InventoryFixture.audit(both).findings.isEmpty)
        #expect(notes.values.allSatisfy { $0.isEmpty })

        // Pods on worker-3 and a web service: eu and us both have them, so neither is chosen.
        let pods = dir.appendingPathComponent("pods.json"), services = dir.appendingPathComponent("svc.yaml")
        try Self.write("Pod", [["metadata": ["namespace": "apps", "name": "lone"], "spec": ["nodeName": "worker-3"],
                                "status": ["phase": "Running", "podIP": "10.244.3.77"]]], to: pods)
        try Self.webServiceYAML.write(to: services, atomically: true, encoding: .utf8)
        let (four, fourNotes) = try Self.read([eu, us, pods, services])
        #expect(Self.clusters(four).keys.sorted() == ["eu", "pods", "svc", "us"])
        #expect(fourNotes["pods.json"]?.first?.contains("give --cluster NAME") == true)
    }

    @Test("--cluster names one cluster for all files, as before; an unreadable file stands alone and reports itself")
    func explicitClusterAndBadFiles() throws {
        let dir = try TemporaryDirectory.make()
        defer { try? FileManager.default.removeItem(at: dir) }
        let items = Self.items(Cluster())
        let nodes = dir.appendingPathComponent("nodes.json"), pods = dir.appendingPathComponent("pods.json")
        try Self.write("Node", items.filter { $0["kind"] as? String == "Node" }, to: nodes)
        try Self.write("Pod", items.filter { $0["kind"] as? String == "Pod" }, to: pods)
        let (named, notes) = try Self.read([nodes, pods], settings: KubernetesSettings(cluster: "prod"))
        #expect(Self.clusters(named).keys.sorted() == ["prod"])
        #expect(notes.values.allSatisfy { $0.isEmpty })

        let broken = dir.appendingPathComponent("broken.json")
        try "{\"apiVersion\": \"v1\", \"kind\": \"PodList\", \"items\": [".write(to: broken, atomically: true, encoding: .utf8)
        var loader = InventoryLoader()
        loader.groupKubernetesFiles([nodes.path, broken.path, pods.path])
        _ = try loader.load(path: nodes.path)
        #expect(throws: InputError.self) { try loader.load(path: broken.path) }
        #expect(Set(try loader.load(path: pods.path).records.compactMap { $0.labels[InventoryLabel.cluster] }) == ["nodes+pods"])
    }
}
