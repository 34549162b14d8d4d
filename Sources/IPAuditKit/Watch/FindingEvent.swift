/// One change in the set of open findings while `scan --watch` runs: a finding opened, changed
/// (a new MAC, new evidence, another severity or message) or closed (its state aged out).
public struct FindingEvent: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case open
        case update
        case close
    }

    public var kind: Kind
    /// Capture time (epoch seconds) of the evaluation that saw the change.
    public var time: Double
    /// The finding as now (open, update) or as last reported (close).
    public var finding: Finding

    public init(kind: Kind, time: Double, finding: Finding) {
        self.kind = kind
        self.time = time
        self.finding = finding
    }

    enum CodingKeys: String, CodingKey {
        case kind = "event"
        case time
        case finding
    }
}
