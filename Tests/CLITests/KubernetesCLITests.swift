import Foundation
import Testing

/// The Kubernetes plan example end to end: allocate it, describe a cluster that follows it (node
/// addresses in the zones' blocks, pod CIDRs = the allocated agent slices), audit.
@Suite("Kubernetes plan, import and audit (CLI)")
struct KubernetesCLITests {
    let plan = CLIRunner.fixture("plans/kubernetes.yaml")

    /// A `kubectl get nodes,pods -o json` List whose nodes sit where the allocation put them.
    static func cluster(_ rows: [AllocateCLITests.Row], podCIDROf: (String) -> String? = { _ in nil }) throws -> [String: Any] {
        var items: [[String: Any]] = []
        for agent in rows.filter({ $0.kind == "agent" && $0.family == 4 }).sorted(by: { $0.path < $1.path }) {
            let parts = agent.path.split(separator: "/").map(String.init)  // region/zone/overlay/name
            let (region, zone, name) = (parts[0], parts[1], parts[3])
            let v6 = try #require(rows.first { $0.kind == "agent" && $0.family == 6 && $0.path == agent.path })
            let isControlPlane = name.hasPrefix("cp-")
            let block = try #require(rows.first { $0.path == "\(region)/\(zone)" + (isControlPlane ? "/control-plane" : "") && $0.family == 4 })
            // A host inside the block: control-plane nodes low in their /28, workers above it (the
            // control-plane role block is carved from the start of the zone's).
            let octets = block.prefix.split(separator: "/")[0].split(separator: ".").map { Int($0)! }
            let host = octets[3] + (isControlPlane ? 4 : 20) + Int(name.last!.wholeNumberValue!)
            let address = "\(octets[0]).\(octets[1]).\(octets[2]).\(host)"
            var labels: [String: Any] = ["topology.kubernetes.io/region": region, "topology.kubernetes.io/zone": zone]
            if isControlPlane { labels["node-role.kubernetes.io/control-plane"] = "" }
            let v4CIDR = podCIDROf(name) ?? agent.prefix
            items.append(["apiVersion": "v1", "kind": "Node", "metadata": ["name": name, "labels": labels],
                          "spec": ["podCIDRs": [v4CIDR, v6.prefix]],
                          "status": ["addresses": [["type": "InternalIP", "address": address]]]])
            // Offset by the node's number: two nodes given one CIDR still hold different addresses.
            let podIP = v4CIDR.replacingOccurrences(of: ".0/24", with: ".\(10 + Int(name.last!.wholeNumberValue!))")
            items.append(["apiVersion": "v1", "kind": "Pod", "metadata": ["namespace": "apps", "name": "web-\(name)"],
                          "spec": ["nodeName": name], "status": ["phase": "Running", "hostIP": address, "podIPs": [["ip": podIP]]]])
        }
        return ["apiVersion": "v1", "kind": "List", "items": items]
    }

