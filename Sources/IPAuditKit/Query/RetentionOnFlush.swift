/// The watcher's store: each save is followed by the store's retention (when one is set), a
/// bounded part of it per flush so the capture thread never waits for a whole first prune.
/// "Now" is the newest sighting the flush saves, so a replayed capture keeps its own year, and
/// a flush with nothing to save prunes nothing. A failed prune is reported and never fails the
/// save (the watcher would save the batch again and count its frames twice).
public struct RetentionOnFlush: ObservationStoring, WireVerdictStoring, FlushIdentifiedStoring {
    public let store: any ObservationStoring & StoreRetaining & WireVerdictStoring
    /// Batches per flush; what is left waits for the next flush.
    public var batchesPerFlush = 1
    public var batch = 10_000
    public var onError: @Sendable (any Error) -> Void

    public init(store: any ObservationStoring & StoreRetaining & WireVerdictStoring, onError: @escaping @Sendable (any Error) -> Void) {
        self.store = store
        self.onError = onError
    }

    public func saveObservations(_ observations: [Observation]) throws {
        try store.saveObservations(observations)
        applyRetention(after: observations)
    }

    /// The watcher saves its verdicts with its observations: both pass through, then the retention.
    public func saveObservations(_ observations: [Observation], evaluation: WireEvaluation) throws {
        try store.saveObservations(observations, evaluation: evaluation)
        applyRetention(after: observations)
    }

    /// Flush ids pass through to a store that keeps them (PostgreSQL), then the retention.
    @discardableResult
    public func saveObservations(_ observations: [Observation], evaluation: WireEvaluation?, flush: FlushID,
                                 waitForServer: Bool) throws -> Bool {
        let written = try store.saveObservations(observations, evaluation: evaluation, flushIfSupported: flush,
                                                 waitForServer: waitForServer)
        if written { applyRetention(after: observations) }
        return written
    }

    public func openVerdicts() throws -> [StoredVerdict] { try store.openVerdicts() }
    public func linkCoverage() throws -> [LinkCoverage] { try store.linkCoverage() }
    public func wireState() throws -> WireState { try store.wireState() }

    private func applyRetention(after observations: [Observation]) {
        do {
            guard let now = observations.map(\.lastSeen).max(), let keep = try store.retention() else { return }
            let before = now - keep
            for _ in 0..<batchesPerFlush {
                let done = try store.pruneBatch(before: before, limit: batch)
                if done.observations < batch && done.events < batch { break }
            }
        } catch {
            onError(error)
        }
    }

    public func observations() throws -> [Observation] { try store.observations() }
}
