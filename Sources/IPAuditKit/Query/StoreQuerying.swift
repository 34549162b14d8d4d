import IPCore

/// What `show` and `history` ask a store: narrow, indexed reads about one address, MAC or
/// prefix, so an answer never reads the whole store. Both engines conform; every call is one
/// read-only transaction.
public protocol StoreQuerying: Sendable {
    /// Inventory records holding `address`, and prefix records whose prefix contains it.
    func inventoryRecords(naming address: IPAddress) throws -> [InventoryRecord]
    /// Inventory prefix records that overlap `prefix` (subnets listed in an inventory).
    func inventoryPrefixes(overlapping prefix: IPPrefix) throws -> [InventoryRecord]
    /// Every stored observation of `address` (canonical text), in every L2 domain.
    func observations(address: String) throws -> [Observation]
    /// Every stored observation of `mac` (lower-case, colon-separated).
    func observations(mac: String) throws -> [Observation]
    /// Distinct addresses inside `prefix` that an inventory record or an observation names,
    /// in address order, after `after` (exclusive), at most `limit`.
    func addresses(inside prefix: IPPrefix, after: IPAddress?, limit: Int) throws -> [IPAddress]
    /// The latest last-seen of any observation (nil for none): the store's latest news of the wire.
    func latestSighting() throws -> Double?
    /// Recorded wire events matching `filter`, in time order.
    func wireEvents(_ filter: WireEventFilter) throws -> [WireEvent]
}

/// Which events `history` asks for. Address and MAC are canonical text.
public struct WireEventFilter: Sendable, Equatable {
    public var address: String?
    public var mac: String?
    /// Epoch seconds: events at or after it.
    public var since: Double?

    public init(address: String? = nil, mac: String? = nil, since: Double? = nil) {
        self.address = address
        self.mac = mac
        self.since = since
    }
}

/// Retention: removing what the wire said before a bound, in bounded transactions so a
/// watcher writing the same store never waits long.
public protocol StoreRetaining: Sendable {
    /// Deletes at most `limit` observations last seen before `before` and at most `limit`
    /// events older than it, in ONE transaction. Returns how many of each went.
    func pruneBatch(before: Double, limit: Int) throws -> PruneCount
    /// The retention the store keeps (seconds), nil when none is set.
    func retention() throws -> Double?
    /// Sets (nil: clears) the retention the watcher applies at each flush.
    func setRetention(_ seconds: Double?) throws
}

public struct PruneCount: Sendable, Equatable, Codable {
    public var observations: Int
    public var events: Int

    public init(observations: Int = 0, events: Int = 0) {
        self.observations = observations
        self.events = events
    }
}

extension StoreRetaining {
    /// Prunes in transactions of at most `batch` rows of each table until nothing older is left.
    /// A kill between two batches leaves every committed batch done and every newer row kept.
    public func prune(before: Double, batch: Int = 10_000, afterBatch: (PruneCount) -> Void = { _ in }) throws -> PruneCount {
        var total = PruneCount()
        while true {
            let done = try pruneBatch(before: before, limit: batch)
            total.observations += done.observations
            total.events += done.events
            afterBatch(total)
            if done.observations < batch && done.events < batch { return total }
        }
    }
}

/// The key the retention setting is kept under on both engines.
public enum StoreSettingKey {
    public static let retentionSeconds = "retention_seconds"
}
