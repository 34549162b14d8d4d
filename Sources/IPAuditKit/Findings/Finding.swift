/// One problem found by `audit` or `scan`: the single findings model both report through.
///
/// `rule` is one of the catalogue's rules (`Rule`), whose id scripts and allow-lists key on;
/// `severity` starts from the rule's default. Scan findings also carry `macs`
/// (lower-case, colon-separated) and `vlan` (the VLAN stack, outermost first, empty when untagged).
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

    /// `severity` defaults to the catalogue's for `rule`; pass one only where the rule's own
    /// judgement differs (and the catalogue's `severityNote` says so).
    public init(rule: Rule, severity: Severity? = nil, address: String? = nil, entities: [String] = [],
                zone: String? = nil, message: String, evidence: [String: JSONValue] = [:],
                macs: [String]? = nil, vlan: [Int]? = nil) {
        self.rule = rule
        self.severity = severity ?? rule.defaultSeverity
        self.address = address
        self.entities = entities
        self.zone = zone
        self.message = message
        self.evidence = evidence
        self.macs = macs
        self.vlan = vlan
    }
}
