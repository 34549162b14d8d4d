extension Rule {
    /// Why a finding carries another severity than its rule's default: declared here, once, so
    /// no rule restates a severity. A finding passes one to `Finding(rule:because:)`; the rule
    /// table's severity column and `ipaudit rules` print the notes.
    public enum SeverityReason: String, CaseIterable, Sendable {
        case discouragedSpace
        case leaseAfterAPIPA
        case inferredFromHostTraffic
        case workableMasterCount
        case unzonedMasters
        case utilizationAtErrorLevel

        public var rule: Rule {
            switch self {
            case .discouragedSpace, .leaseAfterAPIPA: .unroutableAddress
            case .inferredFromHostTraffic: .outsideRoutableSpace
            case .workableMasterCount: .quorumAtRisk
            case .unzonedMasters: .mastersNotSpread
            case .utilizationAtErrorLevel: .poolUtilization
            }
        }

        public var severity: Severity {
            switch self {
            case .discouragedSpace, .leaseAfterAPIPA, .inferredFromHostTraffic, .workableMasterCount, .unzonedMasters: .warning
            case .utilizationAtErrorLevel: .error
            }
        }

        public var note: String {
            switch self {
            case .discouragedSpace: "warning for discouraged space"
            case .leaseAfterAPIPA: "warning for a 169.254/16 address its MAC left for an ordinary one later in the capture (DHCP answered late)"
            case .inferredFromHostTraffic: "warning when scan infers it from IP headers a host MAC carried, not from a binding"
            case .workableMasterCount: "warning for 1, 7 or 9 masters"
            case .unzonedMasters: "warning when masters have no zone, so the spread cannot be checked"
            case .utilizationAtErrorLevel: "error at or above `--utilization-error`, 95 %"
            }
        }
    }
}
