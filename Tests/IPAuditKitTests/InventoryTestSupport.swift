import Foundation
@testable import IPAuditKit
import IPCore

/// Paths of the shared fixtures and small helpers for inventory and audit tests.
enum InventoryFixture {
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fixtures/inventory")
    }

    static func path(_ name: String) -> String { root.appendingPathComponent(name).path }

    static func load(_ name: String, format: InventoryFormat = .auto) throws -> Inventory {
        var loader = InventoryLoader(format: format)
        return try loader.load(path: path(name))
    }

    static func csv(_ text: String, file: String = "test.csv") throws -> Inventory {
        var loader = InventoryLoader(format: .csv)
        return try loader.load(bytes: Array(text.utf8), file: file, source: file)
    }

    static func audit(_ inventory: Inventory, topology: AuditTopology = AuditTopology(), observations: [Observation] = [],
                      options: AuditOptions = AuditOptions()) -> FindingsReport {
        Auditor.audit(AuditInput(inventory: inventory, topology: topology, observations: observations, options: options))
    }

    static func plan() throws -> AuditTopology {
        var t = AuditTopology()
        t.add(plan: try Plan.load(path: path("plan.yaml")))
        return t
    }
}

extension FindingsReport {
    func rules() -> [String] { findings.map(\.rule.id) }
    func with(_ rule: String) -> [Finding] { findings.filter { $0.rule.id == rule } }
    func with(_ rule: Rule) -> [Finding] { findings.filter { $0.rule == rule } }
}