    @Test("The shipped Kubernetes plan allocates; a cluster that follows it audits clean; a shared pod CIDR does not")
    func planAllocateAudit() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("ipaudit.db").path
        let r = try CLIRunner.run(["allocate", "--plan", plan, "--store", store, "--format", "json"])
        #expect(r.status == 0, "\(r.stderr)")
        let rows = try AllocateCLITests.rows(r.stdout)
        let slices = rows.filter { $0.kind == "agent" }
        #expect(slices.filter { $0.family == 4 }.count == 9 && slices.filter { $0.family == 6 }.count == 9)
        #expect(slices.allSatisfy { ($0.family == 4 && $0.prefix.hasPrefix("10.244.") && $0.prefix.hasSuffix("/24"))
            || ($0.family == 6 && $0.prefix.hasPrefix("fd00:10:244:") && $0.prefix.hasSuffix("/64")) })

        let file = dir.appendingPathComponent("prod-eu.json")
        try JSONSerialization.data(withJSONObject: try Self.cluster(rows)).write(to: file)
        let clean = try CLIRunner.run(["audit", file.path, "--plan", plan, "--store", store])
        #expect(clean.status == 0, "\(clean.stdout)\(clean.stderr)")

        // worker-4 given worker-1's pod CIDR: two nodes' pod CIDRs overlap.
        let worker1 = try #require(slices.first { $0.path.hasSuffix("/worker-1") && $0.family == 4 }).prefix
        let broken = dir.appendingPathComponent("broken.json")
        try JSONSerialization.data(withJSONObject: try Self.cluster(rows) { $0 == "worker-4" ? worker1 : nil }).write(to: broken)
        let bad = try CLIRunner.run(["audit", broken.path, "--cluster", "prod-eu", "--plan", plan, "--store", store, "--format", "json"])
        #expect(bad.status == 1, "\(bad.stdout)\(bad.stderr)")
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(bad.stdout.utf8)) as? [String: Any])
        let findings = try #require(doc["findings"] as? [[String: Any]])
        let reasons = findings.compactMap { ($0["evidence"] as? [String: Any])?["reason"] as? String }
        #expect(reasons.contains("two nodes' pod CIDRs overlap"), "\(findings)")
        #expect(findings.allSatisfy { $0["rule"] as? String == "overlapping-allocation" }, "\(findings)")
    }

    @Test("import: --format kubernetes, --cluster and --pod-network reach the reader; a bad address exits 2 naming its path")
    func importOptions() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let store = dir.appendingPathComponent("ipaudit.db").path
        let list = CLIRunner.fixture("inventory/k8s-kubectl-list.yaml")
        let r = try CLIRunner.run(["import", list, "--format", "kubernetes", "--cluster", "prod", "--store", store])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("21 records (kubernetes)"))
        #expect(try CLIRunner.run(["audit", "--store", store]).stdout.contains("control-plane node of cluster prod"))
        let bad = dir.appendingPathComponent("bad.json")
        try Data(#"{"apiVersion":"v1","kind":"PodList","items":[{"metadata":{"name":"p"},"status":{"podIP":"10.1.2"}}]}"#.utf8).write(to: bad)
        let failed = try CLIRunner.run(["import", bad.path, "--store", store])
        #expect(failed.status == 2)
        #expect(failed.stderr.contains("$.items[0].status.podIP"), "\(failed.stderr)")
        #expect(try CLIRunner.run(["import", list, "--pod-network", "bgp", "--store", store]).status != 0)
        #expect(try CLIRunner.run(["import", list, "--pod-ipam", "host-local", "--store", store]).status != 0)
    }

    @Test("import: --pod-network underlay stores pods in the underlay (two clusters' pods collide), overlay in each cluster's domain")
    func podNetworkReachesStore() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = CLIRunner.fixture("inventory/k8s-kubectl-list.json")
        func audit(_ extra: [String]) throws -> [[String: Any]] {
            let store = dir.appendingPathComponent("\(extra.joined()).db").path
            for cluster in ["eu", "us"] {
                let r = try CLIRunner.run(["import", list, "--cluster", cluster, "--source", cluster, "--store", store] + extra)
                #expect(r.status == 0, "\(r.stderr)")
            }
            let r = try CLIRunner.run(["audit", "--store", store, "--format", "json"])
            let doc = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
            // The nodes are the same machines in both imports: only pod duplicates (namespace/name) tell the modes apart.
            return (doc["findings"] as? [[String: Any]] ?? []).filter {
                $0["rule"] as? String == "duplicate-address" && ($0["entities"] as? [String] ?? []).contains { $0.contains("/") }
            }
        }
        // Overlay: each cluster's pods in its own domain, no pod duplicate.
        #expect(try audit([]).isEmpty)
        // Underlay: the fixture's running pod addresses (both families of web, the v4 of db) are held in both clusters.
        let routed = try audit(["--pod-network", "underlay"])
        let entities = routed.compactMap { $0["entities"] as? [String] }
        #expect(!routed.isEmpty && entities.allSatisfy { $0.count == 2 && $0[0].hasPrefix("eu:") && $0[1].hasPrefix("us:") }, "\(routed)")
        #expect(routed.allSatisfy { ($0["message"] as? String)?.contains("the underlay") == true })
    }

    @Test("audit: two files named alike in two directories exit 2 asking for --cluster; nothing is audited")
    func defaultClusterCollision() throws {
        let dir = try CLIRunner.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let list = try Data(contentsOf: URL(fileURLWithPath: CLIRunner.fixture("inventory/k8s-kubectl-list.json")))
        for region in ["eu", "us"] {
            try FileManager.default.createDirectory(at: dir.appendingPathComponent(region), withIntermediateDirectories: true)
            try list.write(to: dir.appendingPathComponent("\(region)/prod.json"))
        }
        let r = try CLIRunner.run(["audit", dir.appendingPathComponent("eu/prod.json").path, dir.appendingPathComponent("us/prod.json").path])
        #expect(r.status == 2, "\(r.stdout)\(r.stderr)")
        #expect(r.stderr.contains("us/prod.json") && r.stderr.contains("--cluster NAME") && r.stdout.isEmpty, "\(r.stderr)")
    }
}
