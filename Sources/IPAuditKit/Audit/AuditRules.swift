/// An audit rule: judges one input (inventory, plan, the store's wire state) in one call.
protocol AuditRule: RuleEvaluator {
    static func check(_ c: AuditContext) -> [Finding]
}

extension AuditRule {
    static var scopes: Set<Rule.Scope> { [.audit] }
}

/// The audit's registry: `Auditor` runs exactly these, in this order. A new audit rule is a
/// type conforming to `AuditRule` and one line here (`RuleRegistryTests` finds one left out).
public enum AuditRules {
    static var registered: [any AuditRule.Type] { [
        DuplicateAddressRule.self,
        AddressSpaceRule.self,
        OutOfZoneRule.self,
        OverlaySliceRule.self,
        OverlappingAllocationRule.self,
        QuorumRule.self,
        PoolUtilizationRule.self,
        UnknownAddressRule.self,
        MACMismatchRule.self,
        StaleAddressRule.self,
        StaleAllocationRule.self,
        StoredVerdictRule.self,
    ] }

    /// The same list, as declarations: what the capture layer's `RuleRegistry` joins to its own.
    public static var evaluators: [any RuleEvaluator.Type] { registered }
}
