import Foundation
@testable import IPAuditKit
import IPCore

/// Small helpers for inventory and audit tests (the fixtures' paths and loaders are in
/// IPAuditTestSupport).
extension InventoryFixture {
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
