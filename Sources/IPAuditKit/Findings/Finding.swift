/// One problem found by `audit` or `scan`: the single findings model both report through.
///
/// `rule` is one of the catalogue's rules (`Rule`), whose id scripts and allow-lists key on;
/// `severity` is the rule's default, or the one of a reason the catalogue declares. Scan
/// findings also carry `macs` (lower-case, colon-separated) and `vlan` (the VLAN stack,
/// outermost first, empty when untagged).
public struct Finding: Hashable, Sendable, Codable {
    public var rule: Rule
    public var severity: Severity
    public var address: String?
    public var entities: [String]
    public var zone: String?
    public var message: String
    public var evidence: [String: JSONValue]
    public var macs: [String]?
    public var vlan: [Int]?

    /// The severity is the catalogue's for `rule`, or the one `reason` declares where the rule's
    /// own judgement differs (a reason belongs to one rule: passing another's is a programming error).
    public init(rule: Rule, because reason: Rule.SeverityReason? = nil, address: String? = nil, entities: [String] = [],
                zone: String? = nil, message: String, evidence: [String: JSONValue] = [:],
                macs: [String]? = nil, vlan: [Int]? = nil) {
        precondition(reason == nil || reason!.rule == rule, "\(reason!) is no reason of \(rule)")
        self.rule = rule
        self.severity = reason?.severity ?? rule.defaultSeverity
        self.address = address
        self.entities = entities
        self.zone = zone
        self.message = message
        self.evidence = evidence
        self.macs = macs
        self.vlan = vlan
    }
}
