import IPAuditKit
import IPCore

/// A verdict on what one analyzer kept. `VerdictEngine` makes one per evaluation from the
/// `WireState`, walks the binding table twice (`note`: facts across addresses, then `judge`:
/// each tracked address), then asks for what belongs to no one address (`conclude`: side
/// records, counts across addresses). One walk serves every rule: a million addresses are
/// read twice, not twice per rule.
protocol WireRule: RuleEvaluator {
    init(_ wire: WireState)
    mutating func note(_ key: BindingKey, _ entry: BindingEntry, claims: [MACClaim])
    /// `claims` in order of first sight.
    func judge(_ key: BindingKey, _ entry: BindingEntry, claims: [MACClaim], into out: inout [Finding])
    func conclude(into out: inout [Finding])
}

extension WireRule {
    mutating func note(_ key: BindingKey, _ entry: BindingEntry, claims: [MACClaim]) {}
    func judge(_ key: BindingKey, _ entry: BindingEntry, claims: [MACClaim], into out: inout [Finding]) {}
    func conclude(into out: inout [Finding]) {}
}

/// The wire's registry: `scan`, `scan --watch` and `probe` run the rules registered here for
/// their scope (`WireAnalyzer.scope`). A new wire rule is a type conforming to `WireRule` and
/// one line here (`RuleRegistryTests` finds one left out).
enum WireRules {
    static var registered: [any WireRule.Type] { [
        MultiMACRule.self,
        DuplicateAttemptRule.self,
        UnroutableBindingRule.self,
        OutsideRoutableBindingRule.self,
        UnknownBindingRule.self,
        ProxyARPRule.self,
        ARPMismatchRule.self,
        UnroutableSourceRule.self,
        HostSourceVerdicts.self,
        DHCPServerRules.self,
        RouterAdvertisementRules.self,
        LinkLocalSourceRule.self,
        ARPSpoofingRule.self,
    ] }

    static func registered(for scope: Rule.Scope) -> [any WireRule.Type] {
        registered.filter { $0.scopes.contains(scope) }
    }
}

/// Every rule type of every tool: the audit's, the wire's, and probe's own
/// (`unresponsive-address`, judged from the probes sent rather than from the table;
/// `mac-mismatch`, its answers against the records).
public enum RuleRegistry {
    static let probeOwn: [any RuleEvaluator.Type] = [UnresponsiveAddressRule.self, ProbeMACMismatchRule.self]

    public static var evaluators: [any RuleEvaluator.Type] {
        AuditRules.evaluators + WireRules.registered.map { $0 as any RuleEvaluator.Type } + probeOwn
    }

    public static func evaluators(for scope: Rule.Scope) -> [any RuleEvaluator.Type] {
        evaluators.filter { $0.scopes.contains(scope) }
    }
}
