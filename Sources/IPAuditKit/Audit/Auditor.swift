import IPCore

/// Runs every registered audit rule (`AuditRules`) over one input and returns the report.
///
/// Rules are independent functions of the input; each returns its findings. Only the
/// duplicate and address-space rules touch every row, and both work on integer columns.
public enum Auditor {
    public static func audit(_ input: AuditInput) -> FindingsReport {
        let context = AuditContext(input)
        var findings: [Finding] = []
        for rule in AuditRules.registered {
            let raised = rule.check(context)
            assert(raised.allSatisfy { rule.raises.contains($0.rule) }, "\(rule) raised a rule it does not declare")
            findings += raised
        }
        return FindingsReport(tool: "audit", findings: findings, stats: context.stats())
    }
}

/// The input plus what several rules share, computed once.
struct AuditContext {
    let input: AuditInput
    var inventory: Inventory { input.inventory }
    var options: AuditOptions { input.options }
    /// Per interned network id: true when addresses on it are host-local (never duplicates, never routed).
    let hostLocal: [Bool]
    /// The observations by address, for the rules that read the wire.
    let wire: ObservationGroups
    /// The stored wire verdicts still open, one per (domain, rule, subject).
    let verdicts: [StoredVerdict]
    /// Epoch seconds the ages are measured to: the store's latest news of the wire (its newest
    /// sighting or watched moment), not the audit's clock, so one store always audits the same.
    let now: Double

    init(_ input: AuditInput) {
        self.input = input
        wire = ObservationGroups(input.observations)
        verdicts = StoredVerdictRule.latest(input.wireVerdicts)
        now = input.options.now ?? max(input.observations.lazy.map(\.lastSeen).max() ?? 0,
                                       input.coverage.lazy.map(\.lastWatched).max() ?? 0)
        hostLocal = input.inventory.text.strings.map { HostLocalNetworks.names.contains($0.lowercased()) }
    }

    func network(_ i: Int) -> String? { inventory.optional(inventory.rows[i].network) }

    /// A row's evidence entry: enough to find it again in its source.
    func evidence(_ i: Int) -> JSONValue {
        let row = inventory.rows[i]
        var o: [String: JSONValue] = [
            "name": .string(inventory.name(i)), "role": .string(row.role.description),
            "source": .string(inventory.text.string(row.source)), "location": .string(inventory.location(i)),
        ]
        if let n = inventory.optional(row.network) { o["network"] = .string(n) }
        if let h = inventory.optional(row.host) { o["host"] = .string(h) }
        if let z = inventory.optional(row.zone) { o["zone"] = .string(z) }
        if let r = inventory.optional(row.rack) { o["rack"] = .string(r) }
        if let m = inventory.optional(row.mac) { o["mac"] = .string(m) }
        if !row.live { o["live"] = false }
        // Why the row is (or is not) its own entity.
        if inventory.isUnassigned(i) { o["unassigned"] = true }
        if inventory.isHostNetwork(i) { o["host_network"] = true }
        if let cluster = inventory.label(i, InventoryLabel.cluster) { o["cluster"] = .string(cluster) }
        if let task = inventory.label(i, "task_id") { o["task_id"] = .string(task) }
        return .object(o)
    }

    /// The zone all rows share, else nil.
    func commonZone(_ rows: [Int]) -> String? {
        guard let first = rows.first else { return nil }
        let z = inventory.rows[first].zone
        return z != 0 && rows.allSatisfy({ inventory.rows[$0].zone == z }) ? inventory.text.string(z) : nil
    }

    func stats() -> [String: JSONValue] {
        var hosts = 0, prefixes = 0, masters = 0
        for row in inventory.rows {
            if row.prefixLength >= 0 { prefixes += 1 } else { hosts += 1 }
            if row.role == .master && row.live && row.prefixLength < 0 { masters += 1 }
        }
        return ["records": .int(inventory.count), "addresses": .int(hosts), "prefixes": .int(prefixes),
                "masters": .int(masters), "observations": .int(input.observations.count),
                "topology_blocks": .int(input.topology.blocks.count)]
    }
}
