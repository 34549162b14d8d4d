/// The flushes of a watch that failed, kept under their ids until the store takes them.
///
/// A failed flush's outcome may be unknown (its COMMIT went out, the answer never came back,
/// and the retries ran out). Sending its frames again inside a later, bigger batch would count
/// them twice if that COMMIT did land; so the failed batch is sent again as it was, under its
/// own id (the store skips an id it has), before anything new, and what it stored is taken
/// off the ledger's next batch until the ledger's baseline moves past it.
public struct FlushBacklog: Sendable {
    /// Failed flushes, oldest first, to send again before anything new.
    public private(set) var unsaved: [UnsavedFlush] = []
    /// Frames stored by resent flushes since the ledger's last commit.
    private var stored: [ObservationLedger.Key: Int] = [:]

    public init() {}

    public mutating func failed(_ flush: UnsavedFlush) { unsaved.append(flush) }

    /// The oldest failed flush reached the store (written now or before).
    public mutating func resent() {
        let first = unsaved.removeFirst()
        for o in first.observations { stored[ObservationLedger.Key(o), default: 0] += o.frames }
    }

    /// The ledger committed a batch built by `fresh`: its baseline now covers what was resent.
    public mutating func committed() { stored.removeAll() }

    /// `batch` (the ledger's pending, counted from its last commit) less the frames resent
    /// flushes already stored, and less those still unsaved (they travel under their own ids).
    /// First and last seen are kept: sending them again changes nothing.
    public func fresh(_ batch: [Observation]) -> [Observation] {
        guard !stored.isEmpty || !unsaved.isEmpty else { return batch }
        var owed = stored
        for flush in unsaved { for o in flush.observations { owed[ObservationLedger.Key(o), default: 0] += o.frames } }
        return batch.map { o in
            var o = o
            o.frames = max(0, o.frames - (owed[ObservationLedger.Key(o)] ?? 0))
            return o
        }
    }
}
