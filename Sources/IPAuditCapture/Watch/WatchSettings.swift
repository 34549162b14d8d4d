/// How often a watcher looks at its state and writes it out.
public struct WatchSettings: Sendable {
    /// Capture seconds between evaluations of the findings (stretched when one evaluation is
    /// slow, so a huge table costs at most a tenth of the time).
    public var evaluationInterval: Double = 1
    /// Wall seconds between writes of the store and the textfile (`--flush`); nil: only at the end.
    public var flushInterval: Double?
    /// A live capture: when the link is silent, its clock still moves (aging, flushes).
    public var live = false

    public init(evaluationInterval: Double = 1, flushInterval: Double? = nil, live: Bool = false) {
        self.evaluationInterval = evaluationInterval
        self.flushInterval = flushInterval
        self.live = live
    }
}
