/// The findings a watcher has reported as open, and the diff that turns each new evaluation
/// into events: `open` for a finding not open before, `update` when an open one changed in
/// a way a reader cares about, `close` for one that is gone. A finding is never repeated
/// without such a change.
///
/// A finding is "the same" across evaluations when its rule, address, zone, entities (the L2
/// domain) and VLAN stack match; several findings sharing those (a mismatch per MAC pair, a
/// source per carrying MAC) are told apart by their MACs first, then paired in order.
public struct OpenFindings: Sendable {
    struct Identity: Hashable, Sendable {
        var rule: Rule
        var address: String?
        var zone: String?
        var entities: [String]
        var vlan: [Int]?

        init(_ f: Finding) {
            rule = f.rule
            address = f.address
            zone = f.zone
            entities = f.entities
            vlan = f.vlan
        }
    }

    private var open: [Identity: [Finding]] = [:]

    public init() {}

    /// How many findings are open.
    public var count: Int { open.values.reduce(0) { $0 + $1.count } }

    /// The open findings, in report order.
    public var findings: [Finding] { FindingsReport.inOrder(open.values.joined()) }

    /// Takes `current` as the open set and returns what changed since the last call, closes
    /// first, then opens and updates, each in report order.
    public mutating func update(to current: [Finding], time: Double) -> [FindingEvent] {
        var grouped: [Identity: [Finding]] = [:]
        for f in current { grouped[Identity(f), default: []].append(f) }
        var opened: [Finding] = [], updated: [Finding] = [], closed: [Finding] = []
        for (identity, now) in grouped {
            var before = open[identity] ?? []
            var unmatched: [Finding] = []
            // Same MACs first, so a second mismatch on an address does not look like a change of the first.
            for f in now {
                if let i = before.firstIndex(where: { $0.macs == f.macs }) {
                    if Self.differs(before[i], f) { updated.append(f) }
                    before.remove(at: i)
                } else {
                    unmatched.append(f)
                }
            }
            for f in unmatched {
                if before.isEmpty {
                    opened.append(f)
                } else {
                    let old = before.removeFirst()
                    if Self.differs(old, f) { updated.append(f) }
                }
            }
            closed += before
        }
        for (identity, before) in open where grouped[identity] == nil { closed += before }
        open = grouped
        return FindingsReport.inOrder(closed).map { FindingEvent(kind: .close, time: time, finding: $0) }
            + FindingsReport.inOrder(opened).map { FindingEvent(kind: .open, time: time, finding: $0) }
            + FindingsReport.inOrder(updated).map { FindingEvent(kind: .update, time: time, finding: $0) }
    }

    /// True when `new` says something `old` did not: another severity or MAC set, or evidence
    /// that differs once the keys the catalogue declares volatile for its rule (per-frame
    /// counters, latest times, what grows with the traffic: `Rule.volatileEvidence`) are set aside. The message is not compared: it
    /// is written from the evidence and counts frames ("02:…:0a (3 frames)"), so it changes
    /// with every refresh; what it says beyond the counts is in the evidence.
    static func differs(_ old: Finding, _ new: Finding) -> Bool {
        old.severity != new.severity || old.macs != new.macs
            || stable(old.evidence, old.rule) != stable(new.evidence, new.rule)
    }

    /// The evidence without the keys the rule's catalogue entry declares volatile (`Rule.volatileEvidence`).
    static func stable(_ evidence: [String: JSONValue], _ rule: Rule) -> [String: JSONValue] {
        stable(evidence, volatile: rule.volatileEvidence)
    }

    static func stable(_ evidence: [String: JSONValue], volatile: Set<String>) -> [String: JSONValue] {
        var out: [String: JSONValue] = [:]
        for (key, value) in evidence where !volatile.contains(key) { out[key] = stable(value, volatile: volatile) }
        return out
    }

    static func stable(_ value: JSONValue, volatile: Set<String>) -> JSONValue {
        switch value {
        case .object(let o): .object(stable(o, volatile: volatile))
        case .array(let a): .array(a.map { stable($0, volatile: volatile) })
        default: value
        }
    }
}
