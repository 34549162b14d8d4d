import IPAuditKit
import IPCore

/// Turns what one analyzer kept into findings: one per (domain, address, MAC set), never one
/// per packet. Runs the wire rules registered for its scope (`WireRules`), all of them over
/// one walk of the binding table: `note` first (facts across addresses: which MAC sets claim
/// several addresses, who probes in-use addresses, who answers alone for many), then `judge`
/// per address with its claims in order of first sight, then `conclude`.
struct VerdictEngine {
    let wire: WireState
    let scope: Rule.Scope

    func findings() -> [Finding] {
        var rules = WireRules.registered(for: scope).map { $0.init(wire) }
        for (key, entry) in wire.entries {
            let claims = entry.claims
            for i in rules.indices { rules[i].note(key, entry, claims: claims) }
        }
        var out: [Finding] = []
        for (key, entry) in wire.entries {
            let claims = entry.claims.sorted { $0.firstSeen < $1.firstSeen }
            for rule in rules { rule.judge(key, entry, claims: claims, into: &out) }
        }
        for rule in rules {
            #if DEBUG
            let before = out.count
            #endif
            rule.conclude(into: &out)
            #if DEBUG
            assert(out[before...].allSatisfy { type(of: rule).raises.contains($0.rule) }, "\(type(of: rule)) raised a rule it does not declare")
            #endif
        }
        return out
    }
}
