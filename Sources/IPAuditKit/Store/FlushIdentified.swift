/// One flush of a long-running scanner: the run's random instance id and the flush's number
/// within the run. A store records the highest number saved per instance in the same
/// transaction as the rows, so a flush written again (a retry after a COMMIT whose answer was
/// lost, a spool file replayed twice) is recognised and never counted twice.
public struct FlushID: Sendable, Hashable, Codable, CustomStringConvertible {
    public var instance: String
    public var sequence: Int

    public init(instance: String, sequence: Int) {
        self.instance = instance
        self.sequence = sequence
    }

    public var description: String { "\(instance)#\(sequence)" }
}

/// A store that saves observations at most once per `FlushID` (PostgreSQL, where a COMMIT's
/// answer can be lost on the network; a SQLite commit is local and has no such doubt).
public protocol FlushIdentifiedStoring: ObservationStoring {
    /// Merges `observations` as `saveObservations` does, unless this flush (or a later one of
    /// its instance) was saved already. Returns whether it wrote. `waitForServer`: a server
    /// that is down is retried for the store's reconnect window (a watch's last flush) instead
    /// of failing at once (its periodic flushes, which must not stall the capture).
    /// `evaluation`: a watch's verdicts and coverage, written in the same transaction.
    @discardableResult
    func saveObservations(_ observations: [Observation], evaluation: WireEvaluation?, flush: FlushID,
                          waitForServer: Bool) throws -> Bool
}

/// What a flush could not write: kept in a spool file until a later run or `import` replays it.
public struct UnsavedFlush: Sendable, Codable {
    public var store: String
    public var flush: FlushID
    public var observations: [Observation]

    public init(store: String, flush: FlushID, observations: [Observation]) {
        self.store = store
        self.flush = flush
        self.observations = observations
    }
}

extension ObservationStoring {
    /// Saves through the flush id when the store keeps them, else as a plain merge.
    @discardableResult
    public func saveObservations(_ observations: [Observation], evaluation: WireEvaluation? = nil,
                                 flushIfSupported flush: FlushID, waitForServer: Bool) throws -> Bool {
        if let identified = self as? any FlushIdentifiedStoring {
            return try identified.saveObservations(observations, evaluation: evaluation, flush: flush, waitForServer: waitForServer)
        }
        if let evaluation, let wire = self as? any WireVerdictStoring {
            try wire.saveObservations(observations, evaluation: evaluation)
        } else {
            try saveObservations(observations)
        }
        return true
    }
}
