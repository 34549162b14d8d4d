import Foundation
import Testing
@testable import IPAuditKit
import IPAuditTestSupport

/// Support bundles and Insights archives hide addresses; the refusal must say the file is
/// redacted, not that an `x` or `*` is an unexpected character.
@Suite("Redacted exports")
struct RedactedExportTests {
    @Test("A support bundle's ***HIDDEN*** node address is refused as redacted, naming the node's field")
    func supportBundle() throws {
        let error = try #require(throws: InputError.self) { try InventoryFixture.load("broken/k8s-support-bundle-redacted-nodes.json") }
        #expect(error.description.contains("$.items[1].status.addresses[1].address"))
        #expect(error.description.contains("\"***HIDDEN***\" is a redacted value, not an address"))
        #expect(error.description.contains("export taken without redaction"))
        #expect(!error.description.contains("unexpected character"))
    }

    @Test("An Insights archive's xx.x.x.x node address is refused as redacted")
    func insightsArchive() throws {
        let error = try #require(throws: InputError.self) { try InventoryFixture.load("broken/k8s-insights-obfuscated-nodes.json") }
        #expect(error.description.contains("$.items[0].status.addresses[0].address"))
        #expect(error.description.contains("\"xx.x.x.x\" is a redacted value"))
    }

    @Test("A redacted pod CIDR (***HIDDEN***/25) is named as redacted too")
    func redactedPrefix() throws {
        let text = """
        {"kind": "NodeList", "apiVersion": "v1", "items": [{"metadata": {"name": "w1"},
         "spec": {"podCIDR": "***HIDDEN***/25"},
         "status": {"addresses": [{"type": "InternalIP", "address": "10.9.0.4"}]}}]}
        """
        var loader = InventoryLoader(format: .auto)
        let error = try #require(throws: InputError.self) {
            try loader.load(bytes: Array(text.utf8), file: "nodes.json", source: "nodes.json")
        }
        #expect(error.description.contains("podCIDR"))
        #expect(error.description.contains("\"***HIDDEN***/25\" is a redacted value"))
    }

    @Test("Mistyped addresses keep the parser's own reason: not called redacted")
    func typosAreNotRedactions() throws {
        for typo in ["10.0.0.256", "10.0.0.x", "node-a", "fe80::zz", "box.example"] {
            #expect(!RedactedValue.isRedacted(typo), "\(typo)")
        }
        for hidden in ["***HIDDEN***", "xx.x.xx.x", "XXX.XXX.XXX.XXX", "<redacted>", "xxxx:xxxx::x", "***HIDDEN***/25"] {
            #expect(RedactedValue.isRedacted(hidden), "\(hidden)")
        }
        let error = try #require(throws: InputError.self) { try InventoryFixture.csv("address,name\n10.0.0.x,a\n") }
        #expect(error.description.contains("unexpected character 'x'"))
        #expect(!error.description.contains("redacted"))
    }
}
