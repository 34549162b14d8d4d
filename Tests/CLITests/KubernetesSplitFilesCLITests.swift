import Foundation
import Testing

/// `kubectl get nodes -o json > nodes.json`, the same for pods and services, then
/// `ipaudit audit nodes.json pods.json services.json`: one cluster, as `import` stores it too.
@Suite struct KubernetesSplitFilesCLITests {
    /// The fixture cluster split by kind into `dir`, with a pod placed on worker-1 at an address
    /// in cp-1's pod CIDR, the web pods labelled `app=web` and the web service selecting them.
    static func writeSplit(to dir: URL) throws -> [String] {
        let list = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: CLIRunner.fixture("inventory/k8s-kubectl-list.json")))) as! [String: Any]
        var items = list["items"] as! [[String: Any]]
        items.append(["kind": "Pod", "metadata": ["namespace": "apps", "name": "wrong"], "spec": ["nodeName": "worker-1"],
                      "status": ["phase": "Running", "hostIP": "10.30.1.11", "podIPs": [["ip": "10.244.0.99"]]]])
        items = items.map { item in
            var item = item, metadata = item["metadata"] as! [String: Any]
            let name = metadata["name"] as! String
            if item["kind"] as? String == "Pod", name.hasPrefix("web-") { metadata["labels"] = ["app": "web"] }
            if item["kind"] as? String == "Service", name == "web" {
                var spec = item["spec"] as! [String: Any]
                spec["selector"] = ["app": "web"]
                item["spec"] = spec
            }
            item["metadata"] = metadata
            return item
        }
        return try ["Node": "nodes.json", "Pod": "pods.json", "Service": "services.json"].sorted { $0.value < $1.value }.map { kind, file in
            let url = dir.appendingPathComponent(file)
            let document: [String: Any] = ["apiVersion": "v1", "kind": "\(kind)List", "items": items.filter { $0["kind"] as? String == kind }]
            try JSONSerialization.data(withJSONObject: document).write(to: url)
            return url.path
        }
    }

    static func findings(_ stdout: String) throws -> [[String: Any]] {
        let json = try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: Any]
        return try #require(json?["findings"] as? [[String: Any]])
    }

    @Test("audit nodes.json pods.json services.json: one cluster, the misplaced pod judged against its node's pod CIDR")
    func auditSplitFiles() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let files = try Self.writeSplit(to: dir)
        let r = try CLIRunner.run(["audit"] + files + ["--format", "json"])
        #expect(r.status == 1, "\(r.stderr)")
        let slices = try Self.findings(r.stdout).filter { $0["rule"] as? String == "outside-overlay-slice" }
        #expect(slices.compactMap { $0["entities"] as? [String] } == [["nodes+pods+services:apps/wrong"]], "\(r.stdout)")
        // No finding names a cluster of one file.
        let entities = try Self.findings(r.stdout).flatMap { $0["entities"] as? [String] ?? [] }
        #expect(!entities.contains { ["nodes:", "pods:", "services:"].contains(where: $0.hasPrefix) }, "\(entities)")
        #expect(r.stderr.contains(#"one cluster "nodes+pods+services""#) && r.stderr.contains("--cluster NAME names it"), "\(r.stderr)")

        // import stores them as one cluster too, each file still its own source.
        let store = dir.appendingPathComponent("s.db").path
        let imported = try CLIRunner.run(["import"] + files + ["--store", store])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("as source 'pods.json'") && imported.stdout.contains("as source 'services.json'"), "\(imported.stdout)")
        let stored = try CLIRunner.run(["audit", "--store", store, "--format", "json"])
        #expect(try Self.findings(stored.stdout).filter { $0["rule"] as? String == "outside-overlay-slice" }
            .compactMap { $0["entities"] as? [String] } == [["nodes+pods+services:apps/wrong"]], "\(stored.stdout)\(stored.stderr)")
    }

    @Test("audit eu.json us.json (whole clusters, the same names inside): two clusters, no note")
    func unrelatedFilesStayApart() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = try Data(contentsOf: URL(fileURLWithPath: CLIRunner.fixture("inventory/k8s-kubectl-list.json")))
        for name in ["eu", "us"] { try list.write(to: dir.appendingPathComponent("\(name).json")) }
        let r = try CLIRunner.run(["audit", dir.appendingPathComponent("eu.json").path, dir.appendingPathComponent("us.json").path, "--format", "json"])
        // Their nodes share addresses in the underlay (a duplicate); that is all they share.
        #expect(r.status == 0 || r.status == 1, "\(r.stdout)\(r.stderr)")
        #expect(!r.stderr.contains("one cluster"), "\(r.stderr)")
        let entities = try Self.findings(r.stdout).flatMap { $0["entities"] as? [String] ?? [] }
        #expect(entities.contains { $0.hasPrefix("eu:") } && entities.contains { $0.hasPrefix("us:") }, "\(entities)")
        #expect(!entities.contains { $0.contains("+") }, "\(entities)")
    }
}
