import Testing
@testable import IPAuditKit
import IPAuditTestSupport

/// Published examples come inside documentation pages (Markdown notes, the AWS CLI's
/// reStructuredText examples) or as command output: the refusal says what the file is,
/// not where a YAML parser gave up.
@Suite("Documents and text refused for what they are")
struct DocumentRefusalTests {
    static func refusal(_ name: String) throws -> String {
        try #require(throws: InputError.self) { try InventoryFixture.load("broken/\(name)") }.description
    }

    @Test("A Markdown page with a YAML block is named a Markdown document")
    func markdown() throws {
        let text = try Self.refusal("ipam-notes.md")
        #expect(text.contains("ipam-notes.md: a Markdown document, not an inventory"))
        #expect(text.contains("copy the example or output block you mean into a file of its own"))
        #expect(!text.contains("invalid YAML"))
    }

    @Test("An AWS CLI example page (reStructuredText) is named as such")
    func restructuredText() throws {
        let text = try Self.refusal("describe-vpcs-example.rst")
        #expect(text.contains("a reStructuredText document, not an inventory"))
    }

    @Test("Command output in a .txt file is plain text, with the line YAML stopped at")
    func commandOutput() throws {
        let text = try Self.refusal("ipam-check.txt")
        #expect(text.contains("ipam-check.txt:"))
        #expect(text.contains("plain text, not an inventory"))
        let ids = try Self.refusal("subnet-ids.txt")
        #expect(ids.contains("this file is plain text, not JSON or YAML records"))
    }

    @Test("Broken JSON names the line (the published example's single-quoted value is on line 6)")
    func brokenJSONLine() throws {
        let text = try Self.refusal("subnets-single-quote.json")
        #expect(text.contains("subnets-single-quote.json:6: not valid JSON"))
    }

    @Test("Not refused: YAML with comments and a Markdown-looking heading, JSON and CSV read as before")
    func realInventoriesStillRead() throws {
        var loader = InventoryLoader()
        let yaml = "# hosts of rack a\n- address: 10.75.0.1\n  name: a1\n"
        #expect(try loader.load(bytes: Array(yaml.utf8), file: "hosts.yaml", source: "hosts.yaml").count == 1)
        let csvInTxt = "address,name\n10.75.0.2,a2\n"
        #expect(try loader.load(bytes: Array(csvInTxt.utf8), file: "hosts.txt", source: "hosts.txt").count == 1)
        let json = #"[{"address": "10.75.0.3", "name": "a3"}]"#
        #expect(try loader.load(bytes: Array(json.utf8), file: "notes.md.json", source: "n").count == 1)
        #expect(ProseDocument.kind(file: "hosts.yaml", content: Array(yaml.utf8)) == nil)
    }
}

/// popeye publishes a `List` of Endpoints alone: the refusal names the kind it found.
@Suite("Kubernetes files of kinds ipaudit does not read")
struct KubernetesOtherKindsTests {
    @Test("A List of Endpoints only is refused naming Endpoints and what is read instead")
    func endpointsOnly() throws {
        let error = try #require(throws: InputError.self) { try InventoryFixture.load("broken/k8s-endpoints-only.yaml") }
        #expect(error.description.contains("2 objects of other kinds (Endpoints): ipaudit reads Nodes, Pods, Services"))
    }

    @Test("Beside nodes the other kinds are only counted, and the file reads")
    func endpointsBesideNodes() throws {
        let text = """
        {"apiVersion": "v1", "kind": "List", "items": [
         {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "n1"},
          "status": {"addresses": [{"type": "InternalIP", "address": "10.76.0.2"}]}},
         {"apiVersion": "v1", "kind": "Endpoints", "metadata": {"name": "web"}, "subsets": []}]}
        """
        var loader = InventoryLoader()
        let inv = try loader.load(bytes: Array(text.utf8), file: "mixed.json", source: "mixed.json")
        #expect(inv.count == 1)
        #expect(loader.lastTally.count(of: "objects of other kinds") == 1)
        #expect(KubernetesReader.kindNames(["Endpoints", "ConfigMap", "Endpoints", "Secret", "Lease", ""]) == "Endpoints, ConfigMap, Secret and 2 more")
    }
}

/// A `kubectl get blockaffinities -o yaml` pasted into an issue ends where the passage ended:
/// its last item is a stub of apiVersion and kind.
@Suite("Kubernetes lists cut short")
struct KubernetesCutListTests {
    @Test("A list whose last item is only apiVersion and kind is refused as cut short, at that item")
    func cutList() throws {
        let error = try #require(throws: InputError.self) { try InventoryFixture.load("broken/k8s-calico-affinities-cut.yaml") }
        #expect(error.description.contains("$.items[2]"))
        #expect(error.description.contains("the file looks cut short"))
        #expect(!error.description.contains("missing: a BlockAffinity has a spec.cidr"))
    }

    @Test("A whole list, and a lone item missing its field, keep their own readings")
    func notCut() throws {
        let whole = """
        {"apiVersion": "v1", "kind": "List", "items": [
         {"apiVersion": "crd.projectcalico.org/v1", "kind": "BlockAffinity", "metadata": {"name": "a"},
          "spec": {"cidr": "10.91.0.0/26", "deleted": "false", "node": "node-a", "state": "confirmed"}}]}
        """
        var loader = InventoryLoader()
        #expect(try loader.load(bytes: Array(whole.utf8), file: "aff.json", source: "aff.json").count == 1)
        let noCIDR = """
        {"apiVersion": "v1", "kind": "List", "items": [
         {"apiVersion": "crd.projectcalico.org/v1", "kind": "BlockAffinity", "metadata": {"name": "a"},
          "spec": {"cidr": "10.91.0.0/26", "deleted": "false", "node": "node-a", "state": "confirmed"}},
         {"apiVersion": "crd.projectcalico.org/v1", "kind": "BlockAffinity", "metadata": {"name": "b"},
          "spec": {"node": "node-b", "state": "confirmed"}}]}
        """
        let error = try #require(throws: InputError.self) {
            try loader.load(bytes: Array(noCIDR.utf8), file: "aff2.json", source: "aff2.json")
        }
        #expect(error.description.contains("missing: a BlockAffinity has a spec.cidr"))
    }
}
