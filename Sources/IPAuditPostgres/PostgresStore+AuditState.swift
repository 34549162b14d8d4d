import Foundation
import IPAuditKit
import NIOConcurrencyHelpers
import PostgresNIO
import PostgresPackedRows

/// An audit's read: the inventory and the observations are the two million-row tables, so
/// they are read at once on two connections (the decoding runs on two event loops). The
/// second connection adopts the first one's exported snapshot, so both reads see the same
/// moment of the fleet even while scanners keep pushing. The second connection is a speed-up,
/// not a requirement: when it cannot be had (a role's connection limit, a pooler of one) or
/// breaks, the observations are read on the first connection, in the same snapshot.
extension PostgresStore: AuditStateReading {
    public func auditState() throws -> StoredAuditState {
        let location = self.location
        return try transaction(idempotent: true, begin: "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY") { s in
            guard let snapshot = try s.query("SELECT pg_export_snapshot()").first?.decode(String.self),
                  !snapshot.isEmpty, snapshot.allSatisfy({ $0.isHexDigit || $0 == "-" }) else {
                throw PostgresFailure(kind: .server, message: "the server exported no usable snapshot")
            }
            let observations = NIOLockedValueBox<Result<[Observation], any Error>?>(nil)
            let finished = DispatchSemaphore(value: 0)
            Thread.detachNewThread {
                let result = Result { try Self.readObservations(location: location, snapshot: snapshot) }
                observations.withLockedValue { $0 = result }
                finished.signal()
            }
            // Whatever happens here, the helper's result is collected before returning.
            let inventory: Inventory, allocations: AllocationState
            do {
                inventory = try Self.readInventory(s, location: location.description)
                allocations = try Self.readState(s, store: location.description)
            } catch {
                finished.wait()
                throw error
            }
            finished.wait()
            let seen: [Observation]
            switch observations.withLockedValue({ $0! }) {
            case .success(let rows):
                seen = rows
            case .failure(is PostgresFailure):
                // The helper's connection trouble is not this session's: read them here.
                seen = try Self.readObservations(s, location: location.description, ordered: false)
            case .failure(let error):
                throw error
            }
            var state = StoredAuditState(inventory: inventory, allocations: allocations, observations: seen)
            // The wire's verdicts and coverage from the same snapshot.
            state.wire = try Self.readWire(s, store: location.description)
            return state
        }
    }

    /// The observations, on a connection of their own, as of `snapshot`.
    private static func readObservations(location: PostgresLocation, snapshot: String) throws -> [Observation] {
        let session = try PostgresSession.connect(location)
        defer { session.close() }
        try session.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        try session.execute("SET TRANSACTION SNAPSHOT '\(snapshot)'")
        let seen = try readObservations(session, location: location.description, ordered: false)
        try session.execute("COMMIT")
        return seen
    }
}
