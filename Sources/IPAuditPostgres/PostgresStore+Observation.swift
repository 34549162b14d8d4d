import IPAuditKit
import IPCore
import NIOConcurrencyHelpers
import PostgresNIO
import PostgresPackedRows

/// `ObservationStoring` on PostgreSQL: the same merge as SQLite (earliest first-seen,
/// latest last-seen, frames added); new stations travel through `COPY` (see `ObservationCopy`).
extension PostgresStore: FlushIdentifiedStoring {
    public func saveObservations(_ observations: [Observation]) throws {
        _ = try saveObservations(observations, flushID: nil, waitForServer: true)
    }

    /// With a flush id the save is idempotent (see `FlushIdentifiedStoring`), so it is retried
    /// after a lost COMMIT answer too: the retry finds the id recorded and writes nothing.
    /// A watch's verdicts (`evaluation`) share the transaction, as in `saveObservations(_:evaluation:)`.
    @discardableResult
    public func saveObservations(_ observations: [Observation], evaluation: WireEvaluation?, flush: FlushID,
                                 waitForServer: Bool) throws -> Bool {
        try saveObservations(observations, evaluation: evaluation, flushID: flush, waitForServer: waitForServer)
    }

    func saveObservations(_ observations: [Observation], evaluation: WireEvaluation? = nil, flushID: FlushID?,
                          waitForServer: Bool) throws -> Bool {
        // Without a flush id not idempotent (frames add up): retried only if COMMIT was never sent.
        try transaction(idempotent: flushID != nil, waitForServer: waitForServer) { s in
            if let flushID, !(try Self.claim(flushID, s)) { return false }
            try Self.writeObservations(s, observations)
            if let evaluation { try Self.writeEvaluation(s, evaluation, observations: observations) }
            return true
        }
    }

    /// The merge inside the caller's transaction (the wire's verdicts share it): the events the
    /// batch raises are recorded first, against what the store knew before it; new stations go
    /// through `COPY` (see `ObservationCopy`).
    static func writeObservations(_ s: PostgresSession, _ observations: [Observation]) throws {
        // One statement must not touch a row twice (ON CONFLICT would refuse): repeats merged first.
        try ObservationCopy.write(Observation.mergingRepeats(observations), s)
    }

    /// Records `flush` as its instance's highest; false if it (or a later one) was recorded already.
    /// Instances not heard from for 30 days are forgotten (one row per scanner run).
    static func claim(_ flush: FlushID, _ s: PostgresSession) throws -> Bool {
        let claimed = try s.query("""
            INSERT INTO observation_flush (instance, sequence) VALUES (\(flush.instance), \(Int64(flush.sequence)))
            ON CONFLICT (instance) DO UPDATE SET sequence = excluded.sequence, saved_at = now()
                WHERE observation_flush.sequence < excluded.sequence
            RETURNING sequence
            """)
        guard !claimed.isEmpty else { return false }
        try s.execute("DELETE FROM observation_flush WHERE saved_at < now() - interval '30 days'")
        return true
    }

    /// Every observation, ordered by address, domain, MAC (bytewise, as SQLite orders them).
    public func observations() throws -> [Observation] {
        try transaction(idempotent: true, begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { s in
            try Self.readObservations(s, location: location.description, ordered: true)
        }
    }

    /// Rows arrive one by one on the event loop; decoding them there avoids holding a
    /// million undecoded rows as well. The audit groups them itself, so it reads them unordered.
    static func readObservations(_ s: PostgresSession, location: String, ordered: Bool) throws -> [Observation] {
        let collected = NIOLockedValueBox([Observation]())
        let order = ordered ? " ORDER BY address, domain, mac" : ""
        try s.forEachRow(PostgresQuery(unsafeSQL: "SELECT \(observationLayout.sql) FROM observation\(order)")) { row in
            let observation = try Self.observation(row, location: location)
            collected.withLockedValue { $0.append(observation) }
        }
        return collected.withLockedValue { $0 }
    }
}

extension PostgresStore {
    /// The columns `observation(_:location:)` reads, in its order. `float8::text` is the
    /// shortest text that reads back to the same double (PostgreSQL 12 and later).
    static let observationLayout = PackedRow.Layout([
        "domain", "address", "mac", "first_seen::text", "last_seen::text", "frames::text",
    ])

    static func observation(_ row: PostgresRow, location: String) throws -> Observation {
        do {
            return try PackedRow.read(row, observationLayout) { f in
                let domain = try f.required { try $0.text() }, address = try f.required { try $0.text() }
                let macText = try f.required { try $0.text() }
                guard let ip = try? IPAddress(address), let mac = MACAddress(macText) else {
                    throw InputError(path: "observation", "address '\(address)', MAC '\(macText)' are not canonical")
                }
                let first = try f.required { try $0.double() }, last = try f.required { try $0.double() }
                let frames = try f.required { try $0.int() }
                return Observation(address: ip, mac: mac, domain: domain, firstSeen: first, lastSeen: last, frames: frames)
            }
        } catch {
            throw InputError(file: location, path: "observation", "stored row is corrupt: \(error)")
        }
    }
}

