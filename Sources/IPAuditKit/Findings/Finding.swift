/// One problem found by `audit` or `scan`: the single findings model both report through.
///
/// `rule` is a stable id (`duplicate-address`, `unroutable-address`, ...) that scripts and
/// allow-lists key on; `severity` defaults per rule. Scan findings also carry `macs`
/// (lower-case, colon-separated) and `vlan` (the VLAN stack, outermost first, empty when untagged).
public struct Finding: Hashable, Sendable, Codable {
    public var rule: String
    public var severity: Severity
    public var address: String?
    public var entities: [String]
    public var zone: String?
    public var message: String
    public var evidence: [String: JSONValue]
    public var macs: [String]?
    public var vlan: [Int]?

    public init(rule: String, severity: Severity, address: String? = nil, entities: [String] = [],
                zone: String? = nil, message: String, evidence: [String: JSONValue] = [:],
                macs: [String]? = nil, vlan: [Int]? = nil) {
        self.rule = rule
        self.severity = severity
        self.address = address
        self.entities = entities
        self.zone = zone
        self.message = message
        self.evidence = evidence
        self.macs = macs
        self.vlan = vlan
    }
}

/// The stable rule ids and their default severities.
public enum Rule {
    public static let duplicateAddress = "duplicate-address"
    public static let unroutableAddress = "unroutable-address"
    public static let outsideRoutableSpace = "outside-routable-space"
    public static let publicSpace = "public-space"
    public static let outOfZone = "out-of-zone"
    public static let outsideOverlaySlice = "outside-overlay-slice"
    public static let overlappingAllocation = "overlapping-allocation"
    public static let quorumAtRisk = "quorum-at-risk"
    public static let mastersNotSpread = "masters-not-spread"
    public static let poolUtilization = "pool-utilization"
    public static let unknownAddress = "unknown-address"
    public static let addressMoved = "address-moved"
    public static let duplicateAttempt = "duplicate-attempt"
    public static let macMismatch = "arp-mac-mismatch"
    public static let fhrpVirtualMAC = "fhrp-virtual-mac"
    public static let proxyARP = "proxy-arp"
    public static let arpFlux = "arp-flux"
    public static let allowListed = "allow-listed"
}
