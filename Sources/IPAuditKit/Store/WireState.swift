/// What the wire kept in a store, read in one transaction: the open verdicts and the watched
/// space, so `stale-address` never weighs coverage a later evaluation wrote against verdicts
/// from before it. Engines read it inside `auditState()`'s transaction too.
public struct WireState: Sendable {
    public var verdicts: [StoredVerdict]
    public var coverage: [LinkCoverage]

    public init(verdicts: [StoredVerdict] = [], coverage: [LinkCoverage] = []) {
        self.verdicts = verdicts
        self.coverage = coverage
    }
}

extension StoredAuditState {
    /// The one place an audit's state takes the wire's: `audit --store` (through the engines'
    /// `auditState()`) and `show` (on its slice) both set it from one `WireState`.
    public var wire: WireState {
        get { WireState(verdicts: wireVerdicts, coverage: coverage) }
        set { (wireVerdicts, coverage) = (newValue.verdicts, newValue.coverage) }
    }
}
